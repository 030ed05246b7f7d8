import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { GRANT_STATES } from '../../../core/grants/state-machine.ts';
import type { PolicySummary } from '../../../server/api.ts';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { GrantStateTag } from '../../components/grants/tags.tsx';
import type { GrantListDetail, GrantListView, GrantState } from '../../components/grants/types.ts';
import { useGrantText } from '../../components/grants/useGrantText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';

/** Every policy marked 免申即享, withdrawn ones too (their lists stay): the policy filter's and the new run's choices. */
function useAutoGrantPolicies() {
  return useQuery({
    ...getQuery<PolicySummary[]>('/api/rules', { status: 'all' }),
    select: (policies) => policies.filter((p) => p.autoGrant),
  });
}

/**
 * 免申即享名单 (administrators, policy operators): the lists, newest first, by state and policy, with their figures;
 * a new run of an auto-grant policy over authoritative facts.
 */
export function GrantListsPage() {
  const g = useGrantText();
  const { t } = g;
  const [state, setState] = useState<GrantState | undefined>();
  const [policyId, setPolicyId] = useState<string | undefined>();
  const policies = useAutoGrantPolicies();
  const lists = useQuery(getQuery<GrantListView[]>('/api/grants', { state, policyId }));

  return (
    <>
      <PageTitle title={t('grants.lists.title')} sub={t('grants.lists.sub')} extra={<NewListButton />} />
      <Card size="small">
        <Flex wrap gap="small" style={{ marginBottom: 12 }}>
          <Select<GrantState>
            allowClear
            aria-label={t('grants.lists.filterState')}
            placeholder={t('grants.lists.allStates')}
            value={state}
            onChange={setState}
            style={{ width: 160 }}
            options={GRANT_STATES.map((s) => ({ value: s, label: g.state(s) }))}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('grants.lists.filterPolicy')}
            placeholder={t('grants.lists.allPolicies')}
            value={policyId}
            onChange={setPolicyId}
            loading={policies.isPending}
            style={{ width: 320, maxWidth: '100%' }}
            options={(policies.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          />
        </Flex>
        <QueryState query={lists} isEmpty={(data) => data.length === 0} empty={t('grants.lists.empty')}>
          {(data) => (
            <Table<GrantListView>
              size="small"
              rowKey="id"
              dataSource={data}
              scroll={{ x: 900 }}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              onRow={(row) =>
                ({ 'data-testid': 'grant-list-row', 'data-id': row.id }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('grants.lists.policy'),
                  key: 'policy',
                  render: (_, row) => (
                    <div>
                      <Link to={`/grants/${row.id}`}>{row.policy.title}</Link>
                      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                        {t('grants.list.batch', { year: row.year, run: row.run, version: row.policy.version })}
                      </div>
                    </div>
                  ),
                },
                {
                  title: t('common.status'),
                  dataIndex: 'state',
                  render: (s: GrantState) => <GrantStateTag state={s} />,
                },
                {
                  title: t('grants.lists.entries'),
                  key: 'entries',
                  render: (_, row) =>
                    t('grants.lists.entriesValue', { included: row.counts.included, entries: row.counts.entries }),
                },
                { title: t('grants.figures.accepted'), key: 'accepted', render: (_, row) => row.counts.accepted },
                { title: t('grants.figures.paid'), key: 'paid', render: (_, row) => row.counts.paid },
                {
                  title: t('grants.figures.amount'),
                  key: 'amount',
                  render: (_, row) => g.amount(row.counts.entries === 0 ? null : row.counts.amount),
                },
                { title: t('grants.lists.createdBy'), key: 'createdBy', render: (_, row) => g.actor(row.createdBy) },
                { title: t('grants.lists.updatedAt'), key: 'updatedAt', render: (_, row) => g.time(row.updatedAt) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}

interface NewList {
  policyId: string;
  year: number;
}

/** 运行新名单: a published policy marked 免申即享 and a year; the new list opens at 系统比对. */
function NewListButton() {
  const { t } = useGrantText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewList>();
  const policies = useAutoGrantPolicies();
  const published = (policies.data ?? []).filter((p) => p.status === 'published');
  const run = useMutation({
    mutationFn: (values: NewList) => api.post<GrantListDetail>('/api/grants', values),
    onSuccess: async (list) => {
      setOpen(false);
      queryClient.setQueryData([`/api/grants/${list.id}`, {}], list);
      await queryClient.invalidateQueries({ queryKey: ['/api/grants'] });
      await navigate(`/grants/${list.id}`);
    },
  });
  return (
    <>
      <Button
        type="primary"
        icon={<PlayCircleOutlined />}
        onClick={() => {
          run.reset();
          setOpen(true);
        }}
      >
        {t('grants.new.button')}
      </Button>
      <Modal
        open={open}
        title={t('grants.new.title')}
        okText={t('grants.new.run')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: run.isPending, disabled: published.length === 0 }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('grants.new.hint')}</Typography.Paragraph>
        {policies.isError && <ErrorAlert error={policies.error} onRetry={() => void policies.refetch()} />}
        {policies.isSuccess && published.length === 0 && (
          <Alert type="info" showIcon title={t('grants.new.none')} style={{ marginBottom: 16 }} />
        )}
        <Form<NewList>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ year: new Date().getFullYear() }}
          onFinish={(values) => run.mutate(values)}
        >
          <Form.Item
            name="policyId"
            label={t('grants.new.policy')}
            rules={[{ required: true, message: t('grants.new.policyRequired') }]}
          >
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              loading={policies.isPending}
              options={published.map((p) => ({ value: p.id, label: p.title }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('common.year')}>
            <YearField />
          </Form.Item>
        </Form>
        {run.isError && <ErrorAlert error={run.error} />}
      </Modal>
    </>
  );
}

/** YearSelect as a form control (Form.Item hands it value and onChange). */
function YearField({ value, onChange }: { value?: number; onChange?: (year: number) => void }) {
  return <YearSelect value={value ?? new Date().getFullYear()} onChange={(year) => onChange?.(year)} />;
}
