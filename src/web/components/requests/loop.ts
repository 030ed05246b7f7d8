import type { QueryClient } from '@tanstack/react-query';
import type { AccountView } from '../../../server/api.ts';

// Who an account is to the request loop, as the server decides it (src/services/requests/access.ts): an enterprise
// user acts for its enterprise, an administrator or a service coordinator without a department is a coordinator,
// an account with a department is that department. The app only chooses menus and pages by it; the server
// refuses the rest all the same.

export type LoopRole = 'enterprise' | 'coordinator' | 'department';

export function loopRole(account: AccountView): LoopRole | null {
  switch (account.role) {
    case 'enterprise_user':
      return account.uscc ? 'enterprise' : null;
    case 'admin':
      return 'coordinator';
    case 'service_coordinator':
      return account.department ? 'department' : 'coordinator';
    case 'policy_operator':
      return account.department ? 'department' : null;
  }
}

export const REQUEST_PATHS = {
  mine: '/requests/mine',
  inbox: '/requests/inbox',
  department: '/requests/department',
  dashboard: '/requests/dashboard',
  settings: '/requests/settings',
  new: '/requests/new',
  projects: '/projects',
} as const;

/** The list a role works from: where "back" leads from a request's page. */
export function listPath(role: LoopRole | null): string {
  if (role === 'enterprise') return REQUEST_PATHS.mine;
  if (role === 'department') return REQUEST_PATHS.department;
  return REQUEST_PATHS.inbox;
}

export function requestPath(id: number): string {
  return `/requests/${id}`;
}

/** After a change, every read of the loop may be stale: lists, pages, the dashboard, projects' request counts. */
export function invalidateLoop(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const path = query.queryKey[0];
      return typeof path === 'string' && (path.startsWith('/api/requests') || path.startsWith('/api/projects'));
    },
  });
}

/** The end of a calendar day in China (UTC+8 all year), as the deadline instant the server takes. */
export function endOfChinaDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/** Today's date in China, YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
