import { generatePassword, hashPassword, verifyPassword } from '../../core/auth/password.ts';
import { hashToken, newToken } from '../../core/auth/tokens.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findAccountByUsername,
  findSession,
  insertSession,
  touchSession,
} from '../../db/accounts.repository.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { accountActor, normaliseUsername, presentAccount, type AccountView } from './accounts.ts';

// Password sessions for browsers. The cookie holds a random token; the database holds its SHA-256 as the session
// id. A session lasts 8 hours from its last use (sliding), and ends at logout.

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Sliding the expiry is a write; once a minute per session is precise enough. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface LoginResult {
  account: AccountView;
  /** the cookie's value: shown once, never stored */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ResolvedSession {
  account: AccountView;
  sessionId: string;
  csrfToken: string;
}

// A hash to verify against when the username is unknown, so that answer takes as long as a wrong password.
let decoy: Promise<string> | undefined;

/** Signs in; resolves to undefined for a wrong username or password or a disabled account (one answer for all). */
export async function login(
  database: Database,
  username: string,
  password: string,
  context: { ip?: string } = {},
  now = new Date(),
): Promise<LoginResult | undefined> {
  const row = await findAccountByUsername(database.db, normaliseUsername(username));
  if (row === undefined) {
    decoy ??= hashPassword(generatePassword());
    await verifyPassword(password, await decoy);
    return undefined;
  }
  const matches = await verifyPassword(password, row.password_hash);
  if (!matches || row.disabled === 1) return undefined;

  const sessionToken = newToken();
  const csrfToken = newToken();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  const account = presentAccount(row);
  await database.db.transaction().execute(async (trx) => {
    await deleteExpiredSessions(trx, at);
    await insertSession(trx, {
      id: hashToken(sessionToken),
      account_id: row.id,
      csrf_token: csrfToken,
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
    });
    await recordAudit(
      trx,
      { actor: accountActor(account), action: 'login', entity: 'account', entityId: row.id, detail: { ...context } },
      at,
    );
  });
  return { account, sessionToken, csrfToken, expiresAt };
}

/** The live session a cookie's token names, its expiry slid forward; undefined when unknown, expired or disabled. */
export async function resolveSession(
  database: Database,
  sessionToken: string,
  now = new Date(),
): Promise<ResolvedSession | undefined> {
  const id = hashToken(sessionToken);
  const found = await findSession(database.db, id);
  if (found === undefined) return undefined;
  const { session, account } = found;
  if (session.expires_at <= now.toISOString()) {
    await deleteSession(database.db, id);
    return undefined;
  }
  if (account.disabled === 1) return undefined;
  if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
    await touchSession(database.db, id, now.toISOString(), new Date(now.getTime() + SESSION_TTL_MS).toISOString());
  }
  return { account: presentAccount(account), sessionId: id, csrfToken: session.csrf_token };
}

/** Ends a session (audited); the cookie's token stops working at once. */
export async function logout(database: Database, account: AccountView, sessionId: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, {
      actor: accountActor(account),
      action: 'logout',
      entity: 'account',
      entityId: account.id,
      detail: {},
    });
  });
}
