import { StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { WithdrawResult } from '../../../server/api.ts';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../format/useFormat.ts';

/** Withdraw a policy, after a confirmation that names it and asks why (the reason goes to the audit log). */
export function WithdrawButton({ id, title }: { id: string; title: string }) {
  const { t } = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      api.post<WithdrawResult>(
        `/api/rules/${encodeURIComponent(id)}/withdraw`,
        reason.trim() ? { reason: reason.trim() } : {},
      ),
    onSuccess: async () => {
      setOpen(false);
      void message.success(t('rules.withdrawn', { title }));
      await queryClient.invalidateQueries({ queryKey: ['/api/rules'] });
    },
  });
  return (
    <>
      <Button size="small" danger icon={<StopOutlined />} onClick={() => setOpen(true)}>
        {t('rules.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('rules.withdrawTitle')}
        okText={t('rules.withdrawConfirm')}
        okButtonProps={{ danger: true, loading: withdraw.isPending }}
        cancelText={t('common.cancel')}
        onOk={() => withdraw.mutate()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('rules.withdrawText', { title })}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('rules.reason')}
          placeholder={t('rules.reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
        {withdraw.isError && (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={withdraw.error} />
          </div>
        )}
      </Modal>
    </>
  );
}
