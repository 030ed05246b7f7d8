import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, List, Row, Statistic, Table, Typography } from 'antd';
import type { Policy, QualifiedEnterprise, RulePreview } from '../../../../server/api.ts';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { StatusTag } from '../../../components/StatusTag.tsx';
import { useDebounced } from '../../../components/useDebounced.ts';
import { YearSelect } from '../../../components/YearSelect.tsx';
import { regionName } from '../../../format/places.ts';
import { useFormat } from '../../../format/useFormat.ts';

/**
 * Who would qualify if the draft were published, asked half a second after the author stops typing: the
 * validation errors by path, or the counts, the total and the first enterprises.
 */
export function PreviewPanel({
  policy,
  year,
  onYear,
}: {
  policy: Policy;
  year: number;
  onYear: (year: number) => void;
}) {
  const { t, amount, fact } = useFormat();
  const settled = useDebounced(policy, 500);
  const preview = useQuery({
    queryKey: ['rules-preview', settled, year],
    queryFn: () => api.post<RulePreview>('/api/rules/preview', { policy: settled, year }),
    placeholderData: keepPreviousData,
  });
  const data = preview.data;
  const stale = preview.isFetching || settled !== policy;

  return (
    <Card
      size="small"
      title={t('editor.preview')}
      extra={<YearSelect value={year} onChange={onYear} />}
      data-testid="preview"
      data-state={stale ? 'pending' : data?.valid ? 'valid' : 'invalid'}
    >
      {stale && <Typography.Text type="secondary">{t('editor.previewing')}</Typography.Text>}
      {preview.isError && <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />}
      {!data && !preview.isError && <Loading />}
      {data && !data.valid && (
        <Alert
          type="warning"
          showIcon
          title={t('editor.invalid', { count: data.errors.length })}
          description={
            <List
              size="small"
              dataSource={data.errors}
              renderItem={(error) => (
                <List.Item data-testid="validation-error">
                  <Typography.Text code>{error.path || 'policy'}</Typography.Text> {error.message}
                </List.Item>
              )}
            />
          }
        />
      )}
      {data && data.valid && (
        <>
          <Row gutter={[8, 8]}>
            <Col span={12}>
              <Statistic title={t('editor.lookedAt')} value={data.enterprises} />
            </Col>
            <Col span={12}>
              <Statistic title={t('editor.total')} value={amount(data.total)} />
            </Col>
            <Col span={12}>
              <Statistic title={t('status.eligible')} value={data.counts.eligible} data-testid="preview-eligible" />
            </Col>
            <Col span={12}>
              <Statistic title={t('status.unknown')} value={data.counts.unknown} />
            </Col>
          </Row>
          <Table<QualifiedEnterprise>
            style={{ marginTop: 12 }}
            size="small"
            rowKey="uscc"
            pagination={false}
            dataSource={data.sample}
            locale={{ emptyText: t('editor.nobody') }}
            columns={[
              {
                title: t('enterprises.name'),
                key: 'name',
                render: (_, row) => (
                  <div>
                    <div>{row.name}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {regionName(row.region)}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('common.amount'),
                key: 'amount',
                render: (_, row) => (
                  <div>
                    <StatusTag status={row.status} />
                    <div>{row.amount ? amount(row.amount) : row.missing.map(fact).join('、') || t('amount.none')}</div>
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
