import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Statistic } from 'antd';
import { useState } from 'react';
import type { CountBy, Dashboard } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { EChart, type ChartOption } from '../../components/EChart.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { matchesOption, TOP } from './matchesOption.ts';

const COLORS = ['#c0392b', '#e67e22', '#2980b9', '#27ae60', '#8e44ad', '#16a085', '#d35400', '#7f8c8d'];

function barOption(rows: CountBy<string | number>[], seriesName: string): ChartOption {
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 40 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: seriesName, data: rows.map((r) => r.count) }],
  };
}

function pieOption(rows: CountBy<string>[]): ChartOption {
  return {
    color: COLORS,
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        top: -24,
        data: rows.map((r) => ({ name: r.name, value: r.count })),
        label: { formatter: '{b}: {c}' },
      },
    ],
  };
}

/** 数据看板: the library by region, column and year, and the stored matches by district and industry. */
export function DashboardPage() {
  const { t, yuan, dateTime } = useFormat();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const dashboard = useQuery(getQuery<Dashboard>('/api/dashboard', { year }));

  const chart = (title: string, rows: unknown[], option: () => ChartOption, height?: number) => (
    <Card size="small" title={title}>
      {rows.length === 0 ? (
        <Empty description={t('dashboard.noData')} />
      ) : (
        <EChart option={option()} label={title} height={height} />
      )}
    </Card>
  );

  return (
    <>
      <PageTitle title={t('dashboard.title')} extra={<YearSelect value={year} onChange={setYear} />} />
      <QueryState query={dashboard}>
        {({ library, matches }) => (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('dashboard.policies')} value={library.policies} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.pairs')}
                  value={matches.byDistrict.reduce((sum, row) => sum + row.count, 0)}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.computedAt')}
                  value={matches.computedAt ? dateTime(matches.computedAt) : t('dashboard.neverComputed')}
                />
              </Card>
            </Col>
            {matches.computedAt === null && (
              <Col xs={24}>
                <Alert type="info" showIcon title={t('dashboard.notRefreshed', { year: matches.year })} />
              </Col>
            )}
            <Col xs={24} lg={12}>
              {chart(t('dashboard.byRegion'), library.byRegion, () =>
                barOption(library.byRegion, t('dashboard.articles')),
              )}
            </Col>
            <Col xs={24} lg={12}>
              {chart(t('dashboard.bySection'), library.bySection, () => pieOption(library.bySection))}
            </Col>
            <Col xs={24} lg={12}>
              {chart(t('dashboard.byYear'), library.byYear, () => barOption(library.byYear, t('dashboard.articles')))}
            </Col>
            <Col xs={24} lg={12}>
              {chart(t('dashboard.byDistrict', { top: TOP }), matches.byDistrict, () =>
                matchesOption(
                  matches.byDistrict,
                  { count: t('dashboard.matches'), amount: t('dashboard.amount') },
                  yuan,
                ),
              )}
            </Col>
            <Col xs={24} lg={12}>
              {chart(t('dashboard.byIndustry'), matches.byIndustry, () =>
                matchesOption(
                  matches.byIndustry,
                  { count: t('dashboard.matches'), amount: t('dashboard.amount') },
                  yuan,
                ),
              )}
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}
