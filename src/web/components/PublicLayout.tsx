import { LoginOutlined } from '@ant-design/icons';
import { Button, Flex, Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useSession } from '../session/SessionProvider.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * The frame of the pages anyone may read without signing in (the 公示 of 免申即享 lists): the brand, the language,
 * and the way into the app — signing in, or back to it for someone signed in.
 */
export function PublicLayout() {
  const { t } = useTranslation();
  const { account } = useSession();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Link to="/notices" className="app-brand">
          {t('app.name')}
        </Link>
        <Flex align="center" gap="middle">
          <LanguageSwitch />
          {account ? (
            <Link to="/">
              <Button type="text">{t('grants.notices.toApp')}</Button>
            </Link>
          ) : (
            <Link to="/login">
              <Button type="text" icon={<LoginOutlined />}>
                {t('grants.notices.signIn')}
              </Button>
            </Link>
          )}
        </Flex>
      </Layout.Header>
      <Layout.Content className="app-content" style={{ maxWidth: 1080, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
