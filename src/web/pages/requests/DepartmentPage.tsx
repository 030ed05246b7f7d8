import { useQuery } from '@tanstack/react-query';
import { Card, Input, Space, Tabs } from 'antd';
import { useState } from 'react';
import { allowedActions } from '../../../core/requests/state-machine.ts';
import { getQuery, type QueryValue } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequestTable } from '../../components/requests/RequestTable.tsx';
import { TransitionButton } from '../../components/requests/transitions.tsx';
import type { RequestPage, RequestView } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { useAccount } from '../../session/SessionProvider.tsx';

const PAGE_SIZE = 20;
type View = 'todo' | 'all';

/** What each tab asks for: what the department owes (assigned, in progress, escalated) by deadline first. */
const QUERIES: Record<View, Record<string, QueryValue>> = {
  todo: { state: 'assigned,in_progress,escalated', sort: 'deadline' },
  all: { sort: 'updated' },
};

/** The department's buttons on a row: start and resolve, when the state machine allows them a department. */
function RowActions({ request }: { request: RequestView }) {
  const actions = allowedActions(request.state, 'department').filter((a) => a === 'start' || a === 'resolve');
  if (actions.length === 0) return null;
  return (
    <Space size={4} wrap>
      {actions.map((action) => (
        <TransitionButton key={action} request={request} action={action} size="small" />
      ))}
    </Space>
  );
}

/** 部门办理 (a department's account): the requests assigned to it, what it owes first by deadline; start, resolve. */
export function DepartmentPage() {
  const { t } = useRequestText();
  const account = useAccount();
  const [view, setView] = useState<View>('todo');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery(
    getQuery<RequestPage>('/api/requests', {
      ...QUERIES[view],
      q,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );

  return (
    <>
      <PageTitle
        title={t('requests.department.title')}
        sub={t('requests.department.sub', { department: account.department ?? '' })}
      />
      <Card size="small">
        <Tabs
          activeKey={view}
          onChange={(key) => {
            setView(key as View);
            setPage(1);
          }}
          items={(['todo', 'all'] as const).map((v) => ({ key: v, label: t(`requests.department.views.${v}`) }))}
          tabBarExtraContent={
            <Input.Search
              allowClear
              aria-label={t('requests.filters.text')}
              placeholder={t('requests.filters.text')}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              style={{ width: 200 }}
            />
          }
        />
        <QueryState
          query={list}
          isEmpty={(data) => data.total === 0}
          empty={view === 'todo' ? t('requests.department.emptyTodo') : t('requests.department.empty')}
        >
          {(data) => (
            <RequestTable
              page={data}
              current={page}
              pageSize={PAGE_SIZE}
              onPage={setPage}
              showEnterprise
              actions={(r) => <RowActions request={r} />}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
