import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { QualifiedEnterprise, QualifyingPage as Answer } from '../../../server/api.ts';
import { getQuery, queryString } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { industryName, regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { EnterpriseCell } from '../../components/EnterpriseCell.tsx';
import { serverPagination } from '../../components/serverPagination.ts';

const PAGE_SIZE = 20;

/** The enterprises that qualify for one policy in a year (optionally those a missing fact leaves open), as XLSX too. */
export function QualifyingPage() {
  const { id = '' } = useParams();
  const { t, amount, fact } = useFormat();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [unknown, setUnknown] = useState(false);
  const [page, setPage] = useState(1);
  const path = `/api/rules/${encodeURIComponent(id)}/qualifying`;
  const list = useQuery(getQuery<Answer>(path, { year, unknown, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));

  return (
    <>
      <PageTitle
        title={list.data?.policy.title ?? t('qualifying.title')}
        sub={t('qualifying.sub', { id })}
        extra={
          <>
            <YearSelect
              value={year}
              onChange={(y) => {
                setYear(y);
                setPage(1);
              }}
            />
            <Switch
              checked={unknown}
              onChange={(on) => {
                setUnknown(on);
                setPage(1);
              }}
              checkedChildren={t('qualifying.withUnknown')}
              unCheckedChildren={t('qualifying.eligibleOnly')}
              aria-label={t('qualifying.withUnknown')}
            />
            <a href={`${path}.xlsx${queryString({ year, unknown })}`} download>
              <Button icon={<DownloadOutlined />}>{t('qualifying.export')}</Button>
            </a>
          </>
        }
      />
      <QueryState query={list}>
        {(data) => (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic
                  title={t('status.eligible')}
                  value={data.counts.eligible}
                  data-testid="qualifying-eligible"
                />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic title={t('status.unknown')} value={data.counts.unknown} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic title={t('qualifying.amount')} value={amount(data.amount)} />
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small">
                <Table<QualifiedEnterprise>
                  size="small"
                  rowKey="uscc"
                  dataSource={data.items}
                  scroll={{ x: 900 }}
                  locale={{ emptyText: t('qualifying.empty') }}
                  pagination={serverPagination(
                    { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage },
                    t,
                  )}
                  columns={[
                    {
                      title: t('enterprises.name'),
                      key: 'name',
                      render: (_, row) => <EnterpriseCell uscc={row.uscc} name={row.name} />,
                    },
                    { title: t('common.region'), dataIndex: 'region', render: (code: string) => regionName(code) },
                    {
                      title: t('common.industry'),
                      dataIndex: 'industry',
                      render: (code: string | null) => (code ? industryName(code) : '—'),
                    },
                    {
                      title: t('common.status'),
                      dataIndex: 'status',
                      render: (s: QualifiedEnterprise['status']) => <StatusTag status={s} />,
                    },
                    {
                      title: t('common.amount'),
                      key: 'amount',
                      render: (_, row) =>
                        row.supersededBy ? (
                          <Typography.Text type="secondary">
                            {t('qualifying.superseded', { id: row.supersededBy })}
                          </Typography.Text>
                        ) : (
                          amount(row.amount)
                        ),
                    },
                    {
                      title: t('qualifying.missing'),
                      dataIndex: 'missing',
                      render: (missing: string[]) =>
                        missing.length === 0 ? '—' : missing.map((key) => <Tag key={key}>{fact(key)}</Tag>),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}
