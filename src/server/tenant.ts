import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { errors } from '../core/errors.ts';
import { regionWithin } from '../core/regions/region-table.ts';
import type { Database } from '../db/database.ts';
import { findEnterpriseRegion } from '../db/enterprises.repository.ts';
import type { AccountView } from '../services/accounts/accounts.ts';
import { authErrors, httpError } from './errors.ts';

// Whose enterprise data a caller may read: the one check every /api/enterprises/{uscc}/… route runs.
//   enterprise user       its own USCC only; another is refused before any lookup, so it learns nothing of it
//   admin, coordinator    any enterprise
//   policy operator       enterprises within its region (an operator without a region: any)
// An allowed caller asking for a USCC no enterprise has gets 404 from the route (the operator's from here).

/** The region a caller's view of enterprises is limited to: a policy operator's own; null for everyone else. */
export function operatorScope(account: AccountView): string | null {
  return account.role === 'policy_operator' ? account.region : null;
}

const otherEnterprise = () =>
  httpError(
    403,
    'auth.forbidden',
    'this is another enterprise: an enterprise account may only see and change its own enterprise',
  );

const outsideRegion = (region: string) =>
  httpError(403, 'auth.forbidden', `this enterprise lies outside your region (${region}); ask an administrator`);

/** A preHandler for routes with a `uscc` parameter: 401 for no caller, 403 for someone else's enterprise. */
export function requireTenant(database: Database): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const account = request.account;
    if (account === null) throw authErrors.required();
    const uscc = (request.params as { uscc: string }).uscc;
    switch (account.role) {
      case 'enterprise_user':
        if (account.uscc !== uscc) throw otherEnterprise();
        return;
      case 'admin':
      case 'service_coordinator':
        return;
      case 'policy_operator': {
        const scope = operatorScope(account);
        if (scope === null) return;
        const enterprise = await findEnterpriseRegion(database.db, uscc);
        if (enterprise === undefined) throw errors.enterpriseNotFound(uscc);
        if (!regionWithin(enterprise.region, scope)) throw outsideRegion(scope);
        return;
      }
      default:
        throw authErrors.forbidden(['admin', 'policy_operator', 'service_coordinator', 'enterprise_user']);
    }
  };
}
