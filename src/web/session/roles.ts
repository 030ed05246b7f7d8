import type { AccountView } from '../../server/api.ts';

// Which roles may do what in the web app: the same lists the server enforces (src/server/api.ts). The app only
// hides what a role cannot use; the server refuses it all the same.

export type Role = AccountView['role'];

/** upload documents, preview, publish and withdraw policies */
export const AUTHORS: readonly Role[] = ['admin', 'policy_operator'];
/** the enterprise list, and who qualifies for a policy */
export const STAFF: readonly Role[] = ['admin', 'policy_operator', 'service_coordinator'];
export const ADMINS: readonly Role[] = ['admin'];

export function hasRole(account: AccountView, roles: readonly Role[]): boolean {
  return roles.includes(account.role);
}

/** Where an account lands after signing in: its own policies for an enterprise, the policy rules for staff. */
export function homePath(account: AccountView): string {
  if (account.role === 'enterprise_user' && account.uscc) return `/enterprises/${account.uscc}/policies`;
  if (account.role === 'service_coordinator') return '/enterprises';
  return account.role === 'admin' ? '/dashboard' : '/rules';
}
