import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { chinaToday } from '../requests/loop.ts';
import type { GrantEntryView, GrantListDetail } from './types.ts';
import { useGrantText } from './useGrantText.ts';

// What an operator may do to one entry now: leave it off (with a required reason) or put it back while the list is
// under review (系统比对); record the paying department's outcome for an accepted entry while it is paid (自动兑付).

interface Props {
  list: GrantListDetail;
  entry: GrantEntryView;
  onDone: () => Promise<void>;
}

export function EntryActions({ list, entry, onDone }: Props) {
  if (list.state === 'compared') {
    return entry.excluded ? (
      <IncludeButton entry={entry} onDone={onDone} />
    ) : (
      <ExcludeButton entry={entry} onDone={onDone} />
    );
  }
  if (list.state === 'paying' && !entry.excluded && entry.response === 'accepted' && entry.payment !== 'paid') {
    return <PaymentButton entry={entry} onDone={onDone} />;
  }
  return null;
}

/** A button opening a small form posted to an entry route; the refusal, if any, shown in the form in words. */
function EntryForm<V extends object>({
  entry,
  label,
  title,
  path,
  body,
  done,
  danger,
  initialValues,
  children,
  onDone,
}: {
  entry: GrantEntryView;
  label: string;
  title: string;
  path: string;
  body: (values: V) => unknown;
  done: string;
  danger?: boolean;
  initialValues?: Partial<V>;
  children: ReactNode;
  onDone: () => Promise<void>;
}) {
  const { t } = useGrantText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<V>();
  const send = useMutation({
    mutationFn: (values: V) => api.post<GrantEntryView>(`/api/grants/entries/${entry.id}/${path}`, body(values)),
    onSuccess: async () => {
      setOpen(false);
      void message.success(done);
      await onDone();
    },
  });
  return (
    <>
      <Button
        size="small"
        danger={danger}
        data-action={path}
        onClick={() => {
          send.reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={label}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: send.isPending, danger }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<V>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={initialValues}
          onFinish={(values) => send.mutate(values)}
        >
          {children}
        </Form>
        {send.isError && <ErrorAlert error={send.error} />}
      </Modal>
    </>
  );
}

function ExcludeButton({ entry, onDone }: { entry: GrantEntryView; onDone: () => Promise<void> }) {
  const { t } = useGrantText();
  return (
    <EntryForm<{ reason: string }>
      entry={entry}
      path="exclude"
      danger
      label={t('grants.entry.exclude')}
      title={t('grants.entry.excludeTitle', { name: entry.name })}
      done={t('grants.entry.excludedDone', { name: entry.name })}
      body={(values) => ({ reason: values.reason.trim() })}
      onDone={onDone}
    >
      <Form.Item
        name="reason"
        label={t('grants.form.excludeReason')}
        rules={[{ required: true, whitespace: true, message: t('grants.form.excludeReasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </EntryForm>
  );
}

function IncludeButton({ entry, onDone }: { entry: GrantEntryView; onDone: () => Promise<void> }) {
  const { t } = useGrantText();
  return (
    <EntryForm<{ reason?: string }>
      entry={entry}
      path="include"
      label={t('grants.entry.include')}
      title={t('grants.entry.includeTitle', { name: entry.name })}
      done={t('grants.entry.includedDone', { name: entry.name })}
      body={(values) => (values.reason?.trim() ? { reason: values.reason.trim() } : {})}
      onDone={onDone}
    >
      <Form.Item name="reason" label={t('grants.form.includeReason')}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </EntryForm>
  );
}

interface PaymentValues {
  status: 'paid' | 'failed';
  paidOn?: string;
  reference?: string;
  amount?: number | null;
  reason?: string;
}

function PaymentButton({ entry, onDone }: { entry: GrantEntryView; onDone: () => Promise<void> }) {
  const g = useGrantText();
  const { t } = g;
  return (
    <EntryForm<PaymentValues>
      entry={entry}
      path="payment"
      label={t('grants.entry.recordPayment')}
      title={t('grants.entry.paymentTitle', { name: entry.name })}
      done={t('grants.entry.paymentDone', { name: entry.name })}
      initialValues={{ status: 'paid', paidOn: chinaToday() }}
      body={(values) =>
        values.status === 'paid'
          ? {
              status: 'paid',
              paidOn: values.paidOn,
              reference: values.reference?.trim(),
              ...(typeof values.amount === 'number' ? { amount: values.amount } : {}),
            }
          : { status: 'failed', reason: values.reason?.trim() }
      }
      onDone={onDone}
    >
      <Form.Item name="status" label={t('grants.form.paymentStatus')}>
        <Radio.Group>
          <Space>
            <Radio value="paid">{t('grants.payment.paid')}</Radio>
            <Radio value="failed">{t('grants.payment.failed')}</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle dependencies={['status']}>
        {({ getFieldValue }) =>
          getFieldValue('status') === 'failed' ? (
            <Form.Item
              name="reason"
              label={t('grants.form.failReason')}
              rules={[{ required: true, whitespace: true, message: t('grants.form.failReasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : (
            <>
              <Form.Item
                name="paidOn"
                label={t('grants.form.paidOn')}
                rules={[{ required: true, message: t('grants.form.paidOnRequired') }]}
              >
                <Input type="date" />
              </Form.Item>
              <Form.Item
                name="reference"
                label={t('grants.form.reference')}
                rules={[{ required: true, whitespace: true, message: t('grants.form.referenceRequired') }]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                name="amount"
                label={t('grants.form.paidAmount')}
                extra={entry.amount ? t('grants.form.paidAmountDefault', { amount: g.yuan(entry.amount.max) }) : null}
              >
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )
        }
      </Form.Item>
    </EntryForm>
  );
}
