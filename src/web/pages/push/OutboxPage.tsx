import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DeliveryView, OutboxFigures } from '../../../services/push/dead-letters.ts';
import { api, getQuery } from '../../api/client.ts';
import { describeError } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';

// 推送队列 (administrators): how many deliveries the outbox holds by channel and state, and the dead letters —
// deliveries that gave up after their last attempt — each with its last error and a requeue (audited on the server).

const CHANNELS = ['inbox', 'email', 'webhook'] as const;
const STATES = ['pending', 'delivering', 'delivered', 'failed', 'dead'] as const;
const STATE_COLORS: Record<(typeof STATES)[number], string> = {
  pending: 'blue',
  delivering: 'processing',
  delivered: 'green',
  failed: 'orange',
  dead: 'red',
};
const PAGE = 20;

type Channel = (typeof CHANNELS)[number];
interface DeadPage {
  items: DeliveryView[];
  total: number;
}

function Figures({ figures }: { figures: OutboxFigures }) {
  const { t } = useFormat();
  return (
    <Table
      size="small"
      rowKey="channel"
      pagination={false}
      scroll={{ x: 640 }}
      data-testid="outbox-figures"
      dataSource={CHANNELS.map((channel) => ({ channel, ...figures.counts[channel] }))}
      columns={[
        { title: t('outbox.channel'), dataIndex: 'channel', render: (c: Channel) => t(`outbox.channels.${c}`) },
        ...STATES.map((state) => ({
          title: <Tag color={STATE_COLORS[state]}>{t(`outbox.states.${state}`)}</Tag>,
          dataIndex: state,
          align: 'right' as const,
          render: (n: number) => n.toLocaleString(),
        })),
      ]}
    />
  );
}

export function OutboxPage() {
  const { t, dateTime } = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel | 'all'>('all');
  const [page, setPage] = useState(1);
  const figures = useQuery(getQuery<OutboxFigures>('/api/push/outbox'));
  const dead = useQuery(
    getQuery<DeadPage>('/api/push/dead-letters', {
      channel: channel === 'all' ? undefined : channel,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    }),
  );
  const requeue = useMutation({
    mutationFn: (id: number) => api.post<DeliveryView>(`/api/push/dead-letters/${id}/requeue`),
    onSuccess: async (delivery) => {
      void message.success(t('outbox.requeued', { recipient: delivery.recipient }));
      await queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/push/') });
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  return (
    <>
      <PageTitle title={t('outbox.title')} sub={t('outbox.sub')} />
      <Card size="small" title={t('outbox.figures')} style={{ marginBottom: 16 }}>
        <QueryState query={figures}>{(data) => <Figures figures={data} />}</QueryState>
      </Card>
      <Card
        size="small"
        title={t('outbox.dead')}
        extra={
          <Segmented<Channel | 'all'>
            aria-label={t('outbox.channel')}
            value={channel}
            onChange={(value) => {
              setChannel(value);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('outbox.all') },
              ...CHANNELS.map((c) => ({ value: c, label: t(`outbox.channels.${c}`) })),
            ]}
          />
        }
      >
        <QueryState query={dead} isEmpty={(data) => data.total === 0} empty={t('outbox.noDead')}>
          {(data) => (
            <Table<DeliveryView>
              size="small"
              rowKey="id"
              data-testid="dead-letters"
              dataSource={data.items}
              scroll={{ x: 1000 }}
              pagination={{
                current: page,
                pageSize: PAGE,
                total: data.total,
                showSizeChanger: false,
                onChange: setPage,
              }}
              columns={[
                { title: t('outbox.channel'), dataIndex: 'channel', render: (c: Channel) => t(`outbox.channels.${c}`) },
                {
                  title: t('outbox.enterprise'),
                  key: 'enterprise',
                  render: (_, d) => d.enterprise?.name ?? '—',
                },
                {
                  title: t('outbox.recipient'),
                  dataIndex: 'recipient',
                  render: (r: string) => <Typography.Text style={{ overflowWrap: 'anywhere' }}>{r}</Typography.Text>,
                },
                {
                  title: t('outbox.attempts'),
                  key: 'attempts',
                  render: (_, d) => `${d.attempts} / ${d.maxAttempts}`,
                },
                {
                  title: t('outbox.lastError'),
                  dataIndex: 'lastError',
                  render: (e: string | null) => <Typography.Text type="danger">{e ?? '—'}</Typography.Text>,
                },
                { title: t('outbox.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => dateTime(at) },
                {
                  title: t('outbox.action'),
                  key: 'action',
                  render: (_, d) => (
                    <Popconfirm
                      title={t('outbox.requeueConfirm')}
                      okText={t('outbox.requeue')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => requeue.mutateAsync(d.id)}
                    >
                      <Button size="small" loading={requeue.isPending && requeue.variables === d.id}>
                        {t('outbox.requeue')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
