import { PostgresAdapter, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { EnterpriseProfileRow } from './enterprises.repository.ts';
import type { PolicyMatchRow } from './rules.repository.ts';
import type { PushBatchTable, PushChangeTable, PushSubscriptionTable, Schema } from './schema.ts';

// All SQL of push triggers and subscriptions: batches and changes, subscriptions, and the reads a trigger makes of
// enterprises and their stored matches. Lists go in chunks (both dialects cap bound parameters, and an empty IN ()
// is invalid SQL); large inserts go through unnest on PostgreSQL, as rules.repository does for matches.

type Db = Kysely<Schema>;

export type PushSubscriptionRow = Selectable<PushSubscriptionTable>;
export type NewPushSubscription = Insertable<PushSubscriptionTable>;
export type PushChangeRow = Selectable<PushChangeTable>;
export type NewPushChange = Insertable<PushChangeTable>;

const LOOKUP_CHUNK = 1000;
/** Rows per multi-row INSERT on SQLite: 12 parameters a row stays well under its 32766. */
const INSERT_CHUNK = 2000;
/** Rows per unnest INSERT on PostgreSQL (one parameter per column). */
const UNNEST_CHUNK = 20_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// ---- batches and changes -----------------------------------------------------------------------------------------

export async function insertBatch(db: Db, row: Insertable<PushBatchTable>): Promise<number> {
  const inserted = await db.insertInto('push_batch').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function setBatchChanges(db: Db, id: number, changes: number): Promise<void> {
  await db.updateTable('push_batch').set({ changes }).where('id', '=', id).execute();
}

/** Inserts changes; guarded: an empty list runs no query. */
export async function insertChanges(db: Db, rows: readonly NewPushChange[]): Promise<void> {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    for (const chunk of chunks(rows, UNNEST_CHUNK)) {
      const column = <K extends keyof NewPushChange>(key: K) => chunk.map((row) => row[key] ?? null);
      await sql`insert into push_change
        (batch_id, enterprise_id, policy_id, kind, year, title, body, amount_min, amount_max, before_min, before_max,
         created_at)
        select * from unnest(${column('batch_id')}::integer[], ${column('enterprise_id')}::integer[],
          ${column('policy_id')}::text[], ${column('kind')}::text[], ${column('year')}::integer[],
          ${column('title')}::text[], ${column('body')}::text[], ${column('amount_min')}::double precision[],
          ${column('amount_max')}::double precision[], ${column('before_min')}::double precision[],
          ${column('before_max')}::double precision[], ${column('created_at')}::text[])`.execute(db);
    }
    return;
  }
  for (const chunk of chunks(rows, INSERT_CHUNK)) await db.insertInto('push_change').values(chunk).execute();
}

/** The changes with these ids. Guarded. */
export async function changesByIds(db: Db, ids: readonly number[]): Promise<PushChangeRow[]> {
  const out: PushChangeRow[] = [];
  for (const chunk of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
    out.push(...(await db.selectFrom('push_change').selectAll().where('id', 'in', chunk).execute()));
  }
  return out;
}

/** The changes of one batch, by id. */
export async function changesOfBatch(db: Db, batchId: number): Promise<PushChangeRow[]> {
  return db.selectFrom('push_change').selectAll().where('batch_id', '=', batchId).orderBy('id').execute();
}

/** The changes of a batch for these enterprises, by id. Guarded. */
export async function changesOfBatchFor(
  db: Db,
  batchId: number,
  enterpriseIds: readonly number[],
): Promise<PushChangeRow[]> {
  const out: PushChangeRow[] = [];
  for (const chunk of chunks([...new Set(enterpriseIds)], LOOKUP_CHUNK)) {
    out.push(
      ...(await db
        .selectFrom('push_change')
        .selectAll()
        .where('batch_id', '=', batchId)
        .where('enterprise_id', 'in', chunk)
        .execute()),
    );
  }
  return out.sort((a, b) => a.id - b.id);
}

/** One enterprise's changes recorded in [from, to), oldest first. */
export async function changesOfPeriod(
  db: Db,
  enterpriseId: number,
  from: string,
  to: string,
): Promise<PushChangeRow[]> {
  return db
    .selectFrom('push_change')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('id')
    .execute();
}

// ---- subscriptions -----------------------------------------------------------------------------------------------

export async function findSubscription(db: Db, enterpriseId: number): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom('push_subscription').selectAll().where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

export async function upsertSubscription(db: Db, row: NewPushSubscription): Promise<void> {
  const { enterprise_id: _id, created_at: _created, ...update } = row;
  await db
    .insertInto('push_subscription')
    .values(row)
    .onConflict((oc) => oc.column('enterprise_id').doUpdateSet(update))
    .execute();
}

/** The subscriptions of the enterprises that have a change in the batch. */
export async function subscriptionsOfBatch(db: Db, batchId: number): Promise<PushSubscriptionRow[]> {
  return db
    .selectFrom('push_subscription')
    .selectAll()
    .where('enterprise_id', 'in', (eb) =>
      eb.selectFrom('push_change').select('enterprise_id').where('batch_id', '=', batchId),
    )
    .execute();
}

/** Subscriptions by enterprise id. Guarded. */
export async function subscriptionsOf(db: Db, enterpriseIds: readonly number[]): Promise<PushSubscriptionRow[]> {
  const out: PushSubscriptionRow[] = [];
  for (const chunk of chunks([...new Set(enterpriseIds)], LOOKUP_CHUNK)) {
    out.push(...(await db.selectFrom('push_subscription').selectAll().where('enterprise_id', 'in', chunk).execute()));
  }
  return out;
}

/** Digest subscriptions whose next digest may be due: their period start is before the boundary of their kind. */
export async function digestCandidates(
  db: Db,
  boundaries: { daily: string; weekly: string },
): Promise<PushSubscriptionRow[]> {
  return db
    .selectFrom('push_subscription')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('frequency', '=', 'daily'), eb('digest_from', '<', boundaries.daily)]),
        eb.and([eb('frequency', '=', 'weekly'), eb('digest_from', '<', boundaries.weekly)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

/** Moves a subscription's digest start on, if it is still `from` (a second digest run changes nothing). */
export async function advanceDigest(db: Db, id: number, from: string, to: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('push_subscription')
    .set({ digest_from: to, updated_at: at })
    .where('id', '=', id)
    .where('digest_from', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- what triggers read of enterprises and matches -----------------------------------------------------------------

/** The ids of the enterprises whose region is one of these, ascending. Guarded. */
export async function enterpriseIdsInRegions(db: Db, regions: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(regions, LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('enterprise').select('id').where('region', 'in', chunk).execute();
    for (const row of rows) ids.push(row.id);
  }
  return ids.sort((a, b) => a - b);
}

/** Ids per lookup when a page of profiles is read: one parameter each, well under both dialects' caps. */
const PROFILE_CHUNK = 5000;

/** What matching reads of these enterprises, in id order. Guarded. */
export async function profilesByIds(db: Db, ids: readonly number[]): Promise<EnterpriseProfileRow[]> {
  const out: EnterpriseProfileRow[] = [];
  const postgres = isPostgres(db);
  for (const chunk of chunks(ids, postgres ? UNNEST_CHUNK : PROFILE_CHUNK)) {
    out.push(
      ...(await db
        .selectFrom('enterprise')
        .select(['id', 'uscc', 'name', 'region', 'industry', 'profile'])
        // PostgreSQL: one array parameter, not one parameter per id
        .where((eb) => (postgres ? sql<boolean>`id = any(${chunk}::integer[])` : eb('id', 'in', chunk)))
        .execute()),
    );
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The columns of an enterprise that mirror its merged profile (enterprises.repository: enterpriseColumns). */
export interface EnterpriseColumnsRow {
  id: number;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  founded: string | null;
  employees: number | null;
}

const COLUMNS = ['id', 'uscc', 'name', 'region', 'industry', 'founded', 'employees'] as const;

/** The profile columns of these enterprises (no profile JSON), in id order. Guarded. */
export async function profileColumnsByIds(db: Db, ids: readonly number[]): Promise<EnterpriseColumnsRow[]> {
  const out: EnterpriseColumnsRow[] = [];
  const postgres = isPostgres(db);
  for (const chunk of chunks(ids, postgres ? UNNEST_CHUNK : PROFILE_CHUNK)) {
    out.push(
      ...(await db
        .selectFrom('enterprise')
        .select(COLUMNS)
        .where((eb) => (postgres ? sql<boolean>`id = any(${chunk}::integer[])` : eb('id', 'in', chunk)))
        .execute()),
    );
  }
  return out.sort((a, b) => a.id - b.id);
}

/** One page of enterprises after `afterId` in id order (keyset paging): the profile columns, and the JSON if asked. */
export async function enterprisePage(
  db: Db,
  afterId: number,
  limit: number,
  withProfile: boolean,
): Promise<(EnterpriseColumnsRow & { profile?: string })[]> {
  const query = db.selectFrom('enterprise').select(COLUMNS).where('id', '>', afterId).orderBy('id').limit(limit);
  return withProfile ? query.select('profile').execute() : query.execute();
}

/** The ids of these USCCs' enterprises. Guarded. */
export async function enterpriseIdsByUscc(db: Db, usccs: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(usccs, LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('enterprise').select('id').where('uscc', 'in', chunk).execute();
    for (const row of rows) ids.push(row.id);
  }
  return ids.sort((a, b) => a - b);
}

/** The stored matches of these enterprises in `year`. Guarded. */
export async function matchesOfEnterprises(db: Db, ids: readonly number[], year: number): Promise<PolicyMatchRow[]> {
  const out: PolicyMatchRow[] = [];
  for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
    out.push(
      ...(await db
        .selectFrom('policy_match')
        .selectAll()
        .where('enterprise_id', 'in', chunk)
        .where('year', '=', year)
        .execute()),
    );
  }
  return out;
}

/** Deletes the stored matches of these enterprises in `year`. Guarded. */
export async function deleteMatchesOfEnterprises(db: Db, ids: readonly number[], year: number): Promise<void> {
  for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
    await db.deleteFrom('policy_match').where('enterprise_id', 'in', chunk).where('year', '=', year).execute();
  }
}

/** USCC and name of these enterprises, by id. Guarded. */
export async function enterpriseNames(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { uscc: string; name: string }>> {
  const out = new Map<number, { uscc: string; name: string }>();
  for (const chunk of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('enterprise').select(['id', 'uscc', 'name']).where('id', 'in', chunk).execute();
    for (const row of rows) out.set(row.id, { uscc: row.uscc, name: row.name });
  }
  return out;
}
