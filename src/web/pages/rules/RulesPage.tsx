import { EditOutlined, EyeOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PolicySummary } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { AUTHORS, hasRole } from '../../session/roles.ts';
import { mayAuthor } from '../../session/scope.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { WithdrawButton } from './WithdrawButton.tsx';

const STATUS_COLORS: Record<string, string> = { published: 'green', withdrawn: 'default', draft: 'blue' };

/** 政策规则: the policies, searchable by id or title, with their status and what staff may do with each. */
export function RulesPage() {
  const { t, dateTime } = useFormat();
  const account = useAccount();
  const author = hasRole(account, AUTHORS);
  const [text, setText] = useState('');
  // Authors manage withdrawn policies too (republish by editing); others see what is in force.
  const rules = useQuery(getQuery<PolicySummary[]>('/api/rules', author ? { status: 'all' } : undefined));

  return (
    <>
      <PageTitle
        title={t('rules.title')}
        extra={
          author && (
            <Link to="/rules/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('rules.new')}
              </Button>
            </Link>
          )
        }
      />
      <Card size="small">
        <Flex style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            aria-label={t('rules.filter')}
            placeholder={t('rules.filter')}
            onChange={(e) => setText(e.target.value)}
            style={{ maxWidth: 360 }}
          />
        </Flex>
        <QueryState query={rules} isEmpty={(list) => list.length === 0} empty={t('rules.empty')}>
          {(list) => {
            const needle = text.trim().toLowerCase();
            const shown = needle
              ? list.filter((p) => p.id.includes(needle) || p.title.toLowerCase().includes(needle))
              : list;
            return (
              <Table<PolicySummary>
                size="small"
                rowKey="id"
                dataSource={shown}
                scroll={{ x: 960 }}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                locale={{ emptyText: t('rules.noMatch') }}
                columns={[
                  {
                    title: t('rules.policy'),
                    key: 'title',
                    render: (_, p) => (
                      <div>
                        <Link to={`/policies/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                        <div style={{ fontSize: 12, color: '#8c8c8c' }}>{p.id}</div>
                      </div>
                    ),
                  },
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    width: 100,
                    render: (status: string) => <Tag color={STATUS_COLORS[status]}>{t(`policy.status.${status}`)}</Tag>,
                  },
                  { title: t('editor.version'), dataIndex: 'version', width: 70 },
                  {
                    title: t('policy.regions'),
                    dataIndex: 'regions',
                    render: (regions: string[]) => regions.map(regionName).join('、'),
                  },
                  {
                    title: t('rules.updatedAt'),
                    dataIndex: 'updatedAt',
                    width: 170,
                    render: (at: string) => dateTime(at),
                  },
                  {
                    title: t('rules.actions'),
                    key: 'actions',
                    width: 300,
                    render: (_, p) => (
                      <Space size={4} wrap>
                        <Link to={`/policies/${encodeURIComponent(p.id)}`}>
                          <Button size="small" icon={<EyeOutlined />}>
                            {t('rules.view')}
                          </Button>
                        </Link>
                        {mayAuthor(account, p.regions) && (
                          <Link to={`/rules/${encodeURIComponent(p.id)}/edit`}>
                            <Button size="small" icon={<EditOutlined />}>
                              {t('policy.edit')}
                            </Button>
                          </Link>
                        )}
                        <Link to={`/rules/${encodeURIComponent(p.id)}/qualifying`}>
                          <Button size="small" icon={<TeamOutlined />}>
                            {t('rules.qualifying')}
                          </Button>
                        </Link>
                        {mayAuthor(account, p.regions) && p.status === 'published' && (
                          <WithdrawButton id={p.id} title={p.title} />
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            );
          }}
        </QueryState>
      </Card>
    </>
  );
}
