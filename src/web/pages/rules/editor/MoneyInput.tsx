import { InputNumber, Space, Typography } from 'antd';
import { useFormat } from '../../../format/useFormat.ts';

/** A sum in yuan, with how it reads (200万元) beside it: long numbers of zeros are easy to get wrong. */
export function MoneyInput({
  value,
  onChange,
  label,
}: {
  value: number | null | undefined;
  onChange: (yuan: number | null) => void;
  label: string;
}) {
  const { yuan } = useFormat();
  return (
    <Space size={4} wrap>
      <InputNumber<number>
        aria-label={label}
        placeholder={label}
        min={0}
        value={value ?? null}
        onChange={onChange}
        suffix="元"
        style={{ width: 180 }}
      />
      {typeof value === 'number' && value > 0 && <Typography.Text type="secondary">{yuan(value)}</Typography.Text>}
    </Space>
  );
}
