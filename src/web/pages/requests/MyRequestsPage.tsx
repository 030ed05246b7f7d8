import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Segmented } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { getQuery, type QueryValue } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { REQUEST_PATHS } from '../../components/requests/loop.ts';
import { RequestTable } from '../../components/requests/RequestTable.tsx';
import type { RequestPage } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';

const PAGE_SIZE = 20;

type View = 'all' | 'open' | 'toRate' | 'closed';

const FILTERS: Record<View, Record<string, QueryValue>> = {
  all: {},
  open: { open: true },
  toRate: { state: 'resolved' },
  closed: { state: 'confirmed,rejected,duplicate' },
};

/** 我的诉求 (an enterprise): its requests with their state, department and deadline; filing a new one. */
export function MyRequestsPage() {
  const { t } = useRequestText();
  const [view, setView] = useState<View>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(
    getQuery<RequestPage>('/api/requests', {
      ...FILTERS[view],
      q,
      sort: 'updated',
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );

  return (
    <>
      <PageTitle
        title={t('requests.mine.title')}
        sub={t('requests.mine.sub')}
        extra={
          <Link to={REQUEST_PATHS.new}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('requests.mine.new')}
            </Button>
          </Link>
        }
      />
      <Card size="small">
        <Flex wrap gap="small" style={{ marginBottom: 12 }}>
          <Segmented<View>
            value={view}
            onChange={(v) => {
              setView(v);
              setPage(1);
            }}
            options={(['all', 'open', 'toRate', 'closed'] as const).map((v) => ({
              value: v,
              label: t(`requests.mine.views.${v}`),
            }))}
          />
          <Input.Search
            allowClear
            aria-label={t('requests.filters.text')}
            placeholder={t('requests.filters.text')}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
            style={{ width: 240 }}
          />
        </Flex>
        <QueryState query={list} isEmpty={(data) => data.total === 0} empty={t('requests.mine.empty')}>
          {(data) => <RequestTable page={data} current={page} pageSize={PAGE_SIZE} onPage={setPage} />}
        </QueryState>
      </Card>
    </>
  );
}
