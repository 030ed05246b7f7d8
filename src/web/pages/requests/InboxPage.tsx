import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Flex, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { REQUEST_STATES } from '../../../core/requests/types.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { BulkAssignButton } from '../../components/requests/BulkAssign.tsx';
import { DepartmentInput, EnterpriseSelect, useCategories } from '../../components/requests/inputs.tsx';
import { REQUEST_PATHS } from '../../components/requests/loop.ts';
import { RequestTable } from '../../components/requests/RequestTable.tsx';
import type { RequestPage, RequestState } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { useDebounced } from '../../components/useDebounced.ts';

const PAGE_SIZE = 20;
type Sort = 'newest' | 'deadline' | 'updated';

/**
 * 诉求受理 (coordinators): every request, filtered by state, category, department, enterprise, overdue and words;
 * chosen ones assigned to a department at once (批量交办), each with its outcome; a request taken by phone or at a
 * visit entered for its enterprise.
 */
export function InboxPage() {
  const text = useRequestText();
  const { t } = text;
  const categories = useCategories();
  const [states, setStates] = useState<RequestState[]>([]);
  const [category, setCategory] = useState<string[]>([]);
  const [department, setDepartment] = useState('');
  const [uscc, setUscc] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('newest');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number[]>([]);
  const settledDepartment = useDebounced(department.trim(), 300);

  const list = useQuery(
    getQuery<RequestPage>('/api/requests', {
      state: states.join(','),
      category: category.join(','),
      department: settledDepartment,
      uscc,
      overdue: overdue || undefined,
      q,
      sort,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );
  const filtered =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  return (
    <>
      <PageTitle
        title={t('requests.inbox.title')}
        sub={t('requests.inbox.sub')}
        extra={
          <Link to={REQUEST_PATHS.new}>
            <Button icon={<PlusOutlined />}>{t('requests.inbox.fileForEnterprise')}</Button>
          </Link>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }} data-testid="inbox-filters">
        <Flex wrap gap="small">
          <Select<RequestState[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            aria-label={t('requests.filters.state')}
            placeholder={t('requests.filters.state')}
            value={states}
            onChange={filtered(setStates)}
            style={{ width: 220, maxWidth: '100%' }}
            options={REQUEST_STATES.map((s) => ({ value: s, label: text.state(s) }))}
          />
          <Select<string[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            aria-label={t('requests.filters.category')}
            placeholder={t('requests.filters.category')}
            value={category}
            onChange={filtered(setCategory)}
            style={{ width: 200, maxWidth: '100%' }}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
          />
          <DepartmentInput
            allowClear
            value={department}
            onChange={filtered(setDepartment)}
            placeholder={t('requests.filters.department')}
            style={{ width: 200, maxWidth: '100%' }}
          />
          <EnterpriseSelect
            value={uscc}
            onChange={filtered(setUscc)}
            placeholder={t('requests.filters.enterprise')}
            style={{ width: 240, maxWidth: '100%' }}
          />
          <Input.Search
            allowClear
            aria-label={t('requests.filters.text')}
            placeholder={t('requests.filters.text')}
            onSearch={(value) => filtered(setQ)(value.trim())}
            style={{ width: 220, maxWidth: '100%' }}
          />
          <Select<Sort>
            aria-label={t('requests.filters.sort')}
            value={sort}
            onChange={filtered(setSort)}
            style={{ width: 150 }}
            options={(['newest', 'deadline', 'updated'] as const).map((s) => ({
              value: s,
              label: t(`requests.filters.sorts.${s}`),
            }))}
          />
          <Checkbox
            checked={overdue}
            onChange={(e) => filtered(setOverdue)(e.target.checked)}
            style={{ alignSelf: 'center' }}
          >
            {t('requests.filters.overdueOnly')}
          </Checkbox>
        </Flex>
      </Card>
      <Card size="small">
        <Flex wrap gap="small" align="center" style={{ marginBottom: 12 }}>
          <BulkAssignButton ids={selected} onDone={() => setSelected([])} />
          <Typography.Text type="secondary" data-testid="selected-count">
            {selected.length > 0
              ? t('requests.inbox.selected', { count: selected.length })
              : t('requests.inbox.selectHint')}
          </Typography.Text>
          {selected.length > 0 && (
            <Button type="link" size="small" onClick={() => setSelected([])}>
              {t('requests.inbox.clearSelection')}
            </Button>
          )}
        </Flex>
        <QueryState query={list} isEmpty={(data) => data.total === 0} empty={t('requests.inbox.empty')}>
          {(data) => (
            <RequestTable
              page={data}
              current={page}
              pageSize={PAGE_SIZE}
              onPage={setPage}
              showEnterprise
              selected={selected}
              onSelect={setSelected}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
