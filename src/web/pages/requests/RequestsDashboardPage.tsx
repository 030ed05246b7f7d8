import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Rate, Row, Statistic, Table, Typography } from 'antd';
import { REQUEST_STATES } from '../../../core/requests/types.ts';
import { getQuery } from '../../api/client.ts';
import { EChart, type ChartOption } from '../../components/EChart.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import type { RequestDashboard, RequestFigures } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';

const COLORS = ['#2980b9', '#c0392b', '#27ae60'];

interface Group extends RequestFigures {
  name: string;
}

/** Open, overdue and resolved per department or category: one group of bars each, names readable sideways. */
function groupsOption(groups: Group[], names: { open: string; overdue: string; resolved: string }): ChartOption {
  const rows = [...groups].reverse();
  return {
    color: COLORS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    yAxis: { type: 'category', data: rows.map((g) => g.name), axisLabel: { width: 130, overflow: 'truncate' } },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: names.open, data: rows.map((g) => g.open) },
      { type: 'bar', name: names.overdue, data: rows.map((g) => g.overdue) },
      { type: 'bar', name: names.resolved, data: rows.map((g) => g.resolved) },
    ],
  };
}

function statesOption(rows: { name: string; count: number }[], series: string): ChartOption {
  return {
    color: ['#1f5fbf'],
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: 40 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: series, data: rows.map((r) => r.count) }],
  };
}

/**
 * 诉求看板: how many requests are open and overdue, how long a resolution takes (median) and how satisfied the
 * enterprises are, in total, by department and by category — within what the account may see.
 */
export function RequestsDashboardPage() {
  const text = useRequestText();
  const { t } = text;
  const dashboard = useQuery(getQuery<RequestDashboard>('/api/requests/dashboard'));
  const series = {
    open: t('requests.dashboard.open'),
    overdue: t('requests.dashboard.overdue'),
    resolved: t('requests.dashboard.resolved'),
  };
  const stat = (key: string, title: string, value: number | string, extra?: React.ReactNode) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" data-testid={`stat-${key}`} style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        {extra}
      </Card>
    </Col>
  );
  const median = (figures: RequestFigures) =>
    figures.medianHoursToResolve === null ? '—' : text.hours(figures.medianHoursToResolve);
  const satisfaction = (figures: RequestFigures) =>
    figures.satisfaction.average === null
      ? '—'
      : t('requests.dashboard.satisfactionValue', {
          average: figures.satisfaction.average.toFixed(1),
          count: figures.satisfaction.count,
        });

  return (
    <>
      <PageTitle title={t('requests.dashboard.title')} sub={t('requests.dashboard.sub')} />
      <QueryState query={dashboard}>
        {(d) => {
          const departments: Group[] = d.byDepartment.map((g) => ({
            ...g,
            name: g.key ?? t('requests.unassigned'),
          }));
          const categories: Group[] = d.byCategory.map((g) => ({ ...g, name: g.name ?? g.key }));
          const states = REQUEST_STATES.map((s) => ({ name: text.state(s), count: d.byState[s] ?? 0 }));
          const chart = (title: string, rows: unknown[], option: () => ChartOption, height = 320) => (
            <Card size="small" title={title}>
              {rows.length === 0 ? (
                <Empty description={t('requests.dashboard.noData')} />
              ) : (
                <EChart option={option()} label={title} height={height} />
              )}
            </Card>
          );
          return (
            <Row gutter={[16, 16]}>
              {stat('total', t('requests.dashboard.total'), d.totals.total)}
              {stat('open', series.open, d.totals.open)}
              {stat('overdue', series.overdue, d.totals.overdue)}
              {stat('resolved', series.resolved, d.totals.resolved)}
              {stat('median', t('requests.dashboard.median'), median(d.totals))}
              {stat(
                'satisfaction',
                t('requests.dashboard.satisfaction'),
                d.totals.satisfaction.average === null ? '—' : d.totals.satisfaction.average.toFixed(2),
                <div>
                  {d.totals.satisfaction.average !== null && (
                    <Rate
                      disabled
                      allowHalf
                      value={Math.round(d.totals.satisfaction.average * 2) / 2}
                      style={{ fontSize: 12 }}
                    />
                  )}
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('requests.dashboard.ratings', { count: d.totals.satisfaction.count })}
                  </Typography.Text>
                </div>,
              )}
              {d.totals.total === 0 && (
                <Col xs={24}>
                  <Empty description={t('requests.dashboard.none')} />
                </Col>
              )}
              <Col xs={24} lg={12}>
                {chart(
                  t('requests.dashboard.byDepartment'),
                  departments,
                  () => groupsOption(departments, series),
                  Math.max(240, departments.length * 48 + 60),
                )}
              </Col>
              <Col xs={24} lg={12}>
                {chart(
                  t('requests.dashboard.byCategory'),
                  categories,
                  () => groupsOption(categories, series),
                  Math.max(240, categories.length * 48 + 60),
                )}
              </Col>
              <Col xs={24}>
                {chart(
                  t('requests.dashboard.byState'),
                  d.totals.total === 0 ? [] : states,
                  () => statesOption(states, t('requests.dashboard.count')),
                  260,
                )}
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('requests.dashboard.departmentTable')}>
                  <Table<Group>
                    size="small"
                    rowKey="name"
                    data-testid="department-figures"
                    dataSource={departments}
                    pagination={false}
                    scroll={{ x: 560 }}
                    locale={{ emptyText: t('requests.dashboard.noData') }}
                    columns={[
                      { title: t('requests.fields.department'), dataIndex: 'name' },
                      { title: t('requests.dashboard.total'), dataIndex: 'total', width: 60 },
                      { title: series.open, dataIndex: 'open', width: 60 },
                      { title: series.overdue, dataIndex: 'overdue', width: 60 },
                      { title: series.resolved, dataIndex: 'resolved', width: 60 },
                      { title: t('requests.dashboard.median'), key: 'median', render: (_, g) => median(g) },
                      { title: t('requests.dashboard.satisfaction'), key: 'sat', render: (_, g) => satisfaction(g) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          );
        }}
      </QueryState>
    </>
  );
}
