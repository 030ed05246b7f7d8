import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { DepartmentInput, EnterpriseSelect } from '../../components/requests/inputs.tsx';
import { invalidateLoop } from '../../components/requests/loop.ts';
import type { ProjectDetail, ProjectStatus, ProjectView } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { hasRole } from '../../session/roles.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { PROJECT_STATUSES, ProjectStatusTag, WarningTag } from './projectText.tsx';

/** Who may register and change projects: the server's rule (admin, service_coordinator). */
export const PROJECT_EDITORS = ['admin', 'service_coordinator'] as const;

/** 重大项目: the major projects with their owners, milestones and warnings (a milestone overdue or due soon). */
export function ProjectsPage() {
  const text = useRequestText();
  const { t } = text;
  const account = useAccount();
  const editor = hasRole(account, PROJECT_EDITORS);
  const [status, setStatus] = useState<ProjectStatus | undefined>();
  const [warning, setWarning] = useState(false);
  const projects = useQuery(getQuery<ProjectView[]>('/api/projects', { status, warning: warning || undefined }));

  return (
    <>
      <PageTitle title={t('projects.title')} sub={t('projects.sub')} extra={editor && <NewProjectButton />} />
      <Card size="small">
        <Flex wrap gap="small" style={{ marginBottom: 12 }} align="center">
          <Select<ProjectStatus>
            allowClear
            aria-label={t('projects.fields.status')}
            placeholder={t('projects.fields.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 160 }}
            options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
          />
          <Checkbox checked={warning} onChange={(e) => setWarning(e.target.checked)}>
            {t('projects.warningOnly')}
          </Checkbox>
        </Flex>
        <QueryState query={projects} isEmpty={(list) => list.length === 0} empty={t('projects.empty')}>
          {(list) => (
            <Table<ProjectView>
              size="small"
              rowKey="id"
              dataSource={list}
              scroll={{ x: 960 }}
              pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
              onRow={(p) => ({ 'data-testid': 'project-row', 'data-id': p.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('projects.fields.name'),
                  key: 'name',
                  render: (_, p) => (
                    <div>
                      <Link to={`/projects/${p.id}`}>{p.name}</Link> <WarningTag warning={p.warning} />
                    </div>
                  ),
                },
                { title: t('projects.fields.owner'), dataIndex: 'owner', width: 90 },
                { title: t('projects.fields.department'), dataIndex: 'department', width: 160 },
                {
                  title: t('projects.fields.status'),
                  dataIndex: 'status',
                  width: 100,
                  render: (s: ProjectStatus) => <ProjectStatusTag status={s} />,
                },
                {
                  title: t('projects.fields.milestones'),
                  key: 'milestones',
                  width: 200,
                  render: (_, p) => (
                    <div>
                      {t('projects.milestonesDone', { done: p.milestones.done, total: p.milestones.total })}
                      {p.milestones.nextDue && (
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {t('projects.nextDue', { date: text.day(p.milestones.nextDue) })}
                        </Typography.Text>
                      )}
                    </div>
                  ),
                },
                { title: t('projects.fields.requests'), dataIndex: 'requests', width: 90 },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}

interface NewProject {
  name: string;
  owner: string;
  department: string;
  uscc?: string;
  status: ProjectStatus;
  description?: string;
}

function NewProjectButton() {
  const { t } = useRequestText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewProject>();
  const create = useMutation({
    mutationFn: (values: NewProject) =>
      api.post<ProjectDetail>('/api/projects', {
        name: values.name.trim(),
        owner: values.owner.trim(),
        department: values.department.trim(),
        status: values.status,
        ...(values.uscc ? { uscc: values.uscc } : {}),
        ...(values.description?.trim() ? { description: values.description.trim() } : {}),
      }),
    onSuccess: async (project) => {
      setOpen(false);
      await invalidateLoop(queryClient);
      navigate(`/projects/${project.id}`);
    },
  });
  const required = (label: string) => [
    { required: true, whitespace: true, message: t('requests.form.required', { label }) },
  ];
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('projects.new')}
      </Button>
      <Modal
        open={open}
        title={t('projects.new')}
        okText={t('projects.create')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => create.mutate(values)}
          initialValues={{ status: 'active' }}
          preserve={false}
        >
          <Form.Item name="name" label={t('projects.fields.name')} rules={required(t('projects.fields.name'))}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="owner" label={t('projects.fields.owner')} rules={required(t('projects.fields.owner'))}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="department"
            label={t('projects.fields.department')}
            rules={required(t('projects.fields.department'))}
          >
            <DepartmentInput />
          </Form.Item>
          <Form.Item name="uscc" label={t('projects.fields.enterprise')}>
            <EnterpriseSelect />
          </Form.Item>
          <Form.Item name="status" label={t('projects.fields.status')}>
            <Select options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('projects.fields.description')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
        {create.isError && <ErrorAlert error={create.error} />}
      </Modal>
    </>
  );
}
