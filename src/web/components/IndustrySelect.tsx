import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { industryList } from '../format/places.ts';

// GB/T 4754-2017 codes at any level (门类 C, 大类 C39, 中类 C397, 小类 C3973), searched by code or name.

export function IndustrySelect({ value, onChange }: { value: string | undefined; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('common.industry')}
      placeholder={t('common.industry')}
      value={value || undefined}
      onChange={onChange}
      options={industryList()}
      style={{ minWidth: 260 }}
      popupMatchSelectWidth={false}
    />
  );
}

export function IndustriesSelect({ value, onChange }: { value: string[]; onChange: (codes: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      mode="multiple"
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('common.industries')}
      placeholder={t('common.industries')}
      value={value}
      onChange={onChange}
      options={industryList()}
      style={{ width: '100%', minWidth: 260 }}
    />
  );
}
