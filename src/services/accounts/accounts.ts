import { errors } from '../../core/errors.ts';
import { hashPassword } from '../../core/auth/password.ts';
import { normaliseUscc, validateUscc } from '../../core/profile/uscc.ts';
import { regionByCode } from '../../core/regions/region-table.ts';
import { findAccountByUsername, insertAccount, listAccounts, type AccountRow } from '../../db/accounts.repository.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

// Accounts: who may sign in, and as what. An administrator runs the platform; a policy operator authors policies
// for one department and region; a service coordinator works the request loop; an enterprise user acts for
// exactly one enterprise (its USCC).

export const ROLES: readonly Role[] = ['admin', 'policy_operator', 'service_coordinator', 'enterprise_user'];

/** What any response may say about an account: the password hash and the disabled flag stay inside. */
export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  region: string | null;
  uscc: string | null;
}

export function presentAccount(row: AccountRow): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    department: row.department,
    region: row.region,
    uscc: row.uscc,
  };
}

/** Who the audit log names for a change made by a signed-in account. */
export function accountActor(account: Pick<AccountView, 'username'>): string {
  return `account:${account.username}`;
}

export interface NewAccountInput {
  username: string;
  password: string;
  role: string;
  displayName?: string;
  department?: string;
  region?: string;
  uscc?: string;
}

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Usernames are compared in lower case: "Admin" and "admin" are one account. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The fields a role needs, checked; throws `account.invalid` with what to fix. */
function checkRoleFields(input: NewAccountInput, role: Role) {
  const department = blankToUndefined(input.department);
  const region = blankToUndefined(input.region);
  const rawUscc = blankToUndefined(input.uscc);
  const uscc = rawUscc === undefined ? undefined : normaliseUscc(rawUscc);

  if (region !== undefined && (!/^\d{6}$/.test(region) || regionByCode(region) === undefined)) {
    throw errors.invalidAccount(`region ${region} is not a GB/T 2260 code`);
  }
  if (role === 'policy_operator' && (department === undefined || region === undefined)) {
    throw errors.invalidAccount('a policy operator needs a department and a region (--department, --region)');
  }
  if (role === 'enterprise_user') {
    if (uscc === undefined) throw errors.invalidAccount('an enterprise user needs the USCC of its enterprise (--uscc)');
    const check = validateUscc(uscc);
    if (!check.ok) throw errors.invalidAccount(`USCC ${uscc}: ${check.reason}`);
    if (department !== undefined || region !== undefined) {
      throw errors.invalidAccount('an enterprise user is scoped by its USCC; it takes no department or region');
    }
  } else if (uscc !== undefined) {
    throw errors.invalidAccount('only an enterprise user is bound to a USCC');
  }
  return { department: department ?? null, region: region ?? null, uscc: uscc ?? null };
}

/** Creates an account (audited as `actor`); the password is hashed and never stored or returned. */
export async function createAccount(database: Database, actor: string, input: NewAccountInput): Promise<AccountView> {
  const username = normaliseUsername(input.username);
  if (!USERNAME.test(username)) {
    throw errors.invalidAccount(
      'the username must be 2–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  if (!isRole(input.role)) throw errors.invalidAccount(`the role must be one of ${ROLES.join(', ')}`);
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw errors.invalidAccount(`the password must have ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);
  }
  const fields = checkRoleFields(input, input.role);
  const displayName = blankToUndefined(input.displayName) ?? username;
  if (await findAccountByUsername(database.db, username)) throw errors.accountExists(username);

  const passwordHash = await hashPassword(input.password);
  const createdAt = new Date().toISOString();
  const row = await database.db.transaction().execute(async (trx) => {
    const id = await insertAccount(trx, {
      username,
      display_name: displayName,
      role: input.role as Role,
      ...fields,
      password_hash: passwordHash,
      created_at: createdAt,
      disabled: 0,
    });
    const created: AccountRow = {
      id,
      username,
      display_name: displayName,
      role: input.role as Role,
      ...fields,
      password_hash: passwordHash,
      created_at: createdAt,
      disabled: 0,
    };
    await recordAudit(
      trx,
      {
        actor,
        action: 'create',
        entity: 'account',
        entityId: id,
        // Never the password or its hash.
        detail: { username, role: created.role, ...fields },
      },
      createdAt,
    );
    return created;
  });
  return presentAccount(row);
}

export interface AccountListing extends AccountView {
  createdAt: string;
  disabled: boolean;
}

export async function listAccountViews(database: Database): Promise<AccountListing[]> {
  const rows = await listAccounts(database.db);
  return rows.map((row) => ({ ...presentAccount(row), createdAt: row.created_at, disabled: row.disabled === 1 }));
}
