import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { DeliveryState, PushChannel, PushOutboxTable, Schema } from './schema.ts';

// All SQL of the push outbox (services/push/worker.ts explains the protocol). The claim is the job table's
// (jobs.repository.ts): one statement takes due rows and writes the lease, with SELECT … FOR UPDATE SKIP LOCKED
// inside on PostgreSQL so several workers never wait for or take the same row, and UPDATE … RETURNING, atomic by
// itself, on SQLite. A row is due while next_attempt_at ≤ now; claiming sets it to the lease's end, so a worker
// killed mid-delivery leaves rows that come due again by themselves. Finishing is guarded by the lease holder.

type Db = Kysely<Schema>;

export type DeliveryRow = Selectable<PushOutboxTable>;
export type NewDelivery = Insertable<PushOutboxTable>;

const INSERT_CHUNK = 2000;
const LOOKUP_CHUNK = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds deliveries; one whose key exists is skipped (an enqueue repeated by a retried trigger adds nothing). */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[]): Promise<void> {
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    await db
      .insertInto('push_outbox')
      .values(chunk)
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

/**
 * One inbox delivery per change of the batch whose enterprise has no subscription (the default: everything, in the
 * inbox), written by the database from the change rows: no row travels through the application.
 */
export async function fanOutDefaultInbox(
  db: Db,
  batchId: number,
  options: { maxAttempts: number; at: string },
): Promise<number> {
  const result = await db
    .insertInto('push_outbox')
    .columns([
      'key',
      'channel',
      'enterprise_id',
      'change_id',
      'payload',
      'recipient',
      'state',
      'attempts',
      'max_attempts',
      'next_attempt_at',
      'locked_by',
      'last_error',
      'created_at',
      'updated_at',
      'delivered_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('push_change as c')
        .select([
          sql<string>`'inbox:' || c.id`.as('key'),
          sql<PushChannel>`'inbox'`.as('channel'),
          'c.enterprise_id',
          'c.id',
          sql<null>`null`.as('payload'),
          sql<string>`cast(c.enterprise_id as text)`.as('recipient'),
          sql<DeliveryState>`'pending'`.as('state'),
          sql<number>`0`.as('attempts'),
          sql<number>`${options.maxAttempts}`.as('max_attempts'),
          sql<string>`${options.at}`.as('next_attempt_at'),
          sql<null>`null`.as('locked_by'),
          sql<null>`null`.as('last_error'),
          sql<string>`${options.at}`.as('created_at'),
          sql<string>`${options.at}`.as('updated_at'),
          sql<null>`null`.as('delivered_at'),
        ])
        .where('c.batch_id', '=', batchId)
        .where((w) =>
          w.not(
            w.exists(
              w.selectFrom('push_subscription as s').select('s.id').whereRef('s.enterprise_id', '=', 'c.enterprise_id'),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface ClaimOptions {
  worker: string;
  now: string;
  leaseUntil: string;
  limit: number;
  /** only these channels (default all) */
  channels?: readonly PushChannel[];
}

/**
 * Leases up to `limit` due deliveries to the worker, oldest due first: state delivering, attempts + 1,
 * next_attempt_at = the lease's end. The one function the outbox's concurrency rests on.
 */
export async function claimDeliveries(db: Db, dialect: DialectName, options: ClaimOptions): Promise<DeliveryRow[]> {
  if (options.limit <= 0) return [];
  let due = db
    .selectFrom('push_outbox')
    .select('id')
    .where('next_attempt_at', '<=', options.now)
    .where('state', 'in', ['pending', 'failed', 'delivering'])
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(options.limit);
  if (options.channels !== undefined) due = due.where('channel', 'in', [...options.channels]);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('push_outbox')
    .set((eb) => ({
      state: 'delivering',
      locked_by: options.worker,
      next_attempt_at: options.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: options.now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

export interface DeliveryOutcome {
  state: 'delivered' | 'failed' | 'dead';
  /** failed: when to try again */
  nextAttemptAt: string | null;
  lastError: string | null;
  at: string;
}

/** Finishes deliveries the worker holds; resolves to how many it still held (the rest were taken by another). */
export async function finishDeliveries(
  db: Db,
  ids: readonly number[],
  worker: string,
  outcome: DeliveryOutcome,
): Promise<number> {
  let finished = 0;
  for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
    const result = await db
      .updateTable('push_outbox')
      .set({
        state: outcome.state,
        next_attempt_at: outcome.state === 'failed' ? outcome.nextAttemptAt : null,
        locked_by: null,
        last_error: outcome.lastError,
        updated_at: outcome.at,
        ...(outcome.state === 'delivered' ? { delivered_at: outcome.at } : {}),
      })
      .where('id', 'in', chunk)
      .where('locked_by', '=', worker)
      .where('state', '=', 'delivering')
      .executeTakeFirst();
    finished += Number(result.numUpdatedRows);
  }
  return finished;
}

const NOTIFICATION_COLUMNS = [
  'enterprise_id',
  'kind',
  'policy_id',
  'title',
  'body',
  'amount_min',
  'amount_max',
  'created_at',
  'read_at',
  'idempotency_key',
] as const;

/** The notifications of inbox deliveries (those `which` narrows to), each under its delivery's key. */
function inboxNotifications(db: Db, at: string, which: { ids: readonly number[] } | { pendingOfBatch: number }) {
  let select = db
    .selectFrom('push_outbox as o')
    .innerJoin('push_change as c', 'c.id', 'o.change_id')
    .select([
      'c.enterprise_id',
      // a 免申即享 notice tells the enterprise it is eligible (the inbox's kinds are the match changes')
      sql<'eligible'>`case when c.kind = 'grant' then 'eligible' else c.kind end`.as('kind'),
      'c.policy_id',
      'c.title',
      'c.body',
      'c.amount_min',
      'c.amount_max',
      sql<string>`${at}`.as('created_at'),
      sql<null>`null`.as('read_at'),
      'o.key',
    ])
    .where('o.channel', '=', 'inbox');
  select =
    'ids' in which
      ? select.where('o.id', 'in', [...which.ids])
      : select.where('c.batch_id', '=', which.pendingOfBatch).where('o.state', '=', 'pending');
  return db
    .insertInto('notification')
    .columns(NOTIFICATION_COLUMNS)
    .expression(select)
    .onConflict((oc) => oc.column('idempotency_key').doNothing());
}

/**
 * Writes the inbox notifications of these inbox deliveries, each under its delivery's key: a key that is in an
 * inbox already adds nothing (the delivery ran before and its worker died before it could finish).
 */
export async function insertInboxNotifications(db: Db, deliveryIds: readonly number[], at: string): Promise<void> {
  for (const chunk of chunks(deliveryIds, LOOKUP_CHUNK)) await inboxNotifications(db, at, { ids: chunk }).execute();
}

/**
 * Delivers a batch's pending inbox deliveries at once, set-based (two statements however many): their
 * notifications, then the delivered mark. Call it in a transaction. A row a worker claims in between is not marked
 * here: the worker delivers it, and its notification's key is in the inbox already, so it adds nothing. Resolves to
 * how many were marked delivered.
 */
export async function deliverInboxOfBatch(db: Db, batchId: number, at: string): Promise<number> {
  await inboxNotifications(db, at, { pendingOfBatch: batchId }).execute();
  const result = await db
    .updateTable('push_outbox')
    .set((eb) => ({
      state: 'delivered',
      attempts: eb('attempts', '+', 1),
      next_attempt_at: null,
      locked_by: null,
      last_error: null,
      updated_at: at,
      delivered_at: at,
    }))
    .where('channel', '=', 'inbox')
    .where('state', '=', 'pending')
    .where((eb) => eb('change_id', 'in', eb.selectFrom('push_change').select('id').where('batch_id', '=', batchId)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moves on the lease of every delivery the worker holds (a long batch of slow webhooks keeps its rows). */
export async function extendLeases(db: Db, worker: string, until: string, at: string): Promise<number> {
  const result = await db
    .updateTable('push_outbox')
    .set({ next_attempt_at: until, updated_at: at })
    .where('locked_by', '=', worker)
    .where('state', '=', 'delivering')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findDelivery(db: Db, id: number): Promise<DeliveryRow | undefined> {
  return db.selectFrom('push_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deliveries in a state, oldest first. */
export async function listDeliveries(
  db: Db,
  filter: { state?: DeliveryState; channel?: PushChannel; enterpriseId?: number },
  page: { limit: number; offset: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  let query = db.selectFrom('push_outbox');
  // A literal, not a parameter: SQLite uses the partial index of dead rows only for a query that spells its value.
  if (filter.state !== undefined) query = query.where('state', '=', sql.lit(filter.state));
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  if (filter.enterpriseId !== undefined) query = query.where('enterprise_id', '=', filter.enterpriseId);
  const rows = await query.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute();
  const count = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** How many deliveries there are, by channel and state. */
export async function countDeliveries(
  db: Db,
): Promise<{ channel: PushChannel; state: DeliveryState; count: number }[]> {
  const rows = await db
    .selectFrom('push_outbox')
    .select(['channel', 'state', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['channel', 'state'])
    .orderBy('channel')
    .orderBy('state')
    .execute();
  return rows.map((r) => ({ channel: r.channel, state: r.state, count: Number(r.n) }));
}

/** Puts a dead delivery back in the queue, due now, with its attempts counted afresh. */
export async function requeueDead(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('push_outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: at, locked_by: null, updated_at: at })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
