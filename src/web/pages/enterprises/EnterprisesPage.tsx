import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Input, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { EnterpriseListItem, Page } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RegionPicker } from '../../components/RegionPicker.tsx';
import { industryName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { EnterpriseCell } from '../../components/EnterpriseCell.tsx';
import { serverPagination } from '../../components/serverPagination.ts';

const PAGE_SIZE = 20;

/** 企业 (staff): the enterprises the account may see, by name or USCC and region, each opening its policies. */
export function EnterprisesPage() {
  const { t, dateTime } = useFormat();
  const [q, setQ] = useState('');
  const [region, setRegion] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useQuery(
    getQuery<Page<EnterpriseListItem>>('/api/enterprises', {
      q,
      region,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );

  return (
    <>
      <PageTitle title={t('enterprises.title')} />
      <Card size="small">
        <Flex wrap gap="small" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            aria-label={t('enterprises.search')}
            placeholder={t('enterprises.search')}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
            style={{ width: 280 }}
          />
          <RegionPicker
            value={region}
            onChange={(code) => {
              setRegion(code);
              setPage(1);
            }}
          />
        </Flex>
        <QueryState query={list} isEmpty={(data) => data.total === 0} empty={t('enterprises.empty')}>
          {(data) => (
            <Table<EnterpriseListItem>
              size="small"
              rowKey="uscc"
              dataSource={data.items}
              scroll={{ x: 900 }}
              pagination={serverPagination(
                { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage },
                t,
              )}
              columns={[
                {
                  title: t('enterprises.name'),
                  key: 'name',
                  render: (_, e) => <EnterpriseCell uscc={e.uscc} name={e.name} />,
                },
                { title: t('common.region'), dataIndex: 'regionName' },
                {
                  title: t('common.industry'),
                  dataIndex: 'industry',
                  render: (code: string | null) => (code ? industryName(code) : '—'),
                },
                {
                  title: t('facts.plain.sizeClass'),
                  dataIndex: 'sizeClass',
                  render: (size: string | null) => (size ? t(`sizeClass.${size}`) : '—'),
                },
                { title: t('facts.plain.employees'), dataIndex: 'employees', render: (n: number | null) => n ?? '—' },
                {
                  title: t('enterprises.links'),
                  key: 'links',
                  render: (_, e) => <Link to={`/enterprises/${e.uscc}/profile`}>{t('nav.profile')}</Link>,
                },
                { title: t('rules.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => dateTime(at) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
