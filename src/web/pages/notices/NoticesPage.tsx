import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { getQuery } from '../../api/client.ts';
import type { GrantNoticeSummary } from '../../components/grants/types.ts';
import { useGrantText } from '../../components/grants/useGrantText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';

/** 免申即享公示 (anyone, signed in or not): the published lists, newest first, with how many were paid and how much. */
export function NoticesPage() {
  const g = useGrantText();
  const { t } = g;
  const notices = useQuery(getQuery<GrantNoticeSummary[]>('/api/grants/notices'));
  return (
    <>
      <PageTitle title={t('grants.notices.title')} sub={t('grants.notices.sub')} />
      <Card size="small">
        <QueryState query={notices} isEmpty={(data) => data.length === 0} empty={t('grants.notices.empty')}>
          {(data) => (
            <List
              dataSource={data}
              rowKey="id"
              renderItem={(notice) => (
                <List.Item data-testid="notice-row" data-id={notice.id}>
                  <List.Item.Meta
                    title={<Link to={`/notices/${notice.id}`}>{notice.title}</Link>}
                    description={
                      <>
                        {t('grants.notices.batch', { year: notice.year, run: notice.run })}
                        {notice.publishedAt &&
                          ` · ${t('grants.notices.publishedAt', { date: g.day(notice.publishedAt) })}`}
                      </>
                    }
                  />
                  <Typography.Text>
                    {t('grants.notices.summary', { count: notice.count, amount: g.yuan(notice.total) })}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
