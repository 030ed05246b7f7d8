import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { AttachmentPicker, uploadAttachment } from '../../components/requests/attachments.tsx';
import { EnterpriseSelect, useCategories } from '../../components/requests/inputs.tsx';
import { invalidateLoop, loopRole, requestPath } from '../../components/requests/loop.ts';
import type { ProjectView, RequestDetail } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { useAccount } from '../../session/SessionProvider.tsx';

interface Values {
  category: string;
  title?: string;
  description: string;
  address?: string;
  uscc?: string;
  channel?: 'phone' | 'visit';
  projectId?: number;
}

/** What the request page shows after filing when some attachments were refused. */
export interface FiledState {
  attachmentProblems?: string[];
}

/**
 * 提交诉求: an enterprise files a request for itself; a coordinator enters one taken by phone or at a visit for an
 * enterprise it names. The category says who answers and in how many working days; files go with it once filed.
 */
export function NewRequestPage() {
  const text = useRequestText();
  const { t } = text;
  const account = useAccount();
  const coordinator = loopRole(account) === 'coordinator';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const categories = useCategories();
  const projects = useQuery({ ...getQuery<ProjectView[]>('/api/projects'), enabled: coordinator });
  const chosen = Form.useWatch('category', form);
  const category = categories.data?.find((c) => c.code === chosen);

  const file = useMutation({
    mutationFn: async (values: Values) => {
      const detail = await api.post<RequestDetail>('/api/requests', {
        category: values.category,
        description: values.description.trim(),
        ...(values.title?.trim() ? { title: values.title.trim() } : {}),
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(coordinator ? { uscc: values.uscc, channel: values.channel ?? 'phone' } : {}),
        ...(coordinator && values.projectId ? { projectId: values.projectId } : {}),
      });
      const refused: string[] = [];
      for (const f of files) {
        const sent = await uploadAttachment(detail.id, f, t);
        if (!sent.ok) refused.push(sent.message);
      }
      return { detail, refused };
    },
    onSuccess: async ({ detail, refused }) => {
      await invalidateLoop(queryClient);
      const state: FiledState = refused.length > 0 ? { attachmentProblems: refused } : {};
      navigate(requestPath(detail.id), { state });
    },
  });

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('requests.form.required', { label }) },
  ];

  return (
    <>
      <PageTitle
        title={coordinator ? t('requests.new.titleForEnterprise') : t('requests.new.title')}
        sub={coordinator ? t('requests.new.subForEnterprise') : t('requests.new.sub')}
      />
      <Card size="small" style={{ maxWidth: 820 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ channel: 'phone' }}
          onFinish={(values) => file.mutate(values)}
          disabled={file.isPending}
        >
          {coordinator && (
            <>
              <Form.Item
                name="uscc"
                label={t('requests.fields.enterprise')}
                rules={required(t('requests.fields.enterprise'))}
              >
                <EnterpriseSelect />
              </Form.Item>
              <Form.Item name="channel" label={t('requests.fields.channel')}>
                <Radio.Group
                  options={[
                    { value: 'phone', label: text.channel('phone') },
                    { value: 'visit', label: text.channel('visit') },
                  ]}
                />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="category"
            label={t('requests.fields.category')}
            rules={required(t('requests.fields.category'))}
          >
            <Select<string>
              aria-label={t('requests.fields.category')}
              placeholder={t('requests.new.categoryPlaceholder')}
              loading={categories.isPending}
              notFoundContent={categories.isError ? t('requests.new.categoriesFailed') : undefined}
              options={(categories.data ?? []).map((c) => ({
                value: c.code,
                label: t('requests.new.categoryOption', {
                  name: c.name,
                  department: c.department,
                  days: c.deadlineWorkingDays,
                }),
              }))}
            />
          </Form.Item>
          {categories.isError && <ErrorAlert error={categories.error} onRetry={() => void categories.refetch()} />}
          {category && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="category-info"
              title={t('requests.new.categoryInfo', {
                department: category.department,
                days: category.deadlineWorkingDays,
              })}
              description={category.description}
            />
          )}
          <Form.Item name="title" label={t('requests.fields.title')} extra={t('requests.new.titleHint')}>
            <Input maxLength={100} showCount />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('requests.fields.description')}
            rules={required(t('requests.fields.description'))}
          >
            <Input.TextArea
              rows={5}
              maxLength={4000}
              showCount
              placeholder={t('requests.new.descriptionPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="address" label={t('requests.fields.address')}>
            <Input maxLength={500} />
          </Form.Item>
          {coordinator && (
            <Form.Item name="projectId" label={t('requests.fields.project')}>
              <Select<number>
                allowClear
                aria-label={t('requests.fields.project')}
                placeholder={t('requests.new.projectPlaceholder')}
                loading={projects.isPending}
                options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
          )}
          <Form.Item label={t('requests.attachments.title')}>
            <AttachmentPicker files={files} onChange={setFiles} problems={problems} onProblems={setProblems} />
          </Form.Item>
          {file.isError && (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={file.error} />
            </div>
          )}
          <Button type="primary" htmlType="submit" loading={file.isPending}>
            {t('requests.new.submit')}
          </Button>
          <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
            {t('requests.new.after')}
          </Typography.Text>
        </Form>
      </Card>
    </>
  );
}
