import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { DepartmentInput, useCategories } from './inputs.tsx';
import { chinaToday, endOfChinaDay, invalidateLoop } from './loop.ts';
import type { RequestActionType, RequestDetail, RequestView } from './types.ts';
import { useRequestText } from './useRequestText.ts';

// The actions of the state machine as buttons, each opening a short form with what the action needs (a reason, a
// note, a department and deadline, a rating), sent with the version that was read: a request that moved on
// meanwhile is refused (request.conflict) and said so, rather than overwritten.

/** The order buttons appear in: the usual next step first. */
export const ACTION_ORDER: readonly RequestActionType[] = [
  'accept',
  'assign',
  'start',
  'resolve',
  'confirm',
  'reassign',
  'escalate',
  'reopen',
  'mark_duplicate',
  'reject',
  'comment',
];
const PRIMARY: readonly RequestActionType[] = ['accept', 'assign', 'start', 'resolve', 'confirm'];
const DANGER: readonly RequestActionType[] = ['reject', 'escalate'];

interface FormValues {
  note?: string;
  reason?: string;
  comment?: string;
  rating?: number;
  originalId?: number;
  department?: string;
  deadline?: string;
}

function bodyOf(action: RequestActionType, values: FormValues, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { action, expectedVersion: version };
  const note = values.note?.trim();
  switch (action) {
    case 'reject':
    case 'reopen':
      body.reason = values.reason?.trim();
      return body;
    case 'confirm':
      body.rating = values.rating;
      if (values.comment?.trim()) body.comment = values.comment.trim();
      return body;
    case 'mark_duplicate':
      body.originalId = values.originalId;
      break;
    case 'assign':
    case 'reassign':
      if (values.department?.trim()) body.department = values.department.trim();
      if (values.deadline) body.deadline = endOfChinaDay(values.deadline);
      break;
  }
  if (note) body.note = note;
  return body;
}

interface ButtonProps {
  request: RequestView;
  action: RequestActionType;
  /** until when the enterprise may reopen (shown in the reopen form) */
  reopenUntil?: string | null;
  size?: 'small' | 'middle';
  onDone?: (detail: RequestDetail) => void;
}

export function TransitionButton({ request, action, reopenUntil, size, onDone }: ButtonProps) {
  const text = useRequestText();
  const { t } = text;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const category = categories.data?.find((c) => c.code === request.category);
  const send = useMutation({
    mutationFn: (values: FormValues) =>
      api.post<RequestDetail>(`/api/requests/${request.id}/transitions`, bodyOf(action, values, request.version)),
    onSuccess: async (detail) => {
      setOpen(false);
      queryClient.setQueryData([`/api/requests/${request.id}`, {}], detail);
      void message.success(t('requests.actionDone', { action: text.action(action), id: request.id }));
      onDone?.(detail);
      await invalidateLoop(queryClient);
    },
  });

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('requests.form.required', { label }) },
  ];
  const noteField = (label: string, needed: boolean) => (
    <Form.Item name="note" label={label} rules={needed ? required(label) : undefined}>
      <Input.TextArea rows={3} maxLength={4000} showCount />
    </Form.Item>
  );

  let fields: React.ReactNode;
  switch (action) {
    case 'reject':
      fields = (
        <Form.Item
          name="reason"
          label={t('requests.form.rejectReason')}
          rules={required(t('requests.form.rejectReason'))}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      );
      break;
    case 'reopen':
      fields = (
        <>
          {reopenUntil && (
            <Typography.Paragraph type="secondary" data-testid="reopen-until">
              {t('requests.form.reopenUntil', { until: text.time(reopenUntil) })}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="reason"
            label={t('requests.form.reopenReason')}
            rules={required(t('requests.form.reopenReason'))}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </>
      );
      break;
    case 'confirm':
      fields = (
        <>
          <Form.Item
            name="rating"
            label={t('requests.form.rating')}
            rules={[{ required: true, message: t('requests.form.ratingRequired') }]}
          >
            <Rate aria-label={t('requests.form.rating')} />
          </Form.Item>
          <Form.Item name="comment" label={t('requests.form.comment')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </>
      );
      break;
    case 'mark_duplicate':
      fields = (
        <>
          <Form.Item
            name="originalId"
            label={t('requests.form.originalId')}
            rules={[{ required: true, message: t('requests.form.required', { label: t('requests.form.originalId') }) }]}
          >
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          {noteField(t('requests.form.note'), false)}
        </>
      );
      break;
    case 'assign':
    case 'reassign':
      fields = (
        <>
          <Form.Item
            name="department"
            label={t('requests.fields.department')}
            rules={required(t('requests.fields.department'))}
          >
            <DepartmentInput />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('requests.form.deadline')}
            extra={
              category
                ? t('requests.form.deadlineDefault', { category: category.name, days: category.deadlineWorkingDays })
                : t('requests.form.deadlineDefaultPlain')
            }
          >
            <Input type="date" min={chinaToday()} />
          </Form.Item>
          {noteField(t('requests.form.note'), false)}
        </>
      );
      break;
    case 'resolve':
      fields = noteField(t('requests.form.resolveNote'), true);
      break;
    case 'comment':
      fields = noteField(t('requests.form.comment'), true);
      break;
    default:
      fields = noteField(t('requests.form.note'), false);
  }

  const initial: FormValues =
    action === 'assign'
      ? { department: request.department ?? category?.department ?? '' }
      : action === 'reassign'
        ? { department: request.department ?? '' }
        : {};

  return (
    <>
      <Button
        size={size}
        type={PRIMARY.includes(action) ? 'primary' : 'default'}
        danger={DANGER.includes(action)}
        data-action={action}
        onClick={() => {
          send.reset();
          setOpen(true);
        }}
      >
        {text.action(action)}
      </Button>
      <Modal
        open={open}
        title={`${text.action(action)} · #${request.id} ${request.title}`}
        okText={text.action(action)}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: send.isPending, danger: DANGER.includes(action) }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => send.mutate(values)}
          initialValues={initial}
          preserve={false}
        >
          {fields}
        </Form>
        {send.isError && <ErrorAlert error={send.error} />}
      </Modal>
    </>
  );
}

/** Every action the caller may take on the request now, as the server says (`actions` of the request's answer). */
export function TransitionButtons({ detail, reopenUntil }: { detail: RequestDetail; reopenUntil?: string | null }) {
  const actions = ACTION_ORDER.filter((a) => detail.actions.includes(a));
  return (
    <Space wrap data-testid="request-actions">
      {actions.map((action) => (
        <TransitionButton key={action} request={detail} action={action} reopenUntil={reopenUntil} />
      ))}
    </Space>
  );
}
