import { Alert, Button } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** What went wrong, in the reader's language: by the server's stable error id, with its own message as detail. */
export function describeError(error: unknown, t: TFunction): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    const fallback = t('errors.fallback', { status: error.status });
    return { title: t(`errors.${error.id}`, { defaultValue: fallback }), detail: `${error.message} (${error.id})` };
  }
  return { title: t('errors.unexpected'), detail: error instanceof Error ? error.message : String(error) };
}

interface Props {
  error: unknown;
  onRetry?: () => void;
}

export function ErrorAlert({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const { title, detail } = describeError(error, t);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={detail}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}
