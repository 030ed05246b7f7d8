import { InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A rate or a per-unit sum, one value or a range (0.8%—1.3%, 1000—2000元/吨标煤): the second box left empty
 * means a single value.
 */
export function RangeInput({
  value,
  onChange,
  unit,
  label,
}: {
  value: number | [number, number];
  onChange: (value: number | [number, number]) => void;
  unit: string;
  label: string;
}) {
  const { t } = useTranslation();
  const [low, high] = Array.isArray(value) ? value : [value, null];
  const set = (lo: number, hi: number | null) => onChange(hi === null || hi === lo ? lo : [lo, hi]);
  return (
    <Space size={4} wrap>
      <InputNumber<number>
        aria-label={label}
        min={0}
        value={low}
        onChange={(v) => set(v ?? 0, high)}
        suffix={unit}
        style={{ width: 150 }}
      />
      <span>—</span>
      <InputNumber<number>
        aria-label={t('editor.rangeTo', { label })}
        placeholder={t('editor.optional')}
        min={0}
        value={high}
        onChange={(v) => set(low, v)}
        suffix={unit}
        style={{ width: 150 }}
      />
    </Space>
  );
}
