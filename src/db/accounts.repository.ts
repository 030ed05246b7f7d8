import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AccountTable, ApiTokenTable, AccountSessionTable, Schema } from './schema.ts';

// All SQL of accounts, sessions and API tokens. Lookups go by the SHA-256 of a token, never by the token.

export type AccountRow = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type SessionRow = Selectable<AccountSessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

export async function findAccountByUsername(db: Kysely<Schema>, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findAccountById(db: Kysely<Schema>, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAccount(db: Kysely<Schema>, row: NewAccount): Promise<number> {
  const inserted = await db.insertInto('account').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function listAccounts(db: Kysely<Schema>): Promise<AccountRow[]> {
  return db.selectFrom('account').selectAll().orderBy('id').execute();
}

export async function insertSession(db: Kysely<Schema>, row: SessionRow): Promise<void> {
  await db.insertInto('account_session').values(row).execute();
}

/** The session with this id and its account, whether or not it has expired (the caller decides). */
export async function findSession(
  db: Kysely<Schema>,
  id: string,
): Promise<{ session: SessionRow; account: AccountRow } | undefined> {
  const session = await db.selectFrom('account_session').selectAll().where('id', '=', id).executeTakeFirst();
  if (session === undefined) return undefined;
  const account = await findAccountById(db, session.account_id);
  return account === undefined ? undefined : { session, account };
}

export async function touchSession(
  db: Kysely<Schema>,
  id: string,
  lastSeenAt: string,
  expiresAt: string,
): Promise<void> {
  await db
    .updateTable('account_session')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Kysely<Schema>, id: string): Promise<number> {
  const result = await db.deleteFrom('account_session').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sessions past their expiry; run now and then so the table does not grow without end. */
export async function deleteExpiredSessions(db: Kysely<Schema>, now: string): Promise<number> {
  const result = await db.deleteFrom('account_session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(db: Kysely<Schema>, row: Insertable<ApiTokenTable>): Promise<number> {
  const inserted = await db.insertInto('api_token').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findApiTokenByHash(
  db: Kysely<Schema>,
  tokenHash: string,
): Promise<{ token: ApiTokenRow; account: AccountRow } | undefined> {
  const token = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (token === undefined) return undefined;
  const account = await findAccountById(db, token.account_id);
  return account === undefined ? undefined : { token, account };
}

export async function findApiToken(db: Kysely<Schema>, id: number): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchApiToken(db: Kysely<Schema>, id: number, at: string): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeApiToken(db: Kysely<Schema>, id: number): Promise<void> {
  await db.updateTable('api_token').set({ revoked: 1 }).where('id', '=', id).execute();
}
