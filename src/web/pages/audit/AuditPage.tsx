import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AuditView } from '../../../services/accounts/audit.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';

/** What the audit log records changes of (src/db: the entity column). */
const ENTITIES = [
  'account',
  'api_token',
  'policy',
  'policy_source',
  'policy_match',
  'enterprise',
  'enterprise_import',
  'notification',
  'push_subscription',
  'push_outbox',
  'grant_list',
  'request',
  'request_category',
  'request_calendar',
  'request_setting',
  'project',
];
const LIMITS = [100, 200, 500];

/** 审计日志 (administrators): every change, newest first, filtered by entity and actor. */
export function AuditPage() {
  const { t, dateTime } = useFormat();
  const [entity, setEntity] = useState<string | undefined>();
  const [actor, setActor] = useState('');
  const [limit, setLimit] = useState(100);
  const log = useQuery(getQuery<{ entries: AuditView[] }>('/api/audit', { entity, actor: actor.trim(), limit }));

  return (
    <>
      <PageTitle title={t('audit.title')} sub={t('audit.sub')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap="small">
          <Select<string>
            allowClear
            aria-label={t('audit.entity')}
            placeholder={t('audit.entity')}
            value={entity}
            onChange={setEntity}
            style={{ width: 180 }}
            options={ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`, { defaultValue: e }) }))}
          />
          <Input.Search
            allowClear
            aria-label={t('audit.actor')}
            placeholder={t('audit.actorPlaceholder')}
            onSearch={setActor}
            style={{ width: 240 }}
          />
          <Select<number>
            aria-label={t('audit.limit')}
            value={limit}
            onChange={setLimit}
            style={{ width: 140 }}
            options={LIMITS.map((n) => ({ value: n, label: t('audit.latest', { count: n }) }))}
          />
        </Flex>
      </Card>
      <Card size="small">
        <QueryState query={log} isEmpty={(data) => data.entries.length === 0} empty={t('audit.empty')}>
          {({ entries }) => (
            <Table<AuditView>
              size="small"
              rowKey="id"
              dataSource={entries}
              scroll={{ x: 900 }}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              expandable={{
                expandedRowRender: (entry) => (
                  <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    {JSON.stringify(entry.detail, null, 2)}
                  </Typography.Paragraph>
                ),
              }}
              columns={[
                { title: t('audit.at'), dataIndex: 'at', width: 180, render: (at: string) => dateTime(at) },
                { title: t('audit.actor'), dataIndex: 'actor', width: 200 },
                { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Tag>{action}</Tag> },
                {
                  title: t('audit.entity'),
                  dataIndex: 'entity',
                  render: (e: string) => t(`audit.entities.${e}`, { defaultValue: e }),
                },
                { title: t('audit.entityId'), dataIndex: 'entityId', render: (id: string | null) => id ?? '—' },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
