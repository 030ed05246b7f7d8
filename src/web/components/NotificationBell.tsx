import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationPage } from '../../server/api.ts';
import { getQuery } from '../api/client.ts';

/** The header's bell: how many of the enterprise's notifications are unread (one row is asked for, not the list). */
export function NotificationBell({ uscc }: { uscc: string }) {
  const { t } = useTranslation();
  const unread = useQuery(getQuery<NotificationPage>(`/api/enterprises/${uscc}/notifications`, { limit: 1 }));
  const count = unread.data?.unread ?? 0;
  return (
    <Link to={`/enterprises/${uscc}/notifications`} aria-label={t('header.unread', { count })}>
      <Badge count={count} size="small" data-testid="unread-badge">
        <Button type="text" icon={<BellOutlined />} />
      </Badge>
    </Link>
  );
}
