import type { UseQueryResult } from '@tanstack/react-query';
import { Empty } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Loading } from './Loading.tsx';

interface Props<T> {
  query: UseQueryResult<T>;
  /** true when the answer holds nothing to show: the empty state is rendered instead of `children` */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** The three states every read has besides its data: loading, failed (with a retry) and empty, all in words. */
export function QueryState<T>({ query, isEmpty, empty, children }: Props<T>) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty description={empty ?? t('common.empty')} />;
  return <>{children(query.data)}</>;
}
