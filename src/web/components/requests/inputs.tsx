import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnterpriseListItem, Page } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { useDebounced } from '../useDebounced.ts';
import type { RequestCategory } from './types.ts';

// Inputs the loop's forms share: the categories (each with its department and time limit), a department (those of
// the categories offered, any other typed), an enterprise found by name or USCC.

export function useCategories() {
  return useQuery({ ...getQuery<RequestCategory[]>('/api/requests/categories'), staleTime: 60_000 });
}

/** The departments the categories name, each once, in the categories' order. */
export function departmentsOf(categories: readonly RequestCategory[] | undefined): string[] {
  return [...new Set((categories ?? []).map((c) => c.department))];
}

interface DepartmentProps {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}

/** A department: chosen from those of the categories, or typed (a department no category names yet). */
export function DepartmentInput({ value, onChange, id, placeholder, style, allowClear }: DepartmentProps) {
  const { t } = useTranslation();
  const categories = useCategories();
  const departments = departmentsOf(categories.data);
  const needle = (value ?? '').trim();
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(text: string) => onChange?.(text)}
      allowClear={allowClear}
      aria-label={placeholder ?? t('requests.fields.department')}
      placeholder={placeholder ?? t('requests.fields.departmentPlaceholder')}
      style={style ?? { width: '100%' }}
      options={departments
        .filter((d) => needle === '' || d.includes(needle) || departments.includes(needle))
        .map((d) => ({ value: d, label: d }))}
    />
  );
}

interface EnterpriseProps {
  value?: string;
  onChange?: (uscc: string | undefined) => void;
  id?: string;
  style?: React.CSSProperties;
  placeholder?: string;
}

/** An enterprise found by part of its name or USCC (the staff's enterprise list); the value is its USCC. */
export function EnterpriseSelect({ value, onChange, id, style, placeholder }: EnterpriseProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({
    ...getQuery<Page<EnterpriseListItem>>('/api/enterprises', { q, limit: 20, offset: 0 }),
    placeholderData: (previous) => previous,
  });
  const options = (found.data?.items ?? []).map((e) => ({ value: e.uscc, label: `${e.name}（${e.uscc}）` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      onChange={(uscc) => onChange?.(uscc)}
      aria-label={placeholder ?? t('requests.fields.enterprise')}
      placeholder={placeholder ?? t('requests.fields.enterprisePlaceholder')}
      loading={found.isFetching}
      notFoundContent={found.isError ? t('requests.enterpriseSearchFailed') : t('requests.noEnterprise')}
      style={style ?? { width: '100%' }}
      options={options}
    />
  );
}
