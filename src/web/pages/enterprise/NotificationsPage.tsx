import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { NotificationPage, NotificationView } from '../../../server/api.ts';
import { api, getQuery } from '../../api/client.ts';
import { describeError } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';

const PAGE_SIZE = 10;
const KIND_COLORS: Record<NotificationView['kind'], string> = {
  eligible: 'green',
  amount_changed: 'blue',
  ineligible: 'default',
};

/** 通知: what changed for the enterprise (newly eligible, amount changed, no longer eligible), newest first. */
export function NotificationsPage() {
  const { uscc = '' } = useParams();
  const { t, amount, dateTime } = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const path = `/api/enterprises/${encodeURIComponent(uscc)}/notifications`;
  const list = useQuery(getQuery<NotificationPage>(path, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  const markRead = useMutation({
    mutationFn: (id: number) => api.post(`${path}/${id}/read`),
    // The list and the header's unread count are both reads of this path.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [path] }),
    onError: (error) => void message.error(describeError(error, t).title),
  });

  return (
    <>
      <PageTitle
        title={t('notifications.title')}
        extra={
          <>
            {list.data && (
              <Badge count={list.data.unread} showZero overflowCount={999} title={t('notifications.unread')} />
            )}
            <Link to={`/enterprises/${encodeURIComponent(uscc)}/subscription`}>
              <Button icon={<SendOutlined />}>{t('subscription.title')}</Button>
            </Link>
          </>
        }
      />
      <Card size="small">
        <QueryState query={list} isEmpty={(data) => data.total === 0} empty={t('notifications.empty')}>
          {(data) => (
            <List
              itemLayout="vertical"
              dataSource={data.items}
              rowKey="id"
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: data.total,
                onChange: setPage,
                showSizeChanger: false,
              }}
              renderItem={(n) => (
                <List.Item
                  data-testid="notification"
                  data-read={n.readAt !== null}
                  extra={
                    n.readAt === null ? (
                      <Button
                        size="small"
                        loading={markRead.isPending && markRead.variables === n.id}
                        onClick={() => markRead.mutate(n.id)}
                      >
                        {t('notifications.markRead')}
                      </Button>
                    ) : (
                      <Typography.Text type="secondary">{t('notifications.read')}</Typography.Text>
                    )
                  }
                >
                  <List.Item.Meta
                    title={
                      <span>
                        {n.readAt === null && <Badge status="processing" />}{' '}
                        <Tag color={KIND_COLORS[n.kind]}>{t(`notifications.kind.${n.kind}`)}</Tag>
                        <Link to={`/policies/${encodeURIComponent(n.policyId)}`}>{n.title}</Link>
                      </span>
                    }
                    description={dateTime(n.createdAt)}
                  />
                  <Typography.Paragraph style={{ marginBottom: 0 }}>{n.body}</Typography.Paragraph>
                  {n.amount && (
                    <Typography.Text strong>{t('notifications.amount', { amount: amount(n.amount) })}</Typography.Text>
                  )}
                </List.Item>
              )}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
