import type { Actor } from '../../core/requests/types.ts';
import { accountActor, type AccountView } from '../accounts/accounts.ts';

// Who an account is to the request loop, in one place: the state machine's actor (what it may do) and the scope of
// requests it may see. Every service and route of the loop asks here.
//
//   enterprise_user                                   enterprise: its own USCC's requests
//   admin, service_coordinator without a department   coordinator: every request (受理、交办、督办)
//   service_coordinator or policy_operator with one   department: the requests assigned to that department
//   policy_operator without a department              nothing (accounts.ts requires one, so this is a guard)
//   the overdue job                                   system (SYSTEM_CALLER)

export type RequestScope =
  | { kind: 'all' }
  | { kind: 'enterprise'; uscc: string }
  | { kind: 'department'; department: string }
  | { kind: 'none' };

/** The one who acts: the machine's actor, the name the audit log and the timeline record, and what it may see. */
export interface RequestCaller {
  actor: Actor;
  /** account:USERNAME or system:NAME */
  name: string;
  /** shown on the timeline */
  displayName: string;
  scope: RequestScope;
}

/** A refusal for a request the caller may not see (or that does not exist, for a caller with a limited scope: the
 *  answer says nothing of other enterprises' requests). The HTTP layer answers 403 auth.forbidden. */
export class RequestAccessRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestAccessRefused';
  }
}

/** The request loop's view of an account; null for an account that has no part in it. */
export function requestCaller(account: AccountView): RequestCaller | null {
  const base = { name: accountActor(account), displayName: account.displayName };
  switch (account.role) {
    case 'enterprise_user':
      if (account.uscc === null) return null;
      return {
        ...base,
        actor: { kind: 'enterprise', accountId: account.id, uscc: account.uscc },
        scope: { kind: 'enterprise', uscc: account.uscc },
      };
    case 'admin':
      return { ...base, actor: { kind: 'coordinator', accountId: account.id }, scope: { kind: 'all' } };
    case 'service_coordinator':
    case 'policy_operator':
      if (account.department !== null) {
        return {
          ...base,
          actor: { kind: 'department', accountId: account.id, department: account.department },
          scope: { kind: 'department', department: account.department },
        };
      }
      return account.role === 'service_coordinator'
        ? { ...base, actor: { kind: 'coordinator', accountId: account.id }, scope: { kind: 'all' } }
        : null;
  }
}

/** requestCaller, refusing an account that has no part in the loop. */
export function requireCaller(account: AccountView): RequestCaller {
  const caller = requestCaller(account);
  if (caller === null) {
    throw new RequestAccessRefused('your account has no department, so it has no part in the request loop');
  }
  return caller;
}

/** The overdue job (督办): it may escalate any request. */
export const SYSTEM_CALLER: RequestCaller = {
  actor: { kind: 'system' },
  name: 'system:overdue',
  displayName: '超期督办任务',
  scope: { kind: 'all' },
};

export function isCoordinator(caller: RequestCaller): boolean {
  return caller.actor.kind === 'coordinator';
}

export function canSee(scope: RequestScope, request: { uscc: string; department: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'enterprise':
      return request.uscc === scope.uscc;
    case 'department':
      return request.department === scope.department;
    case 'none':
      return false;
  }
}

/** The refusal for a request outside the scope (or missing, when the scope is limited); `subject` names it
 *  ("request 12", "the request of attachment 3"). */
export function outOfScope(scope: RequestScope, subject: string): RequestAccessRefused {
  switch (scope.kind) {
    case 'enterprise':
      return new RequestAccessRefused(
        `${subject} is not one of your enterprise's: an enterprise account may only see and act on its own requests`,
      );
    case 'department':
      return new RequestAccessRefused(
        `${subject} is not assigned to your department (${scope.department}): a department sees only its own requests`,
      );
    default:
      return new RequestAccessRefused(`you may not see ${subject}`);
  }
}
