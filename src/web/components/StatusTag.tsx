import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../server/api.ts';

const COLORS: Record<Status, string> = { eligible: 'success', unknown: 'warning', ineligible: 'default' };

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
