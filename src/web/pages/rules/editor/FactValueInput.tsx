import { Input, InputNumber, Select } from 'antd';
import { parseFact, SIZE_CLASSES } from '../../../../core/rules/facts.ts';
import { IndustriesSelect, IndustrySelect } from '../../../components/IndustrySelect.tsx';
import { RegionPicker, RegionsPicker } from '../../../components/RegionPicker.tsx';
import { useFormat } from '../../../format/useFormat.ts';
import { MoneyInput } from './MoneyInput.tsx';

// What a comparison or an in-set compares a fact with, in the fact's own terms: a region from the region list, an
// industry code, a size class, a date, a sum of yuan, or a number.

type Value = number | string;

function kindOf(fact: string): 'region' | 'industry' | 'sizeClass' | 'date' | 'money' | 'number' | 'text' {
  const parsed = parseFact(fact);
  if ('error' in parsed) return 'text';
  if (parsed.kind === 'plain') {
    if (parsed.name === 'region' || parsed.name === 'industry' || parsed.name === 'sizeClass') return parsed.name;
    if (parsed.type === 'date') return 'date';
  }
  if (parsed.kind === 'metric' && parsed.key !== 'energySavedTce') return 'money';
  return parsed.type === 'number' ? 'number' : 'text';
}

export function isTextFact(fact: string): boolean {
  return ['region', 'industry', 'sizeClass', 'date', 'text'].includes(kindOf(fact));
}

export function FactValueInput({
  fact,
  value,
  onChange,
}: {
  fact: string;
  value: Value;
  onChange: (v: Value) => void;
}) {
  const { t } = useFormat();
  const label = t('editor.value');
  switch (kindOf(fact)) {
    case 'region':
      return <RegionPicker value={String(value) || undefined} onChange={(code) => onChange(code ?? '')} />;
    case 'industry':
      return <IndustrySelect value={String(value)} onChange={onChange} />;
    case 'sizeClass':
      return (
        <Select
          aria-label={label}
          value={String(value)}
          onChange={onChange}
          style={{ width: 140 }}
          options={SIZE_CLASSES.map((c) => ({ value: c, label: t(`sizeClass.${c}`) }))}
        />
      );
    case 'date':
      return (
        <Input
          type="date"
          aria-label={label}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          style={{ width: 170 }}
        />
      );
    case 'money':
      return (
        <MoneyInput label={label} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? 0)} />
      );
    case 'number':
      return (
        <InputNumber<number>
          aria-label={label}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange(v ?? 0)}
          style={{ width: 160 }}
        />
      );
    case 'text':
      return (
        <Input
          aria-label={label}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
          style={{ width: 200 }}
        />
      );
  }
}

/** The values of an in-set, in the fact's terms. */
export function FactValuesInput({
  fact,
  values,
  onChange,
}: {
  fact: string;
  values: Value[];
  onChange: (v: Value[]) => void;
}) {
  const { t } = useFormat();
  const label = t('editor.values');
  const kind = kindOf(fact);
  if (kind === 'region') return <RegionsPicker value={values.map(String)} onChange={onChange} />;
  if (kind === 'industry') return <IndustriesSelect value={values.map(String)} onChange={onChange} />;
  if (kind === 'sizeClass') {
    return (
      <Select
        mode="multiple"
        aria-label={label}
        value={values.map(String)}
        onChange={onChange}
        style={{ minWidth: 220 }}
        options={SIZE_CLASSES.map((c) => ({ value: c, label: t(`sizeClass.${c}`) }))}
      />
    );
  }
  const numeric = kind === 'money' || kind === 'number';
  return (
    <Select
      mode="tags"
      aria-label={label}
      placeholder={t('editor.typeValues')}
      value={values.map(String)}
      // Typed values arrive as text; a number fact keeps only those that read as numbers.
      onChange={(typed: string[]) => onChange(numeric ? typed.map(Number).filter(Number.isFinite) : typed)}
      open={false}
      style={{ minWidth: 220 }}
    />
  );
}
