import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, InputNumber, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { QUALIFICATIONS } from '../../../../core/rules/facts.ts';
import { IndustriesSelect } from '../../../components/IndustrySelect.tsx';
import { RegionsPicker } from '../../../components/RegionPicker.tsx';
import { qualificationName } from '../../../format/facts.ts';
import { useFormat } from '../../../format/useFormat.ts';
import { BoundInput } from './BoundInput.tsx';
import { FactSelect } from './FactSelect.tsx';
import { FactValueInput, FactValuesInput, isTextFact } from './FactValueInput.tsx';
import { CONDITION_KINDS, conditionKind, newCondition, type Condition } from './nodes.ts';
import { SourceSentence } from './SourceSentence.tsx';

const OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;

interface Props {
  value: Condition;
  onChange: (condition: Condition) => void;
  onRemove?: () => void;
  /** where the node is in the policy ("eligibility.all[1]"), as validation errors name it */
  path: string;
}

function withSource(condition: Condition, source: string | undefined): Condition {
  const { source: _old, ...rest } = condition;
  return (source === undefined ? rest : { ...rest, source }) as Condition;
}

/** One node of the eligibility tree and, for all/any/not, its children: the form for each kind of condition. */
export function ConditionBuilder({ value, onChange, onRemove, path }: Props) {
  const { t, language } = useFormat();
  const kind = conditionKind(value);

  let body: ReactNode = null;
  if ('all' in value || 'any' in value) {
    const key = 'all' in value ? 'all' : 'any';
    const children: Condition[] = 'all' in value ? value.all : value.any;
    const set = (next: Condition[]) => onChange({ ...value, [key]: next } as Condition);
    body = (
      <>
        {children.map((child, i) => (
          <ConditionBuilder
            key={i}
            path={`${path}.${key}[${i}]`}
            value={child}
            onChange={(c) => set(children.map((old, j) => (j === i ? c : old)))}
            onRemove={() => set(children.filter((_, j) => j !== i))}
          />
        ))}
        <Button size="small" icon={<PlusOutlined />} onClick={() => set([...children, newCondition('compare')])}>
          {t('editor.addCondition')}
        </Button>
      </>
    );
  } else if ('not' in value) {
    body = <ConditionBuilder path={`${path}.not`} value={value.not} onChange={(c) => onChange({ ...value, not: c })} />;
  } else if ('qualification' in value) {
    const year = (field: 'fromYear' | 'toYear', v: number | null) => {
      const { [field]: _old, ...rest } = value;
      onChange(v === null ? rest : { ...rest, [field]: v });
    };
    body = (
      <Space wrap>
        <Select
          mode="multiple"
          aria-label={t('editor.qualifications')}
          value={value.qualification}
          onChange={(names: string[]) => onChange({ ...value, qualification: names })}
          options={Object.keys(QUALIFICATIONS).map((name) => ({
            value: name,
            label: qualificationName(name, language),
          }))}
          style={{ minWidth: 260 }}
        />
        <InputNumber<number>
          aria-label={t('editor.fromYear')}
          placeholder={t('editor.fromYear')}
          value={value.fromYear ?? null}
          onChange={(v) => year('fromYear', v)}
        />
        <InputNumber<number>
          aria-label={t('editor.toYear')}
          placeholder={t('editor.toYear')}
          value={value.toYear ?? null}
          onChange={(v) => year('toYear', v)}
        />
        <Checkbox
          checked={value.relative === true}
          onChange={(e) => onChange({ ...value, relative: e.target.checked })}
        >
          {t('editor.relative')}
        </Checkbox>
      </Space>
    );
  } else if ('regionWithin' in value) {
    body = (
      <RegionsPicker value={value.regionWithin} onChange={(codes) => onChange({ ...value, regionWithin: codes })} />
    );
  } else if ('industryWithin' in value) {
    body = (
      <IndustriesSelect
        value={value.industryWithin}
        onChange={(codes) => onChange({ ...value, industryWithin: codes })}
      />
    );
  } else if ('between' in value) {
    const [lo, hi] = value.between;
    const [loIn, hiIn] = value.inclusive ?? [true, true];
    body = (
      <Space wrap>
        <FactSelect numeric value={value.fact} onChange={(fact) => onChange({ ...value, fact })} />
        <BoundInput
          fact={value.fact}
          label={t('editor.lower')}
          value={lo}
          inclusive={loIn}
          onChange={(v, inc) => onChange({ ...value, between: [v, hi], inclusive: [inc, hiIn] })}
        />
        <Typography.Text>{t('editor.to')}</Typography.Text>
        <BoundInput
          fact={value.fact}
          label={t('editor.upper')}
          value={hi}
          inclusive={hiIn}
          onChange={(v, inc) => onChange({ ...value, between: [lo, v], inclusive: [loIn, inc] })}
        />
      </Space>
    );
  } else if ('in' in value) {
    body = (
      <Space wrap>
        <FactSelect value={value.fact} onChange={(fact) => onChange({ ...value, fact, in: [] })} />
        <FactValuesInput
          fact={value.fact}
          values={value.in}
          onChange={(values) => onChange({ ...value, in: values })}
        />
      </Space>
    );
  } else {
    const text = isTextFact(value.fact);
    body = (
      <Space wrap>
        <FactSelect
          value={value.fact}
          onChange={(fact) => {
            // A value of the old fact's kind means nothing for the new one; text facts compare only by = and ≠.
            const textNow = isTextFact(fact);
            const op = textNow && value.op !== '=' && value.op !== '!=' ? '=' : value.op;
            onChange({ ...value, fact, op, value: textNow === text ? value.value : textNow ? '' : 0 });
          }}
        />
        <Select
          aria-label={t('editor.operator')}
          value={value.op}
          onChange={(op) => onChange({ ...value, op })}
          style={{ width: 110 }}
          options={OPERATORS.filter((op) => !text || op === '=' || op === '!=').map((op) => ({
            value: op,
            label: t(`rule.op.${op}`),
          }))}
        />
        <FactValueInput fact={value.fact} value={value.value} onChange={(v) => onChange({ ...value, value: v })} />
      </Space>
    );
  }

  return (
    <div
      className={`builder-node${kind === 'all' || kind === 'any' || kind === 'not' ? ' group' : ''}`}
      data-path={path}
    >
      <Flex gap="small" wrap align="center" style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('editor.conditionKind.label')}
          value={kind}
          onChange={(next) => onChange(newCondition(next, value.source))}
          style={{ width: 190 }}
          options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`editor.conditionKind.${k}`) }))}
        />
        {onRemove && (
          <Button danger size="small" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('editor.remove')} />
        )}
      </Flex>
      {body}
      <div style={{ marginTop: 8 }}>
        <SourceSentence value={value.source} onChange={(source) => onChange(withSource(value, source))} />
      </div>
    </div>
  );
}
