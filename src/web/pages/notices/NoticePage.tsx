import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Statistic, Table } from 'antd';
import { Link, useParams } from 'react-router';
import { getQuery } from '../../api/client.ts';
import type { GrantNotice } from '../../components/grants/types.ts';
import { useGrantText } from '../../components/grants/useGrantText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';

type NoticeRow = GrantNotice['entries'][number] & { n: number };

/** One list's 公示 (anyone): the names of the enterprises paid and their sums, nothing more. */
export function NoticePage() {
  const { id = '' } = useParams();
  const g = useGrantText();
  const { t } = g;
  const notice = useQuery(getQuery<GrantNotice>(`/api/grants/${encodeURIComponent(id)}/notice`));
  return (
    <>
      <Link to="/notices">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
          {t('grants.notices.back')}
        </Button>
      </Link>
      <QueryState query={notice}>
        {(data) => (
          <>
            <PageTitle
              title={
                <span data-testid="notice-title">{t('grants.notices.noticeTitle', { title: data.list.title })}</span>
              }
              sub={
                t('grants.notices.batch', { year: data.list.year, run: data.list.run }) +
                (data.list.publishedAt
                  ? ` · ${t('grants.notices.publishedAt', { date: g.day(data.list.publishedAt) })}`
                  : '')
              }
            />
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('grants.notices.count')} value={data.count} data-testid="notice-count" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('grants.notices.total')} value={g.yuan(data.total)} data-testid="notice-total" />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small">
                  <Table<NoticeRow>
                    size="small"
                    rowKey="n"
                    dataSource={data.entries.map((entry, i) => ({ ...entry, n: i + 1 }))}
                    pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
                    locale={{ emptyText: t('grants.notices.noEntries') }}
                    onRow={() => ({ 'data-testid': 'notice-entry' }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      { title: '#', dataIndex: 'n', width: 64 },
                      { title: t('grants.notices.name'), dataIndex: 'name' },
                      {
                        title: t('grants.notices.amount'),
                        dataIndex: 'amount',
                        align: 'right',
                        render: (amount: number) => g.yuan(amount),
                      },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </>
  );
}
