import { Checkbox, InputNumber, Space } from 'antd';
import { parseFact } from '../../../../core/rules/facts.ts';
import { useFormat } from '../../../format/useFormat.ts';
import { MoneyInput } from './MoneyInput.tsx';

/** One end of a between or a tier: a number (empty: open) and whether it is included (含) or not (不含). */
export function BoundInput({
  fact,
  label,
  value,
  inclusive,
  onChange,
}: {
  fact: string;
  label: string;
  value: number | null;
  inclusive: boolean;
  onChange: (value: number | null, inclusive: boolean) => void;
}) {
  const { t } = useFormat();
  const parsed = parseFact(fact);
  const money = !('error' in parsed) && parsed.kind === 'metric' && parsed.key !== 'energySavedTce';
  return (
    <Space size={4} wrap>
      {money ? (
        <MoneyInput label={label} value={value} onChange={(v) => onChange(v, inclusive)} />
      ) : (
        <InputNumber<number>
          aria-label={label}
          placeholder={t('editor.open')}
          value={value}
          onChange={(v) => onChange(v, inclusive)}
          style={{ width: 150 }}
        />
      )}
      <Checkbox checked={inclusive} disabled={value === null} onChange={(e) => onChange(value, e.target.checked)}>
        {t('editor.inclusive')}
      </Checkbox>
    </Space>
  );
}
