import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useAccount } from '../../session/SessionProvider.tsx';
import { loopRole, type LoopRole } from './loop.ts';

/** Pages of some parts of the request loop only: another account reads why, in words, instead of a blank page. */
export function RequireLoop({ roles }: { roles: readonly LoopRole[] }) {
  const { t } = useTranslation();
  const role = loopRole(useAccount());
  if (role === null || !roles.includes(role)) {
    return (
      <Result
        status="403"
        title={t('errors.auth.forbidden')}
        subTitle={t('requests.needsRole', {
          roles: roles.map((r) => t(`requests.loopRoles.${r}`)).join(t('common.or')),
        })}
      />
    );
  }
  return <Outlet />;
}
