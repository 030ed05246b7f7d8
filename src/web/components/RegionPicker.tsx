import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionPath, regionTree } from '../format/places.ts';

// GB/T 2260 regions chosen from province → city → county; any level may be chosen (a policy for all of 上海 is
// 310000). The value is the chosen codes, the last of each path.

interface SingleProps {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  placeholder?: string;
}

export function RegionPicker({ value, onChange, placeholder }: SingleProps) {
  const { t } = useTranslation();
  return (
    <Cascader
      aria-label={placeholder ?? t('common.region')}
      options={regionTree()}
      value={value ? regionPath(value) : undefined}
      onChange={(path) => onChange(path?.at(-1) as string | undefined)}
      changeOnSelect
      showSearch
      placeholder={placeholder ?? t('common.region')}
      style={{ minWidth: 200 }}
    />
  );
}

interface MultipleProps {
  value: string[];
  onChange: (codes: string[]) => void;
  placeholder?: string;
}

export function RegionsPicker({ value, onChange, placeholder }: MultipleProps) {
  const { t } = useTranslation();
  return (
    <Cascader
      aria-label={placeholder ?? t('common.regions')}
      multiple
      options={regionTree()}
      value={value.map(regionPath)}
      onChange={(paths) => onChange(paths.map((path) => path.at(-1) as string))}
      showCheckedStrategy={Cascader.SHOW_PARENT}
      showSearch
      maxTagCount="responsive"
      placeholder={placeholder ?? t('common.regions')}
      style={{ width: '100%' }}
    />
  );
}
