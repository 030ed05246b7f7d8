import { ArrowLeftOutlined, CheckOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { invalidateLoop, REQUEST_PATHS } from '../../components/requests/loop.ts';
import { RequestTable } from '../../components/requests/RequestTable.tsx';
import type { MilestoneView, ProjectDetail, ProjectStatus, RequestPage } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { hasRole } from '../../session/roles.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { PROJECT_STATUSES, ProjectStatusTag, WarningTag } from './projectText.tsx';
import { PROJECT_EDITORS } from './ProjectsPage.tsx';

const PAGE_SIZE = 10;

/** A major project: its owner and department, its milestones with their warnings, and the requests linked to it. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const text = useRequestText();
  const { t } = text;
  const account = useAccount();
  const editor = hasRole(account, PROJECT_EDITORS);
  const queryClient = useQueryClient();
  const project = useQuery(getQuery<ProjectDetail>(`/api/projects/${id}`));
  const [page, setPage] = useState(1);
  const requests = useQuery({
    ...getQuery<RequestPage>('/api/requests', {
      projectId: Number(id),
      sort: 'updated',
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    enabled: /^\d+$/.test(id),
  });
  const changed = async (answer: ProjectDetail) => {
    queryClient.setQueryData([`/api/projects/${id}`, {}], answer);
    await invalidateLoop(queryClient);
  };
  const setStatus = useMutation({
    mutationFn: (status: ProjectStatus) => api.patch<ProjectDetail>(`/api/projects/${id}`, { status }),
    onSuccess: changed,
  });
  const markDone = useMutation({
    mutationFn: ({ milestone, done }: { milestone: number; done: boolean }) =>
      api.patch<ProjectDetail>(`/api/projects/milestones/${milestone}`, { done }),
    onSuccess: changed,
  });

  return (
    <>
      <Link to={REQUEST_PATHS.projects}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
          {t('projects.back')}
        </Button>
      </Link>
      <QueryState query={project}>
        {(p) => (
          <>
            <PageTitle
              title={p.name}
              sub={p.description || undefined}
              extra={
                <>
                  <ProjectStatusTag status={p.status} />
                  <WarningTag warning={p.warning} />
                </>
              }
            />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={10}>
                <Card size="small" title={t('projects.about')}>
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      { key: 'owner', label: t('projects.fields.owner'), children: p.owner },
                      { key: 'department', label: t('projects.fields.department'), children: p.department },
                      { key: 'uscc', label: t('projects.fields.enterprise'), children: p.uscc ?? '—' },
                      {
                        key: 'status',
                        label: t('projects.fields.status'),
                        children: editor ? (
                          <Select<ProjectStatus>
                            size="small"
                            aria-label={t('projects.fields.status')}
                            value={p.status}
                            loading={setStatus.isPending}
                            onChange={(s) => setStatus.mutate(s)}
                            style={{ width: 140 }}
                            options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
                          />
                        ) : (
                          <ProjectStatusTag status={p.status} />
                        ),
                      },
                      {
                        key: 'milestones',
                        label: t('projects.fields.milestones'),
                        children: t('projects.milestonesDone', { done: p.milestones.done, total: p.milestones.total }),
                      },
                      { key: 'updated', label: t('projects.fields.updatedAt'), children: text.time(p.updatedAt) },
                    ]}
                  />
                  {setStatus.isError && <ErrorAlert error={setStatus.error} />}
                </Card>
              </Col>
              <Col xs={24} lg={14}>
                <Card size="small" title={t('projects.milestones')}>
                  <Table<MilestoneView>
                    size="small"
                    rowKey="id"
                    dataSource={p.milestoneList}
                    pagination={false}
                    scroll={{ x: 560 }}
                    locale={{ emptyText: t('projects.noMilestones') }}
                    onRow={(m) =>
                      ({ 'data-testid': 'milestone', 'data-id': m.id }) as React.HTMLAttributes<HTMLElement>
                    }
                    columns={[
                      { title: t('projects.fields.milestone'), dataIndex: 'name' },
                      { title: t('projects.fields.owner'), dataIndex: 'owner', width: 80 },
                      {
                        title: t('projects.fields.dueDate'),
                        key: 'due',
                        width: 200,
                        render: (_, m) => (
                          <span>
                            {text.day(m.dueDate)} <WarningTag warning={m.warning} />
                          </span>
                        ),
                      },
                      {
                        title: t('projects.fields.done'),
                        key: 'done',
                        width: 150,
                        render: (_, m) => (
                          <Space size={4} wrap>
                            {m.doneAt ? (
                              <Tag color="success">{t('projects.doneAt', { date: text.day(m.doneAt) })}</Tag>
                            ) : null}
                            {editor && (
                              <Button
                                size="small"
                                icon={m.doneAt ? <UndoOutlined /> : <CheckOutlined />}
                                loading={markDone.isPending && markDone.variables?.milestone === m.id}
                                onClick={() => markDone.mutate({ milestone: m.id, done: m.doneAt === null })}
                              >
                                {m.doneAt ? t('projects.undo') : t('projects.markDone')}
                              </Button>
                            )}
                          </Space>
                        ),
                      },
                    ]}
                  />
                  {markDone.isError && <ErrorAlert error={markDone.error} />}
                  {editor && <AddMilestone projectId={p.id} onAdded={changed} />}
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('projects.requests', { count: p.requests })}>
                  <QueryState query={requests} isEmpty={(data) => data.total === 0} empty={t('projects.noRequests')}>
                    {(data) => (
                      <RequestTable page={data} current={page} pageSize={PAGE_SIZE} onPage={setPage} showEnterprise />
                    )}
                  </QueryState>
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </>
  );
}

interface NewMilestone {
  name: string;
  owner: string;
  dueDate: string;
}

function AddMilestone({ projectId, onAdded }: { projectId: number; onAdded: (p: ProjectDetail) => Promise<void> }) {
  const { t } = useRequestText();
  const [form] = Form.useForm<NewMilestone>();
  const add = useMutation({
    mutationFn: (values: NewMilestone) =>
      api.post<ProjectDetail>(`/api/projects/${projectId}/milestones`, {
        name: values.name.trim(),
        owner: values.owner.trim(),
        dueDate: values.dueDate,
      }),
    onSuccess: async (answer) => {
      form.resetFields();
      await onAdded(answer);
    },
  });
  const required = (label: string) => [
    { required: true, whitespace: true, message: t('requests.form.required', { label }) },
  ];
  return (
    <>
      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        {t('projects.addMilestone')}
      </Typography.Text>
      <Form form={form} layout="inline" onFinish={(values) => add.mutate(values)} style={{ marginTop: 8, rowGap: 8 }}>
        <Form.Item name="name" rules={required(t('projects.fields.milestone'))}>
          <Input
            placeholder={t('projects.fields.milestone')}
            aria-label={t('projects.fields.milestone')}
            maxLength={100}
          />
        </Form.Item>
        <Form.Item name="owner" rules={required(t('projects.fields.owner'))}>
          <Input
            placeholder={t('projects.fields.owner')}
            aria-label={t('projects.fields.owner')}
            maxLength={50}
            style={{ width: 110 }}
          />
        </Form.Item>
        <Form.Item name="dueDate" rules={required(t('projects.fields.dueDate'))}>
          <Input type="date" aria-label={t('projects.fields.dueDate')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
            {t('projects.add')}
          </Button>
        </Form.Item>
      </Form>
      {add.isError && <ErrorAlert error={add.error} />}
    </>
  );
}
