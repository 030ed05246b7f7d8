import { Card, Checkbox, Flex, Grid, Pagination, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { requestPath } from './loop.ts';
import { Deadline, StateTag } from './StateTag.tsx';
import type { RequestPage, RequestView } from './types.ts';
import { useRequestText } from './useRequestText.ts';

interface Props {
  page: RequestPage;
  /** 1-based */
  current: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** show the enterprise of each request (staff lists) */
  showEnterprise?: boolean;
  /** row selection (the coordinator's bulk assignment) */
  selected?: number[];
  onSelect?: (ids: number[]) => void;
  /** buttons per request (a department's start and resolve) */
  actions?: (request: RequestView) => ReactNode;
}

/**
 * A page of requests: a table on wide screens, cards on phones (the same fields, one request per card), paged by
 * the server. Each opens the request's page.
 */
export function RequestTable({ page, current, pageSize, onPage, showEnterprise, selected, onSelect, actions }: Props) {
  const text = useRequestText();
  const { t } = text;
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const totalText = (total: number) =>
    page.totalCapped ? t('requests.totalCapped', { count: total }) : t('common.total', { count: total });
  const pagination = {
    current,
    pageSize,
    total: page.total,
    onChange: onPage,
    showSizeChanger: false,
    showTotal: totalText,
  };

  if (phone) {
    return (
      <>
        <Flex vertical gap={8}>
          {page.items.map((r) => (
            <Card key={r.id} size="small" style={{ width: '100%' }} data-testid="request-row" data-id={r.id}>
              <Flex gap="small" align="flex-start">
                {onSelect && (
                  <Checkbox
                    aria-label={t('requests.select', { id: r.id })}
                    checked={selected?.includes(r.id)}
                    onChange={(e) =>
                      onSelect(
                        e.target.checked ? [...(selected ?? []), r.id] : (selected ?? []).filter((x) => x !== r.id),
                      )
                    }
                  />
                )}
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Flex justify="space-between" gap="small" align="flex-start">
                    <Link to={requestPath(r.id)} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                      #{r.id} {r.title}
                    </Link>
                    <StateTag state={r.state} />
                  </Flex>
                  {showEnterprise && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {r.enterpriseName ?? r.uscc}
                    </Typography.Text>
                  )}
                  <Typography.Text style={{ display: 'block', fontSize: 13 }}>
                    {r.categoryName ?? r.category} · {r.department ?? t('requests.unassigned')}
                  </Typography.Text>
                  <Typography.Text style={{ display: 'block', fontSize: 13 }}>
                    {t('requests.fields.deadline')}：<Deadline deadline={r.deadline} overdue={r.overdue} />
                  </Typography.Text>
                  {actions && <div style={{ marginTop: 6 }}>{actions(r)}</div>}
                </div>
              </Flex>
            </Card>
          ))}
        </Flex>
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Pagination {...pagination} size="small" simple />
        </Flex>
      </>
    );
  }

  return (
    <Table<RequestView>
      size="small"
      rowKey="id"
      dataSource={page.items}
      scroll={{ x: 1000 }}
      pagination={pagination}
      onRow={(r) => ({ 'data-testid': 'request-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selected ?? [],
              preserveSelectedRowKeys: true,
              onChange: (keys) => onSelect(keys.map(Number)),
              getCheckboxProps: (r) => ({ 'aria-label': t('requests.select', { id: r.id }) }) as object,
            }
          : undefined
      }
      columns={[
        { title: t('requests.fields.id'), dataIndex: 'id', width: 64, render: (id: number) => `#${id}` },
        {
          title: t('requests.fields.title'),
          key: 'title',
          render: (_, r) => (
            <div style={{ minWidth: 0 }}>
              <Link to={requestPath(r.id)}>{r.title}</Link>
              {showEnterprise && (
                <div style={{ fontSize: 12, color: '#8c8c8c' }} title={r.uscc}>
                  {r.enterpriseName ?? r.uscc}
                </div>
              )}
            </div>
          ),
        },
        {
          title: t('requests.fields.category'),
          key: 'category',
          width: 90,
          render: (_, r) => r.categoryName ?? r.category,
        },
        {
          title: t('requests.fields.state'),
          dataIndex: 'state',
          width: 96,
          render: (_, r) => <StateTag state={r.state} />,
        },
        {
          title: t('requests.fields.department'),
          dataIndex: 'department',
          width: 140,
          render: (d: string | null) =>
            d ?? <Typography.Text type="secondary">{t('requests.unassigned')}</Typography.Text>,
        },
        {
          title: t('requests.fields.deadline'),
          key: 'deadline',
          width: 180,
          render: (_, r) => <Deadline deadline={r.deadline} overdue={r.overdue} />,
        },
        {
          title: t('requests.fields.channel'),
          dataIndex: 'channel',
          width: 84,
          render: (_, r) => text.channel(r.channel),
        },
        {
          title: t('requests.fields.createdAt'),
          dataIndex: 'createdAt',
          width: 150,
          render: (at: string) => text.time(at),
        },
        ...(actions
          ? [
              {
                title: t('requests.fields.actions'),
                key: 'actions',
                width: 180,
                render: (_: unknown, r: RequestView) => actions(r),
              },
            ]
          : []),
      ]}
    />
  );
}
