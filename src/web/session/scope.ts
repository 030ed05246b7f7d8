import { regionWithin } from '../../core/regions/region-table.ts';
import type { AccountView } from '../../server/api.ts';
import { AUTHORS, hasRole } from './roles.ts';

/**
 * Whether the account may edit or withdraw a policy of these regions: an administrator any, a policy operator those
 * whose every region lies within its own (the server's rule; it refuses the rest all the same).
 */
export function mayAuthor(account: AccountView, regions: readonly string[]): boolean {
  if (!hasRole(account, AUTHORS)) return false;
  const scope = account.role === 'policy_operator' ? account.region : null;
  return scope === null || (regions.length > 0 && regions.every((code) => regionWithin(code, scope)));
}
