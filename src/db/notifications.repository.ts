import type { Insertable, Kysely, Selectable } from 'kysely';
import type { NotificationTable, Schema } from './schema.ts';

// Notifications to enterprises: written in the transaction that changes a policy's matches, read newest first.

export type NotificationRow = Selectable<NotificationTable>;
export type NewNotification = Insertable<NotificationTable>;

/** Rows per INSERT: 9 parameters a row keeps a statement well under SQLite's and PostgreSQL's caps. */
const INSERT_CHUNK = 2000;

/** Guarded: an empty list runs no query. */
export async function insertNotifications(db: Kysely<Schema>, rows: readonly NewNotification[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('notification')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** One enterprise's notifications, newest first. */
export async function listNotifications(
  db: Kysely<Schema>,
  enterpriseId: number,
  page: { limit: number; offset: number },
): Promise<NotificationRow[]> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many notifications the enterprise has, and how many of them are unread. */
export async function countNotifications(
  db: Kysely<Schema>,
  enterpriseId: number,
): Promise<{ total: number; unread: number }> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => [
      eb.fn.countAll().as('total'),
      eb.fn.sum<number | null>(eb.case().when('read_at', 'is', null).then(1).else(0).end()).as('unread'),
    ])
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread ?? 0) };
}

export async function findNotification(
  db: Kysely<Schema>,
  enterpriseId: number,
  id: number,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markNotificationRead(db: Kysely<Schema>, id: number, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
}
