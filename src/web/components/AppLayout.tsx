import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAccount, useSession } from '../session/SessionProvider.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { navigation, selectedKey } from './navigation.tsx';
import { NotificationBell } from './NotificationBell.tsx';

/**
 * The frame of every signed-in page: the header (brand, notifications, language, the account, sign out) and the
 * role's menu — a collapsible side bar on wide screens, a drawer opened from the header on phones.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const account = useAccount();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const items = navigation(account, t);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(items, pathname) ?? '']}
      items={items.map(({ key, label, icon }) => ({ key, icon, label: <Link to={key}>{label}</Link> }))}
      onClick={() => setDrawerOpen(false)}
    />
  );
  const who = (
    <Space size={4} wrap>
      <Typography.Text strong data-testid="account-name">
        {account.displayName}
      </Typography.Text>
      <Tag color="blue">{t(`roles.${account.role}`)}</Tag>
    </Space>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Flex align="center" gap="small" style={{ minWidth: 0 }}>
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('header.openMenu')}
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Link to="/" className="app-brand">
            {t('app.name')}
          </Link>
        </Flex>
        <Flex align="center" gap={phone ? 4 : 'middle'}>
          {account.role === 'enterprise_user' && account.uscc && <NotificationBell uscc={account.uscc} />}
          <LanguageSwitch />
          {!phone && who}
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void signOut().then(() => navigate('/login'))}>
            {phone ? null : t('header.signOut')}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        {!phone && (
          <Layout.Sider theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      {phone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={who}
          size={260}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
