import { Select } from 'antd';
import { METRICS, PLAIN_FACTS, QUALIFICATIONS } from '../../../../core/rules/facts.ts';
import { useFormat } from '../../../format/useFormat.ts';

// The facts a rule may read (src/core/rules/facts.ts), grouped and in words. `numeric` leaves out the text and
// date facts, for the benefit formulas' "of" and for tiers.

interface Props {
  value: string;
  onChange: (ref: string) => void;
  numeric?: boolean;
  /** only facts that hold a year (a programme's start) */
  years?: boolean;
  allowClear?: boolean;
}

export function FactSelect({ value, onChange, numeric, years, allowClear }: Props) {
  const { t, fact } = useFormat();
  const option = (ref: string) => ({ value: ref, label: fact(ref) });
  const qualifications = {
    label: t('editor.facts.qualifications'),
    options: Object.keys(QUALIFICATIONS).map((n) => option(`qualifications.${n}`)),
  };
  const groups = years
    ? [qualifications]
    : [
        {
          label: t('editor.facts.plain'),
          options: Object.entries(PLAIN_FACTS)
            .filter(([, type]) => !numeric || type === 'number')
            .map(([ref]) => option(ref)),
        },
        { label: t('editor.facts.metrics'), options: Object.keys(METRICS).map((key) => option(`metrics.${key}`)) },
        {
          label: t('editor.facts.metricsBefore'),
          options: Object.keys(METRICS).map((key) => option(`metrics.${key}@-1`)),
        },
        qualifications,
      ];
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('editor.fact')}
      placeholder={t('editor.chooseFact')}
      value={value || undefined}
      onChange={(ref?: string) => onChange(ref ?? '')}
      allowClear={allowClear}
      options={groups}
      style={{ minWidth: 220 }}
      popupMatchSelectWidth={false}
      status={value ? undefined : 'warning'}
    />
  );
}
