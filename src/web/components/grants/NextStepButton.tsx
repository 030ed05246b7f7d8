import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { chinaToday } from '../requests/loop.ts';
import { invalidateGrants, listKey } from './queries.ts';
import type { GrantListDetail, ListAction } from './types.ts';
import { useGrantText } from './useGrantText.ts';

interface Values {
  note?: string;
  respondBy?: string;
}

/**
 * The list's next step as a button and a confirmation (what the step does, an optional note; an answer-by date when
 * 意愿确认 opens), sent with the version that was read: a list changed meanwhile is refused (grant.conflict) and
 * said so, with a way to read it again, rather than moved on unseen.
 */
export function NextStepButton({ list, action }: { list: GrantListDetail; action: ListAction }) {
  const g = useGrantText();
  const { t } = g;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const send = useMutation({
    mutationFn: (values: Values) =>
      api.post<GrantListDetail>(`/api/grants/${list.id}/transitions`, {
        action,
        version: list.version,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        ...(action === 'open_confirmation' && values.respondBy ? { respondBy: values.respondBy } : {}),
      }),
    onSuccess: async (answer) => {
      setOpen(false);
      queryClient.setQueryData(listKey(list.id), answer);
      void message.success(t('grants.list.stepDone', { action: g.action(action), state: g.state(answer.state) }));
      await invalidateGrants(queryClient);
    },
  });
  const stale = send.error instanceof ApiError && send.error.id === 'grant.conflict';

  return (
    <>
      <Button
        type="primary"
        data-testid="next-step"
        data-action={action}
        onClick={() => {
          send.reset();
          setOpen(true);
        }}
      >
        {g.action(action)}
      </Button>
      <Modal
        open={open}
        title={t('grants.list.confirmTitle', { action: g.action(action), title: list.policy.title })}
        okText={g.action(action)}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: send.isPending, disabled: stale }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t(`grants.actionHelp.${action}`)}</Typography.Paragraph>
        <Form<Values> form={form} layout="vertical" preserve={false} onFinish={(values) => send.mutate(values)}>
          {action === 'open_confirmation' && (
            <Form.Item name="respondBy" label={t('grants.form.respondBy')}>
              <Input type="date" min={chinaToday()} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('grants.form.note')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
        {send.isError && <ErrorAlert error={send.error} />}
        {stale && (
          <Button
            style={{ marginTop: 8 }}
            data-testid="reload-list"
            onClick={() => {
              setOpen(false);
              void invalidateGrants(queryClient);
            }}
          >
            {t('grants.list.reload')}
          </Button>
        )}
      </Modal>
    </>
  );
}
