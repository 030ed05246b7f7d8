import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { hasRole, type Role } from './roles.ts';
import { useAccount } from './SessionProvider.tsx';

/** Pages of some roles only: another role reads why it cannot use the page, in words, instead of a blank. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  const account = useAccount();
  if (!hasRole(account, roles)) {
    return (
      <Result
        status="403"
        title={t('errors.auth.forbidden')}
        subTitle={t('common.needsRole', { roles: roles.map((role) => t(`roles.${role}`)).join(t('common.or')) })}
      />
    );
  }
  return <Outlet />;
}
