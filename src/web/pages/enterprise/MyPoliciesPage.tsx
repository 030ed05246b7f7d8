import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Tabs } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { EnterpriseFeed, Status } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { MatchList } from './MatchList.tsx';
import { WantedFacts } from './WantedFacts.tsx';

const STATUSES: Status[] = ['eligible', 'unknown', 'ineligible'];

/** 我的政策: every published policy against the enterprise's stored profile, by status, with sums and reasons. */
export function MyPoliciesPage() {
  const { uscc = '' } = useParams();
  const { t, amount } = useFormat();
  const own = useAccount().uscc === uscc;
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [status, setStatus] = useState<Status>('eligible');
  const feed = useQuery(getQuery<EnterpriseFeed>(`/api/enterprises/${encodeURIComponent(uscc)}/policies`, { year }));

  return (
    <>
      <PageTitle
        title={t(own ? 'myPolicies.title' : 'myPolicies.staffTitle')}
        sub={feed.data && `${feed.data.enterprise.name} · ${feed.data.enterprise.regionName}`}
        extra={<YearSelect value={year} onChange={setYear} />}
      />
      <QueryState query={feed}>
        {(data) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small">
                <Statistic title={t('myPolicies.total')} value={amount(data.total)} data-testid="total-amount" />
              </Card>
            </Col>
            {STATUSES.map((s) => (
              <Col xs={8} sm={4} lg={6} key={s} style={{ display: 'flex' }}>
                <Card size="small" style={{ width: '100%' }}>
                  <Statistic title={t(`status.${s}`)} value={data.counts[s]} />
                </Card>
              </Col>
            ))}
            <Col xs={24} lg={16}>
              <Card size="small">
                <Tabs
                  activeKey={status}
                  onChange={(key) => setStatus(key as Status)}
                  items={STATUSES.map((s) => ({
                    key: s,
                    label: `${t(`status.${s}`)} (${data.counts[s]})`,
                    children: (
                      <MatchList
                        uscc={uscc}
                        year={data.year}
                        matches={data.matches.filter((m) => m.status === s)}
                        empty={t(`myPolicies.empty.${s}`)}
                      />
                    ),
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <WantedFacts wanted={data.wanted} />
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}
