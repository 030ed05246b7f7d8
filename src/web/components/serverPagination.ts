import type { TFunction } from 'i18next';

/** An antd Table's pagination over a page the server answered: the page shown, its size, the total in words. */
export function serverPagination(
  page: { current: number; pageSize: number; total: number; onChange: (page: number) => void },
  t: TFunction,
) {
  return {
    ...page,
    showSizeChanger: false,
    showTotal: (total: number) => t('common.total', { count: total }),
  };
}
