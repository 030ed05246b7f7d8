import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

/** The evaluation year: a few years around this one (policies are matched for one year at a time). */
export function YearSelect({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const { t } = useTranslation();
  const now = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => now - 3 + i);
  return (
    <Select<number>
      aria-label={t('common.year')}
      value={value}
      onChange={onChange}
      style={{ width: 110 }}
      options={years.map((year) => ({ value: year, label: t('common.yearValue', { year }) }))}
    />
  );
}
