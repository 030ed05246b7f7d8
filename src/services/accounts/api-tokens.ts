import { errors } from '../../core/errors.ts';
import { hashToken, newToken } from '../../core/auth/tokens.ts';
import {
  findApiToken,
  findApiTokenByHash,
  insertApiToken,
  revokeApiToken,
  touchApiToken,
} from '../../db/accounts.repository.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { accountActor, presentAccount, type AccountView } from './accounts.ts';

// API tokens let another system act as an account (`Authorization: Bearer zhida_…`). The token is shown once,
// when it is made; the database keeps its SHA-256 only.

export interface CreatedApiToken {
  id: number;
  name: string;
  /** the secret: returned by this call only */
  token: string;
  createdAt: string;
}

/** Makes a token for `account` (audited as `actor`: the account itself, or an administrator). */
export async function createApiToken(
  database: Database,
  actor: string,
  account: AccountView,
  name: string,
): Promise<CreatedApiToken> {
  const token = newToken('zhida_');
  const createdAt = new Date().toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    const id = await insertApiToken(trx, {
      account_id: account.id,
      name,
      token_hash: hashToken(token),
      created_at: createdAt,
      last_used_at: null,
      revoked: 0,
    });
    await recordAudit(
      trx,
      { actor, action: 'create', entity: 'api_token', entityId: id, detail: { accountId: account.id, name } },
      createdAt,
    );
    return id;
  });
  return { id, name, token, createdAt };
}

/** How stale a token's last_used_at may be before a call writes it again. */
export const TOUCH_INTERVAL_MS = 60_000;

/** The account a bearer token acts for; undefined when unknown, revoked or the account is disabled. */
export async function resolveApiToken(
  database: Database,
  token: string,
  now = new Date(),
): Promise<{ account: AccountView; tokenId: number } | undefined> {
  const found = await findApiTokenByHash(database.db, hashToken(token));
  if (found === undefined || found.token.revoked === 1 || found.account.disabled === 1) return undefined;
  // last_used_at to the minute: a write on every call would cost an integration's busy token more than its reads.
  const last = found.token.last_used_at === null ? 0 : Date.parse(found.token.last_used_at);
  if (!(now.getTime() - last < TOUCH_INTERVAL_MS)) await touchApiToken(database.db, found.token.id, now.toISOString());
  return { account: presentAccount(found.account), tokenId: found.token.id };
}

/** Revokes one of the caller's tokens (an administrator may revoke anyone's); audited. */
export async function revokeToken(database: Database, caller: AccountView, id: number): Promise<void> {
  const row = await findApiToken(database.db, id);
  if (row === undefined || (row.account_id !== caller.id && caller.role !== 'admin')) throw errors.tokenNotFound(id);
  await database.db.transaction().execute(async (trx) => {
    await revokeApiToken(trx, id);
    await recordAudit(trx, {
      actor: accountActor(caller),
      action: 'revoke',
      entity: 'api_token',
      entityId: id,
      detail: { accountId: row.account_id },
    });
  });
}
