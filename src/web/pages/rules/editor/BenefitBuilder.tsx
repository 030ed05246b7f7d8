import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, InputNumber, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useFormat } from '../../../format/useFormat.ts';
import { BoundInput } from './BoundInput.tsx';
import { FactSelect } from './FactSelect.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { BENEFIT_KINDS, newBenefit, type Benefit } from './nodes.ts';
import { RangeInput } from './RangeInput.tsx';
import { SourceSentence } from './SourceSentence.tsx';

interface Props {
  value: Benefit;
  onChange: (benefit: Benefit) => void;
  onRemove?: () => void;
  path: string;
}

function withSource(benefit: Benefit, source: string | undefined): Benefit {
  const { source: _old, ...rest } = benefit;
  return (source === undefined ? rest : { ...rest, source }) as Benefit;
}

/** "up to" and the optional cap that rate and per-unit sums share. */
function CapFields({
  cap,
  upTo,
  onChange,
}: {
  cap: number | undefined;
  upTo: boolean | undefined;
  onChange: (cap: number | undefined, upTo: boolean) => void;
}) {
  const { t } = useFormat();
  return (
    <Space wrap>
      <MoneyInput
        label={t('editor.cap')}
        value={cap ?? null}
        onChange={(v) => onChange(v ?? undefined, upTo === true)}
      />
      <Checkbox checked={upTo === true} onChange={(e) => onChange(cap, e.target.checked)}>
        {t('editor.upTo')}
      </Checkbox>
    </Space>
  );
}

/** Sets `cap` and `upTo` on a rate or per-unit benefit, leaving them out when unset (the format's defaults). */
function capped<T extends { cap?: number; upTo?: boolean }>(benefit: T, cap: number | undefined, upTo: boolean): T {
  const { cap: _cap, upTo: _upTo, ...rest } = benefit;
  return { ...rest, ...(cap !== undefined ? { cap } : {}), ...(upTo ? { upTo } : {}) } as T;
}

/** A row of a tiers or schedule list: its own fields, a remove button, and the benefit it leads to. */
function NestedBenefit({
  path,
  benefit,
  onBenefit,
  onRemove,
  children,
}: {
  path: string;
  benefit: Benefit;
  onBenefit: (benefit: Benefit) => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useFormat();
  return (
    <div className="builder-node" data-path={path}>
      <Flex gap="small" wrap align="center">
        {children}
        <Button danger size="small" icon={<DeleteOutlined />} aria-label={t('editor.remove')} onClick={onRemove} />
      </Flex>
      <BenefitBuilder path={`${path}.benefit`} value={benefit} onChange={onBenefit} />
    </div>
  );
}

/** One node of the benefit formula and its parts: fixed, rate, per unit, tiers, schedule or sum. */
export function BenefitBuilder({ value, onChange, onRemove, path }: Props) {
  const { t } = useFormat();
  let body: ReactNode;
  switch (value.kind) {
    case 'fixed':
      body = (
        <Space wrap>
          <MoneyInput
            label={t('editor.amount')}
            value={value.amount}
            onChange={(v) => onChange({ ...value, amount: v ?? 0 })}
          />
          <Checkbox checked={value.upTo === true} onChange={(e) => onChange({ ...value, upTo: e.target.checked })}>
            {t('editor.upTo')}
          </Checkbox>
        </Space>
      );
      break;
    case 'rate':
    case 'perUnit': {
      // The same fields, a rate in % of the fact or a sum in 元 per unit of it; `key` is the field that holds it.
      const key = value.kind;
      const current = value.kind === 'rate' ? value.rate : value.perUnit;
      body = (
        <Space wrap>
          <FactSelect numeric value={value.of} onChange={(of) => onChange({ ...value, of })} />
          <RangeInput
            label={t(`editor.${key}`)}
            unit={key === 'rate' ? '%' : '元'}
            value={current}
            onChange={(range) => onChange({ ...value, [key]: range } as Benefit)}
          />
          <CapFields cap={value.cap} upTo={value.upTo} onChange={(cap, upTo) => onChange(capped(value, cap, upTo))} />
        </Space>
      );
      break;
    }
    case 'tiers': {
      const tiers = value.tiers;
      const setTier = (i: number, tier: (typeof tiers)[number]) =>
        onChange({ ...value, tiers: tiers.map((old, j) => (j === i ? tier : old)) });
      body = (
        <>
          <FactSelect numeric value={value.of} onChange={(of) => onChange({ ...value, of })} />
          {tiers.map((tier, i) => {
            const [loIn, hiIn] = tier.inclusive ?? [true, true];
            return (
              <NestedBenefit
                key={i}
                path={`${path}.tiers[${i}]`}
                benefit={tier.benefit}
                onBenefit={(benefit) => setTier(i, { ...tier, benefit })}
                onRemove={() => onChange({ ...value, tiers: tiers.filter((_, j) => j !== i) })}
              >
                <Typography.Text strong>{t('editor.tier', { n: i + 1 })}</Typography.Text>
                <BoundInput
                  fact={value.of}
                  label={t('editor.lower')}
                  value={tier.min}
                  inclusive={loIn}
                  onChange={(v, inc) => setTier(i, { ...tier, min: v, inclusive: [inc, hiIn] })}
                />
                <Typography.Text>{t('editor.to')}</Typography.Text>
                <BoundInput
                  fact={value.of}
                  label={t('editor.upper')}
                  value={tier.max}
                  inclusive={hiIn}
                  onChange={(v, inc) => setTier(i, { ...tier, max: v, inclusive: [loIn, inc] })}
                />
              </NestedBenefit>
            );
          })}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              onChange({
                ...value,
                tiers: [...tiers, { min: tiers.at(-1)?.max ?? 0, max: null, benefit: newBenefit('fixed') }],
              })
            }
          >
            {t('editor.addTier')}
          </Button>
        </>
      );
      break;
    }
    case 'schedule': {
      const entries = value.byYear;
      const setEntry = (i: number, entry: (typeof entries)[number]) =>
        onChange({ ...value, byYear: entries.map((old, j) => (j === i ? entry : old)) });
      body = (
        <>
          <Space wrap>
            <Typography.Text>{t('editor.scheduleStart')}</Typography.Text>
            <FactSelect
              years
              allowClear
              value={value.start ?? ''}
              onChange={(start) => {
                const { start: _old, ...rest } = value;
                onChange(start === '' ? rest : { ...rest, start });
              }}
            />
          </Space>
          {entries.map((entry, i) => (
            <NestedBenefit
              key={i}
              path={`${path}.byYear[${i}]`}
              benefit={entry.benefit}
              onBenefit={(benefit) => setEntry(i, { ...entry, benefit })}
              onRemove={() => onChange({ ...value, byYear: entries.filter((_, j) => j !== i) })}
            >
              <Typography.Text strong>
                {value.start ? t('editor.programmeYear') : t('editor.calendarYear')}
              </Typography.Text>
              <InputNumber<number>
                aria-label={t('common.year')}
                value={entry.year}
                onChange={(year) => setEntry(i, { ...entry, year: year ?? 0 })}
              />
            </NestedBenefit>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              onChange({
                ...value,
                byYear: [...entries, { year: (entries.at(-1)?.year ?? 0) + 1, benefit: newBenefit('fixed') }],
              })
            }
          >
            {t('editor.addYear')}
          </Button>
        </>
      );
      break;
    }
    case 'sum': {
      const parts = (field: 'parts' | 'less') => {
        const items = value[field] ?? [];
        return (
          <>
            <Typography.Text strong>{t(field === 'parts' ? 'editor.parts' : 'editor.less')}</Typography.Text>
            {items.map((part, i) => (
              <BenefitBuilder
                key={i}
                path={`${path}.${field}[${i}]`}
                value={part}
                onChange={(b) => onChange({ ...value, [field]: items.map((old, j) => (j === i ? b : old)) })}
                onRemove={() => onChange({ ...value, [field]: items.filter((_, j) => j !== i) })}
              />
            ))}
            <div>
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => onChange({ ...value, [field]: [...items, newBenefit('fixed')] })}
              >
                {t(field === 'parts' ? 'editor.addPart' : 'editor.addLess')}
              </Button>
            </div>
          </>
        );
      };
      body = (
        <>
          {parts('parts')}
          {parts('less')}
        </>
      );
      break;
    }
  }

  return (
    <div className="builder-node group" data-path={path}>
      <Flex gap="small" wrap align="center" style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('editor.benefitKind.label')}
          value={value.kind}
          onChange={(kind) => onChange(newBenefit(kind, value.source))}
          style={{ width: 190 }}
          options={BENEFIT_KINDS.map((k) => ({ value: k, label: t(`editor.benefitKind.${k}`) }))}
        />
        {onRemove && (
          <Button danger size="small" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('editor.remove')} />
        )}
      </Flex>
      <Flex vertical gap="small">
        {body}
      </Flex>
      <div style={{ marginTop: 8 }}>
        <SourceSentence value={value.source} onChange={(source) => onChange(withSource(value, source))} />
      </div>
    </div>
  );
}
