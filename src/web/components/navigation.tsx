import {
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  CloudUploadOutlined,
  FileSearchOutlined,
  FundOutlined,
  GiftOutlined,
  IdcardOutlined,
  InboxOutlined,
  MailOutlined,
  MessageOutlined,
  ProjectOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { AccountView } from '../../server/api.ts';
import { ADMINS, AUTHORS, hasRole, STAFF } from '../session/roles.ts';
import { loopRole, REQUEST_PATHS } from './requests/loop.ts';

export interface NavItem {
  /** the page's path; also the menu key */
  key: string;
  label: string;
  icon: ReactNode;
}

/** The menu of an account: its own enterprise's pages for an enterprise user, the authoring pages for staff. */
export function navigation(account: AccountView, t: TFunction): NavItem[] {
  const items: NavItem[] = [];
  if (account.role === 'enterprise_user' && account.uscc) {
    const base = `/enterprises/${account.uscc}`;
    items.push(
      { key: `${base}/policies`, label: t('nav.myPolicies'), icon: <TrophyOutlined /> },
      { key: `${base}/profile`, label: t('nav.myProfile'), icon: <IdcardOutlined /> },
      { key: `${base}/notifications`, label: t('nav.notifications'), icon: <BellOutlined /> },
      { key: `${base}/subscription`, label: t('subscription.nav'), icon: <SendOutlined /> },
    );
  }
  // 免申即享: an enterprise's entries on the lists it was told of.
  if (account.role === 'enterprise_user' && account.uscc) {
    items.push({ key: `/enterprises/${account.uscc}/grants`, label: t('grants.nav.mine'), icon: <GiftOutlined /> });
  }
  // The request loop (诉求): each part of it its own list, then the figures and the major projects.
  const loop = loopRole(account);
  if (loop === 'enterprise') {
    items.push({ key: REQUEST_PATHS.mine, label: t('requests.nav.mine'), icon: <MessageOutlined /> });
  } else if (loop === 'coordinator') {
    items.push({ key: REQUEST_PATHS.inbox, label: t('requests.nav.inbox'), icon: <InboxOutlined /> });
  } else if (loop === 'department') {
    items.push({ key: REQUEST_PATHS.department, label: t('requests.nav.department'), icon: <SolutionOutlined /> });
  }
  if (loop === 'coordinator' || loop === 'department') {
    items.push({ key: REQUEST_PATHS.dashboard, label: t('requests.nav.dashboard'), icon: <FundOutlined /> });
  }
  if (hasRole(account, STAFF)) {
    items.push({ key: REQUEST_PATHS.projects, label: t('projects.nav'), icon: <ProjectOutlined /> });
  }
  if (hasRole(account, AUTHORS)) {
    items.push(
      { key: '/upload', label: t('nav.upload'), icon: <CloudUploadOutlined /> },
      { key: '/grants', label: t('grants.nav.lists'), icon: <GiftOutlined /> },
    );
  }
  if (hasRole(account, STAFF)) {
    items.push(
      { key: '/rules', label: t('nav.rules'), icon: <FileSearchOutlined /> },
      { key: '/enterprises', label: t('nav.enterprises'), icon: <ShopOutlined /> },
    );
  }
  items.push(
    { key: '/library', label: t('nav.library'), icon: <BookOutlined /> },
    { key: '/dashboard', label: t('nav.dashboard'), icon: <BarChartOutlined /> },
  );
  if (hasRole(account, ADMINS)) {
    items.push(
      { key: '/audit', label: t('nav.audit'), icon: <AuditOutlined /> },
      { key: '/push/outbox', label: t('outbox.nav'), icon: <MailOutlined /> },
      { key: REQUEST_PATHS.settings, label: t('requests.nav.settings'), icon: <SettingOutlined /> },
    );
  }
  return items;
}

/** The menu key of a path: the longest item path it starts with (/rules/x/edit → /rules). */
export function selectedKey(items: NavItem[], pathname: string): string | undefined {
  return items
    .filter((item) => pathname === item.key || pathname.startsWith(`${item.key}/`))
    .sort((a, b) => b.key.length - a.key.length)[0]?.key;
}
