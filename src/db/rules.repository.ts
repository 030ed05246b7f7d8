import { PostgresAdapter, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { PolicyMatchTable, PolicyTable, PolicyVersionTable, Schema } from './schema.ts';

// Storage of the rules engine: policies, their versions (JSON, never changed once written) and computed matches.
// Plain Kysely on both dialects; callers pass a transaction when several writes must land together.

export type PolicyRow = Selectable<PolicyTable>;
export type PolicyVersionRow = Selectable<PolicyVersionTable>;
export type PolicyStatus = PolicyTable['status'];

/** The columns lists and filters read, taken from a policy's JSON. */
export interface PolicyColumns {
  title: string;
  regions: string[];
  stackingGroup: string | null;
  autoGrant: boolean;
  validFrom: string | null;
  validTo: string | null;
}

export async function findPolicy(db: Kysely<Schema>, id: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('policy').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPolicies(db: Kysely<Schema>, status?: PolicyStatus): Promise<PolicyRow[]> {
  let query = db.selectFrom('policy').selectAll();
  if (status !== undefined) query = query.where('status', '=', status);
  return query.orderBy('id').execute();
}

export async function findVersion(
  db: Kysely<Schema>,
  id: string,
  version: number,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_version')
    .selectAll()
    .where('policy_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Every version of the given policies, oldest first. Guarded: an empty id list runs no query. */
export async function versionsOf(db: Kysely<Schema>, ids: readonly string[]): Promise<PolicyVersionRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('policy_version')
    .selectAll()
    .where('policy_id', 'in', ids)
    .orderBy('policy_id')
    .orderBy('version')
    .execute();
}

/** The JSON of the version in force of every policy with this status, by policy id. */
export async function currentJson(
  db: Kysely<Schema>,
  status: PolicyStatus,
): Promise<{ id: string; version: number; json: string }[]> {
  return db
    .selectFrom('policy')
    .innerJoin('policy_version', (join) =>
      join
        .onRef('policy_version.policy_id', '=', 'policy.id')
        .onRef('policy_version.version', '=', 'policy.current_version'),
    )
    .select(['policy.id as id', 'policy_version.version as version', 'policy_version.json as json'])
    .where('policy.status', '=', status)
    .orderBy('policy.id')
    .execute();
}

export async function latestVersionNumber(db: Kysely<Schema>, id: string): Promise<number> {
  const row = await db
    .selectFrom('policy_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('policy_id', '=', id)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function insertVersion(
  db: Kysely<Schema>,
  row: { policyId: string; version: number; json: string; createdBy: string; at: string },
): Promise<void> {
  await db
    .insertInto('policy_version')
    .values({
      policy_id: row.policyId,
      version: row.version,
      json: row.json,
      created_at: row.at,
      created_by: row.createdBy,
    })
    .execute();
}

function columnValues(columns: PolicyColumns) {
  return {
    title: columns.title,
    regions: JSON.stringify(columns.regions),
    stacking_group: columns.stackingGroup,
    auto_grant: columns.autoGrant ? 1 : 0,
    valid_from: columns.validFrom,
    valid_to: columns.validTo,
  };
}

export async function insertPolicy(
  db: Kysely<Schema>,
  row: { id: string; status: PolicyStatus; version: number; columns: PolicyColumns; at: string },
): Promise<void> {
  await db
    .insertInto('policy')
    .values({
      id: row.id,
      status: row.status,
      current_version: row.version,
      ...columnValues(row.columns),
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

/** Makes `version` the one in force, with its columns and status. */
export async function updatePolicy(
  db: Kysely<Schema>,
  row: { id: string; status: PolicyStatus; version: number; columns: PolicyColumns; at: string },
): Promise<void> {
  await db
    .updateTable('policy')
    .set({ status: row.status, current_version: row.version, ...columnValues(row.columns), updated_at: row.at })
    .where('id', '=', row.id)
    .execute();
}

export async function setStatus(db: Kysely<Schema>, id: string, status: PolicyStatus, at: string): Promise<void> {
  await db.updateTable('policy').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export type PolicyMatchRow = Selectable<PolicyMatchTable>;
export type NewPolicyMatch = Insertable<PolicyMatchTable>;

/** Rows per INSERT: 9 parameters a row keeps a statement under SQLite's 32766 and PostgreSQL's 65535. */
const MATCH_INSERT_CHUNK = 2000;

/** Deletes the matches computed for `year`; resolves to how many there were. */
export async function deleteMatches(db: Kysely<Schema>, year: number): Promise<number> {
  const result = await db.deleteFrom('policy_match').where('year', '=', year).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Rows per statement on PostgreSQL, where a chunk is nine array parameters however many rows. */
const MATCH_UNNEST_CHUNK = 20_000;

/**
 * Inserts matches in chunks. Guarded: an empty list runs no query. On PostgreSQL the rows go as nine arrays through
 * unnest (one parameter per column, not per value: several times faster than multi-row VALUES for large refreshes).
 */
export async function insertMatches(db: Kysely<Schema>, rows: readonly NewPolicyMatch[]): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (let i = 0; i < rows.length; i += MATCH_UNNEST_CHUNK) {
      const chunk = rows.slice(i, i + MATCH_UNNEST_CHUNK);
      const column = <K extends keyof NewPolicyMatch>(key: K) => chunk.map((row) => row[key] ?? null);
      await sql`insert into policy_match
        (policy_id, policy_version, enterprise_id, year, status, amount_min, amount_max, missing, computed_at)
        select * from unnest(${column('policy_id')}::text[], ${column('policy_version')}::integer[],
          ${column('enterprise_id')}::integer[], ${column('year')}::integer[], ${column('status')}::text[],
          ${column('amount_min')}::double precision[], ${column('amount_max')}::double precision[],
          ${column('missing')}::text[], ${column('computed_at')}::text[])`.execute(db);
    }
    return;
  }
  for (let i = 0; i < rows.length; i += MATCH_INSERT_CHUNK) {
    await db
      .insertInto('policy_match')
      .values(rows.slice(i, i + MATCH_INSERT_CHUNK))
      .execute();
  }
}

/** The stored matches of a year (of one policy, if given), by policy and enterprise. */
export async function listMatches(
  db: Kysely<Schema>,
  filter: { year: number; policyId?: string },
): Promise<PolicyMatchRow[]> {
  let query = db.selectFrom('policy_match').selectAll().where('year', '=', filter.year);
  if (filter.policyId !== undefined) query = query.where('policy_id', '=', filter.policyId);
  return query.orderBy('policy_id').orderBy('enterprise_id').execute();
}

/**
 * A fingerprint of the policy table that changes whenever a policy is published, updated or withdrawn (each sets
 * updated_at and the version or status): a cache of the published policies compares it instead of reading them.
 */
export async function policyStamp(db: Kysely<Schema>): Promise<string> {
  const row = await db
    .selectFrom('policy')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.max('updated_at').as('updated'),
      eb.fn.sum<number | null>('current_version').as('versions'),
      eb.fn.sum<number | null>(eb.case().when('status', '=', 'published').then(1).else(0).end()).as('published'),
    ])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}|${row.updated ?? ''}|${Number(row.versions ?? 0)}|${Number(row.published ?? 0)}`;
}

/** The stored matches of these policies in `year`. Guarded: an empty id list runs no query. */
export async function matchesOfPolicies(
  db: Kysely<Schema>,
  policyIds: readonly string[],
  year: number,
): Promise<PolicyMatchRow[]> {
  if (policyIds.length === 0) return [];
  return db
    .selectFrom('policy_match')
    .selectAll()
    .where('policy_id', 'in', [...policyIds])
    .where('year', '=', year)
    .orderBy('policy_id')
    .orderBy('enterprise_id')
    .execute();
}

/** Deletes the matches of these policies in `year` (every year when year is null); resolves to how many. */
export async function deleteMatchesOfPolicies(
  db: Kysely<Schema>,
  policyIds: readonly string[],
  year: number | null,
): Promise<number> {
  if (policyIds.length === 0) return 0;
  let query = db.deleteFrom('policy_match').where('policy_id', 'in', [...policyIds]);
  if (year !== null) query = query.where('year', '=', year);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** How many matches are stored for `year`. */
export async function countMatches(db: Kysely<Schema>, year: number): Promise<number> {
  const row = await db
    .selectFrom('policy_match')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
