import { Table, Typography } from 'antd';
import type { ProfileView } from '../../../server/api.ts';
import { useFormat } from '../../format/useFormat.ts';

interface Props {
  metrics: NonNullable<ProfileView['profile']['metrics']>;
  provenance: ProfileView['provenance'];
}

/** Yearly figures: one row per metric, one column per year (newest first), each cell with its source. */
export function MetricsTable({ metrics, provenance }: Props) {
  const { t, fact, factValue } = useFormat();
  const years = Object.keys(metrics).sort().reverse();
  const keys = [...new Set(years.flatMap((year) => Object.keys(metrics[year] ?? {})))].sort();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 200 + years.length * 180 }}
      locale={{ emptyText: t('profile.noMetrics') }}
      dataSource={keys.map((key) => ({ key }))}
      columns={[
        {
          title: t('profile.metric'),
          key: 'metric',
          fixed: 'left',
          width: 200,
          render: (_, row) => fact(`metrics.${row.key}`),
        },
        ...years.map((year) => ({
          title: t('common.yearValue', { year }),
          key: year,
          render: (_: unknown, row: { key: string }) => {
            const value = metrics[year]?.[row.key];
            if (value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
            const source = provenance[`metrics.${year}.${row.key}`];
            return (
              <div>
                <div>{factValue(`metrics.${row.key}`, value)}</div>
                {source && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {source.source} · {source.asOf}
                    {source.authoritative ? ` · ${t('profile.authoritative')}` : ''}
                  </Typography.Text>
                )}
              </div>
            );
          },
        })),
      ]}
    />
  );
}
