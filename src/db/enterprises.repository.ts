import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Fact } from '../core/profile/facts.ts';
import type { EnterpriseFactTable, EnterpriseImportTable, EnterpriseTable, Schema } from './schema.ts';

// All SQL of enterprise profiles. Lists are written and read in chunks: SQLite and PostgreSQL cap the number of
// bound parameters of one statement (32766 and 65535), and an empty IN () is invalid SQL on both.

export type EnterpriseRow = Selectable<EnterpriseTable>;
export type NewEnterprise = Insertable<EnterpriseTable>;
export type EnterpriseUpdate = Omit<NewEnterprise, 'uscc' | 'created_at'>;
export type NewEnterpriseImport = Insertable<EnterpriseImportTable>;

/** A fact as stored, with the enterprise it belongs to and the batch it came in. */
export interface StoredFact extends Fact {
  batchId: number | null;
  recordedAt: string;
}

const LOOKUP_CHUNK = 1000;
/** Rows per INSERT: about 10 parameters a row keeps a statement well under both caps. */
const INSERT_CHUNK = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function countEnterprises(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('enterprise')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findEnterpriseByUscc(db: Kysely<Schema>, uscc: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprise').selectAll().where('uscc', '=', uscc).executeTakeFirst();
}

/** The stored enterprises among these codes, by code. */
export async function findEnterprisesByUscc(
  db: Kysely<Schema>,
  usccs: readonly string[],
): Promise<Map<string, EnterpriseRow>> {
  const found = new Map<string, EnterpriseRow>();
  for (const chunk of chunks(usccs, LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('enterprise').selectAll().where('uscc', 'in', chunk).execute();
    for (const row of rows) found.set(row.uscc, row);
  }
  return found;
}

/** Inserts the enterprises; resolves to their ids by code. */
export async function insertEnterprises(
  db: Kysely<Schema>,
  rows: readonly NewEnterprise[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    // RETURNING gives no order guarantee on SQLite, so the code comes back with each id.
    const inserted = await db.insertInto('enterprise').values(chunk).returning(['id', 'uscc']).execute();
    for (const row of inserted) ids.set(row.uscc, row.id);
  }
  return ids;
}

export async function updateEnterprise(db: Kysely<Schema>, id: number, row: EnterpriseUpdate): Promise<void> {
  await db.updateTable('enterprise').set(row).where('id', '=', id).execute();
}

export function factToRow(
  enterpriseId: number,
  fact: Fact,
  batchId: number | null,
  recordedAt: string,
): Insertable<EnterpriseFactTable> {
  return {
    enterprise_id: enterpriseId,
    key: fact.key,
    year: fact.year ?? null,
    value_num: typeof fact.value === 'number' ? fact.value : null,
    value_text: typeof fact.value === 'string' ? fact.value : null,
    source: fact.provenance.source,
    as_of: fact.provenance.asOf,
    authoritative: fact.provenance.authoritative ? 1 : 0,
    batch_id: batchId,
    recorded_at: recordedAt,
  };
}

export async function insertFacts(db: Kysely<Schema>, rows: readonly Insertable<EnterpriseFactTable>[]): Promise<void> {
  for (const chunk of chunks(rows, INSERT_CHUNK)) await db.insertInto('enterprise_fact').values(chunk).execute();
}

function rowToFact(row: Selectable<EnterpriseFactTable>): StoredFact {
  const fact: StoredFact = {
    key: row.key,
    value: row.value_num ?? row.value_text,
    provenance: { source: row.source, asOf: row.as_of, authoritative: row.authoritative === 1 },
    batchId: row.batch_id,
    recordedAt: row.recorded_at,
  };
  if (row.year !== null) fact.year = row.year;
  return fact;
}

/** Every fact of these enterprises, in the order they were recorded, by enterprise id. */
export async function listFacts(
  db: Kysely<Schema>,
  enterpriseIds: readonly number[],
): Promise<Map<number, StoredFact[]>> {
  const facts = new Map<number, StoredFact[]>();
  for (const chunk of chunks(enterpriseIds, LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('enterprise_fact')
      .selectAll()
      .where('enterprise_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const row of rows) {
      let list = facts.get(row.enterprise_id);
      if (list === undefined) facts.set(row.enterprise_id, (list = []));
      list.push(rowToFact(row));
    }
  }
  return facts;
}

export async function insertImport(db: Kysely<Schema>, row: NewEnterpriseImport): Promise<number> {
  const inserted = await db.insertInto('enterprise_import').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateImportCounts(
  db: Kysely<Schema>,
  id: number,
  counts: { accepted: number; rejected: number },
): Promise<void> {
  await db.updateTable('enterprise_import').set(counts).where('id', '=', id).execute();
}

/** Earlier imports of the same bytes, oldest first. */
export async function findImportsBySha256(
  db: Kysely<Schema>,
  sha256: string,
): Promise<Selectable<EnterpriseImportTable>[]> {
  return db.selectFrom('enterprise_import').selectAll().where('sha256', '=', sha256).orderBy('id').execute();
}

/** What bulk matching reads of an enterprise: its id, the columns it reports and the merged profile (JSON). */
export interface EnterpriseProfileRow {
  id: number;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  profile: string;
}

/**
 * One page of enterprises in id order, those after `afterId` (keyset paging: each page is an index range scan,
 * however deep, and memory holds one page).
 */
export async function profilePage(db: Kysely<Schema>, afterId: number, limit: number): Promise<EnterpriseProfileRow[]> {
  return db
    .selectFrom('enterprise')
    .select(['id', 'uscc', 'name', 'region', 'industry', 'profile'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** What a list of enterprises shows of each. */
export type EnterpriseListRow = Pick<
  EnterpriseRow,
  'uscc' | 'name' | 'region' | 'industry' | 'size_class' | 'employees' | 'updated_at'
>;

export interface EnterpriseFilter {
  /** part of the name, or of the code (upper case) */
  q?: string;
  /** the region column lies in this list (a region with everything within it) */
  regions?: readonly string[];
}

/** LIKE's wildcards in user text are literal: escaped with a backslash, named as the escape on both dialects. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Kysely<Schema>, filter: EnterpriseFilter) {
  let query = db.selectFrom('enterprise');
  if (filter.q !== undefined && filter.q !== '') {
    const name = containsPattern(filter.q);
    const code = containsPattern(filter.q.toUpperCase());
    query = query.where(sql<boolean>`(name like ${name} escape '\\' or uscc like ${code} escape '\\')`);
  }
  if (filter.regions !== undefined) {
    // Guard: an empty IN () is invalid SQL; no region means no enterprise.
    if (filter.regions.length === 0) return query.where(sql<boolean>`1 = 0`);
    query = query.where('region', 'in', [...filter.regions]);
  }
  return query;
}

/** One page of the enterprises that pass the filter, in the order they were added, and how many pass. */
export async function listEnterprises(
  db: Kysely<Schema>,
  filter: EnterpriseFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: EnterpriseListRow[]; total: number }> {
  const rows = await filtered(db, filter)
    .select(['uscc', 'name', 'region', 'industry', 'size_class', 'employees', 'updated_at'])
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await filtered(db, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** The enterprise as matching reads it, with when it last changed: one lookup through the unique uscc index. */
export async function findEnterpriseProfile(
  db: Kysely<Schema>,
  uscc: string,
): Promise<(EnterpriseProfileRow & { updated_at: string }) | undefined> {
  return db
    .selectFrom('enterprise')
    .select(['id', 'uscc', 'name', 'region', 'industry', 'profile', 'updated_at'])
    .where('uscc', '=', uscc)
    .executeTakeFirst();
}

/** The id and region of an enterprise, for access checks. */
export async function findEnterpriseRegion(
  db: Kysely<Schema>,
  uscc: string,
): Promise<{ id: number; region: string } | undefined> {
  return db.selectFrom('enterprise').select(['id', 'region']).where('uscc', '=', uscc).executeTakeFirst();
}
