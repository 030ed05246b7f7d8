import { ArrowLeftOutlined, DownloadOutlined, NotificationOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Row, Space, Statistic, Steps, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { getQuery } from '../../api/client.ts';
import { EntryActions } from '../../components/grants/EntryActions.tsx';
import { GrantHistory } from '../../components/grants/GrantHistory.tsx';
import { NextStepButton } from '../../components/grants/NextStepButton.tsx';
import { invalidateGrants } from '../../components/grants/queries.ts';
import { GrantStateTag, PaymentTag, ResponseTag } from '../../components/grants/tags.tsx';
import type {
  EntryCounts,
  EntryFilter,
  GrantEntryPage,
  GrantEntryView,
  GrantListDetail,
  GrantState,
} from '../../components/grants/types.ts';
import { GRANT_STEPS, useGrantText } from '../../components/grants/useGrantText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { regionName } from '../../format/places.ts';
import { EnterpriseCell } from '../../components/EnterpriseCell.tsx';
import { serverPagination } from '../../components/serverPagination.ts';

const PAGE_SIZE = 20;

/** The entry tabs, each with the figure that counts it. */
const FILTERS: Record<EntryFilter, (c: EntryCounts) => number> = {
  all: (c) => c.entries,
  included: (c) => c.included,
  excluded: (c) => c.excluded,
  pending: (c) => c.pending,
  accepted: (c) => c.accepted,
  declined: (c) => c.declined,
  unpaid: (c) => c.awaitingPayment + c.failed,
  paid: (c) => c.paid,
};

/** The tabs that mean something in a state: review, then the answers, then the payments. */
function filtersOf(state: GrantState): EntryFilter[] {
  if (state === 'compared') return ['all', 'included', 'excluded'];
  if (state === 'pushed' || state === 'confirming') return ['all', 'excluded', 'pending', 'accepted', 'declined'];
  return ['all', 'excluded', 'accepted', 'declined', 'unpaid', 'paid'];
}

/**
 * One 免申即享 list (administrators, policy operators): where it stands among the five states, its figures, the next
 * step with a confirmation, the entries (excluded and included again while 系统比对, payments recorded while 自动兑付),
 * the workbook once frozen, and its history: every step and change, who made it and when.
 */
export function GrantListPage() {
  const { id = '' } = useParams();
  const g = useGrantText();
  const { t } = g;
  const detail = useQuery(getQuery<GrantListDetail>(`/api/grants/${id}`));

  return (
    <>
      <Link to="/grants">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
          {t('grants.list.back')}
        </Button>
      </Link>
      <QueryState query={detail}>
        {(list) => (
          <>
            <PageTitle
              title={<span data-testid="grant-title">{list.policy.title}</span>}
              sub={t('grants.list.batch', { year: list.year, run: list.run, version: list.policy.version })}
              extra={
                <>
                  <GrantStateTag state={list.state} />
                  {list.state !== 'compared' && (
                    <a href={`/api/grants/${list.id}/export.xlsx`} download data-testid="grant-export">
                      <Button icon={<DownloadOutlined />}>{t('grants.list.export')}</Button>
                    </a>
                  )}
                  {(list.state === 'published' || list.state === 'archived') && (
                    <Link to={`/notices/${list.id}`} data-testid="grant-notice-link">
                      <Button icon={<NotificationOutlined />}>{t('grants.list.notice')}</Button>
                    </Link>
                  )}
                </>
              }
            />
            <Card size="small" style={{ marginBottom: 16 }}>
              <ListSteps state={list.state} />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={16}>
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <Figures list={list} />
                  <Entries list={list} />
                </Space>
              </Col>
              <Col xs={24} xl={8}>
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <Card size="small" title={t('grants.list.next')}>
                    <NextStep list={list} />
                  </Card>
                  <Card size="small" title={t('grants.list.history')}>
                    <GrantHistory history={list.history} />
                  </Card>
                </Space>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </>
  );
}

/** The five states, the list's own in progress; an archived list has them all finished. */
function ListSteps({ state }: { state: GrantState }) {
  const g = useGrantText();
  const current = state === 'archived' ? GRANT_STEPS.length : GRANT_STEPS.indexOf(state);
  return (
    <Steps
      size="small"
      current={current}
      items={GRANT_STEPS.map((step, i) => {
        const status = i < current ? 'finish' : i === current ? 'process' : 'wait';
        return {
          status,
          title: (
            <span data-testid="grant-step" data-step={step} data-status={status}>
              {g.state(step)}
            </span>
          ),
          content: step === 'published' && state === 'archived' ? g.state('archived') : undefined,
        };
      })}
    />
  );
}

function Figures({ list }: { list: GrantListDetail }) {
  const g = useGrantText();
  const { t } = g;
  const c = list.counts;
  const frozen = list.state !== 'compared';
  const paying = list.state === 'paying' || list.state === 'published' || list.state === 'archived';
  const figures: { key: string; value: number | string }[] = [
    { key: 'entries', value: c.entries },
    { key: 'included', value: c.included },
    { key: 'excluded', value: c.excluded },
    { key: 'amount', value: g.amount(c.entries === 0 ? null : c.amount) },
    ...(frozen
      ? [
          { key: 'pending', value: c.pending },
          { key: 'accepted', value: c.accepted },
          { key: 'declined', value: c.declined },
          { key: 'noResponse', value: c.noResponse },
        ]
      : []),
    ...(paying
      ? [
          { key: 'awaitingPayment', value: c.awaitingPayment },
          { key: 'paid', value: c.paid },
          { key: 'failed', value: c.failed },
          { key: 'paidAmount', value: g.yuan(c.paidAmount) },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t('grants.list.figures')}>
      <Row gutter={[16, 8]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} sm={8} md={6}>
            <Statistic title={t(`grants.figures.${f.key}`)} value={f.value} data-testid={`figure-${f.key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** What comes next, in words, and its button; or that the list is finished. */
function NextStep({ list }: { list: GrantListDetail }) {
  const g = useGrantText();
  const { t } = g;
  return (
    <Flex vertical gap="small">
      {list.respondBy && (
        <Typography.Text data-testid="grant-respond-by">
          {t('grants.list.respondBy', { date: g.day(list.respondBy) })}
        </Typography.Text>
      )}
      {list.frozenAt && (
        <Typography.Text type="secondary">{t('grants.list.frozenAt', { time: g.time(list.frozenAt) })}</Typography.Text>
      )}
      {list.next === null ? (
        <Typography.Text type="secondary">{t('grants.list.finished')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(`grants.actionHelp.${list.next}`)}
          </Typography.Paragraph>
          {list.next === 'publish' && list.counts.awaitingPayment > 0 && (
            <Typography.Text type="warning" data-testid="awaiting-payment">
              {t('grants.list.awaitingPayment', { count: list.counts.awaitingPayment })}
            </Typography.Text>
          )}
          <div>
            <NextStepButton list={list} action={list.next} />
          </div>
        </>
      )}
    </Flex>
  );
}

/** The entries by tab, largest sum first, paged by the server, with what may be done to each now. */
function Entries({ list }: { list: GrantListDetail }) {
  const g = useGrantText();
  const { t } = g;
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<EntryFilter>('all');
  const [page, setPage] = useState(1);
  const filters = filtersOf(list.state);
  // A tab of an earlier state (待答复 once payment starts) falls back to all.
  const filter = filters.includes(chosen) ? chosen : 'all';
  const entries = useQuery(
    getQuery<GrantEntryPage>(`/api/grants/${list.id}/entries`, {
      filter,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );
  const frozen = list.state !== 'compared';
  const editable = list.state === 'compared' || list.state === 'paying';

  return (
    <Card size="small" title={t('grants.list.entries')}>
      <Tabs
        activeKey={filter}
        size="small"
        tabBarGutter={20}
        onChange={(key) => {
          setChosen(key as EntryFilter);
          setPage(1);
        }}
        items={filters.map((key) => ({
          key,
          label: t('grants.filters.label', { name: t(`grants.filters.${key}`), count: FILTERS[key](list.counts) }),
        }))}
      />
      <QueryState query={entries}>
        {(data) => (
          <Table<GrantEntryView>
            size="small"
            rowKey="id"
            dataSource={data.items}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('grants.list.noEntries') }}
            onRow={(row) =>
              ({
                'data-testid': 'grant-entry',
                'data-uscc': row.uscc,
                'data-id': row.id,
              }) as React.HTMLAttributes<HTMLElement>
            }
            pagination={serverPagination(
              { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage },
              t,
            )}
            columns={[
              {
                title: t('grants.entry.enterprise'),
                key: 'name',
                render: (_, row) => (
                  <EnterpriseCell uscc={row.uscc} name={row.name} after={` · ${regionName(row.region)}`} />
                ),
              },
              { title: t('common.amount'), key: 'amount', render: (_, row) => g.amount(row.amount) },
              {
                title: t('common.status'),
                key: 'status',
                render: (_, row) => <EntryStatus entry={row} frozen={frozen} />,
              },
              ...(editable
                ? [
                    {
                      title: t('grants.entry.actions'),
                      key: 'actions',
                      render: (_: unknown, row: GrantEntryView) => (
                        <EntryActions list={list} entry={row} onDone={() => invalidateGrants(queryClient)} />
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

/** An entry's standing: excluded (why), and once pushed its answer and payment. */
function EntryStatus({ entry, frozen }: { entry: GrantEntryView; frozen: boolean }) {
  const g = useGrantText();
  const { t } = g;
  if (entry.excluded) {
    return (
      <div>
        <Typography.Text type="secondary" data-testid="excluded-tag">
          {t('grants.entry.excluded')}
        </Typography.Text>
        {entry.excludeReason && (
          <div style={{ fontSize: 12 }} data-testid="exclude-reason">
            {entry.excludeReason}
          </div>
        )}
      </div>
    );
  }
  if (!frozen) return <Typography.Text>{t('grants.entry.included')}</Typography.Text>;
  return (
    <div>
      <Flex wrap gap={4}>
        <ResponseTag response={entry.response} />
        <PaymentTag payment={entry.payment} />
      </Flex>
      {entry.responseReason && <div style={{ fontSize: 12 }}>{entry.responseReason}</div>}
      {entry.payment === 'paid' && (
        <div style={{ fontSize: 12 }} data-testid="paid-detail">
          {t('grants.entry.paidDetail', {
            amount: g.yuan(entry.paidAmount ?? 0),
            date: entry.paidOn ? g.day(entry.paidOn) : '—',
            reference: entry.paymentReference ?? '—',
          })}
        </div>
      )}
      {entry.payment === 'failed' && entry.paymentReason && (
        <div style={{ fontSize: 12 }}>{t('grants.entry.failedDetail', { reason: entry.paymentReason })}</div>
      )}
    </div>
  );
}
