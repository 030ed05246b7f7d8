import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { DepartmentInput } from './inputs.tsx';
import { chinaToday, endOfChinaDay, invalidateLoop, requestPath } from './loop.ts';
import { StateTag } from './StateTag.tsx';
import type { BulkOutcome } from './types.ts';
import { useRequestText } from './useRequestText.ts';

interface Values {
  department: string;
  deadline?: string;
  note?: string;
}

/**
 * 批量交办: the chosen requests to one department, with one deadline or each its category's time limit. The server
 * takes each on its own (a submitted one is accepted and assigned, an assigned one reassigned) and answers per id;
 * the outcomes are shown one line each, refusals in words.
 */
export function BulkAssignButton({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const text = useRequestText();
  const { t } = text;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const assign = useMutation({
    mutationFn: (values: Values) =>
      api.post<BulkOutcome[]>('/api/requests/bulk-assign', {
        ids,
        department: values.department.trim(),
        ...(values.deadline ? { deadline: endOfChinaDay(values.deadline) } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: () => invalidateLoop(queryClient),
  });
  const outcomes = assign.data;
  const close = () => {
    setOpen(false);
    if (outcomes) onDone();
  };
  const succeeded = outcomes?.filter((o) => o.ok).length ?? 0;

  return (
    <>
      <Button
        type="primary"
        disabled={ids.length === 0}
        onClick={() => {
          assign.reset();
          setOpen(true);
        }}
      >
        {t('requests.bulk.button', { count: ids.length })}
      </Button>
      <Modal
        open={open}
        title={t('requests.bulk.title', { count: ids.length })}
        onCancel={close}
        destroyOnHidden
        footer={
          outcomes
            ? [
                <Button key="close" type="primary" onClick={close}>
                  {t('requests.bulk.close')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" loading={assign.isPending} onClick={() => form.submit()}>
                  {t('requests.bulk.submit')}
                </Button>,
              ]
        }
      >
        <div style={outcomes ? { display: 'none' } : undefined}>
          <Form form={form} layout="vertical" onFinish={(values) => assign.mutate(values)} preserve={false}>
            <Typography.Paragraph type="secondary">{t('requests.bulk.explain')}</Typography.Paragraph>
            <Form.Item
              name="department"
              label={t('requests.fields.department')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('requests.form.required', { label: t('requests.fields.department') }),
                },
              ]}
            >
              <DepartmentInput />
            </Form.Item>
            <Form.Item name="deadline" label={t('requests.form.deadline')} extra={t('requests.bulk.deadlineHint')}>
              <Input type="date" min={chinaToday()} />
            </Form.Item>
            <Form.Item name="note" label={t('requests.form.note')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </Form>
        </div>
        {assign.isError && <ErrorAlert error={assign.error} />}
        {outcomes && (
          <>
            <Alert
              type={succeeded === outcomes.length ? 'success' : succeeded === 0 ? 'error' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              title={t('requests.bulk.summary', { ok: succeeded, failed: outcomes.length - succeeded })}
            />
            <Table<BulkOutcome>
              size="small"
              rowKey="id"
              data-testid="bulk-outcomes"
              pagination={false}
              dataSource={outcomes}
              scroll={{ x: 480 }}
              columns={[
                {
                  title: t('requests.fields.id'),
                  dataIndex: 'id',
                  width: 70,
                  render: (id: number) => <Link to={requestPath(id)}>#{id}</Link>,
                },
                {
                  title: t('requests.bulk.outcome'),
                  key: 'outcome',
                  render: (_, o) =>
                    o.ok ? (
                      <span data-testid="bulk-ok">
                        <Tag color="success">{t('requests.bulk.ok')}</Tag>
                        <StateTag state={o.state} /> {o.department}
                        {o.deadline && ` · ${t('requests.fields.deadline')} ${text.time(o.deadline)}`}
                      </span>
                    ) : (
                      <span data-testid="bulk-failed">
                        <Tag color="error">{t('requests.bulk.failed')}</Tag>
                        {t(`errors.${o.error.id}`, { defaultValue: o.error.id })}
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {o.error.message}
                        </Typography.Text>
                      </span>
                    ),
                },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
