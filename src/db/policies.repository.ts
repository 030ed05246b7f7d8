import { sql, type Insertable, type Kysely } from 'kysely';
import type { DialectName } from './dialect.ts';
import type {
  PolicyAmountTable,
  PolicyArticleDocumentTable,
  PolicyArticleRegionTable,
  PolicyArticleTable,
  PolicyArticleYearTable,
  PolicyMeasureSentenceTable,
  PolicyMeasureTable,
  PolicyRateTable,
  PolicySearchTable,
  PolicySourceVersionTable,
  Schema,
} from './schema.ts';

// All SQL of the policy library's write path and its simple reads. Every function takes the Kysely handle
// it runs on, so a service can run several in one transaction. A source is written with a few multi-row
// statements per table, not one statement per row: round trips, not rows, are what an ingest pays for.

type Db = Kysely<Schema>;

/** Bound parameters per statement: SQLite allows 32766, PostgreSQL 65535; stay below both. */
const MAX_PARAMETERS = 30_000;

async function insertRows<T extends keyof Schema>(db: Db, table: T, rows: Insertable<Schema[T]>[]): Promise<void> {
  // Guard: an INSERT with no rows is invalid SQL.
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

function chunks<T>(items: T[], size = MAX_PARAMETERS / 2): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function findSourceByName(db: Db, name: string) {
  return db.selectFrom('policy_source').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findVersion(db: Db, id: number) {
  return db.selectFrom('policy_source_version').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The current version of the source named `name` (its number and sha256), if it has one. */
export async function findCurrentVersion(db: Db, name: string) {
  return db
    .selectFrom('policy_source as s')
    .innerJoin('policy_source_version as v', 'v.id', 's.current_version_id')
    .select(['v.version', 'v.sha256'])
    .where('s.name', '=', name)
    .executeTakeFirst();
}

/** The current version (number and sha256) of each of these sources that exists, by name. */
export async function findCurrentVersions(db: Db, names: string[]) {
  const versions = new Map<string, { version: number; sha256: string }>();
  for (const part of chunks([...new Set(names)])) {
    const rows = await db
      .selectFrom('policy_source as s')
      .innerJoin('policy_source_version as v', 'v.id', 's.current_version_id')
      .select(['s.name', 'v.version', 'v.sha256'])
      .where('s.name', 'in', part)
      .execute();
    for (const row of rows) versions.set(row.name, { version: row.version, sha256: row.sha256 });
  }
  return versions;
}

export async function insertBlob(db: Db, sha256: string, content: Uint8Array, at: string): Promise<void> {
  await db
    .insertInto('policy_blob')
    .values({ sha256, size: content.length, content, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function insertSource(db: Db, name: string, at: string): Promise<number> {
  const row = await db
    .insertInto('policy_source')
    .values({ name, created_at: at, current_version_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function nextVersionNumber(db: Db, sourceId: number): Promise<number> {
  const row = await db
    .selectFrom('policy_source_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  return Number(row?.version ?? 0) + 1;
}

export async function insertVersion(db: Db, version: Insertable<PolicySourceVersionTable>): Promise<number> {
  const row = await db.insertInto('policy_source_version').values(version).returning('id').executeTakeFirstOrThrow();
  await db
    .updateTable('policy_source')
    .set({ current_version_id: row.id })
    .where('id', '=', version.source_id)
    .execute();
  return row.id;
}

/** The source's earlier articles stay readable with their version but leave search and the feed. */
export async function retireArticles(db: Db, sourceId: number): Promise<void> {
  const current = db
    .selectFrom('policy_article')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('current', '=', 1);
  await db.deleteFrom('policy_search').where('article_id', 'in', current).execute();
  await db
    .updateTable('policy_article')
    .set({ current: 0 })
    .where('source_id', '=', sourceId)
    .where('current', '=', 1)
    .execute();
}

/**
 * `count` fresh ids of an auto-numbered table, ascending, so rows can be written (and refer to each other)
 * in a few multi-row statements. PostgreSQL draws them from the column's sequence. SQLite continues after
 * the largest id ever given (AUTOINCREMENT's sqlite_sequence); call it after the transaction's first write,
 * when the transaction holds SQLite's one write lock and no other connection can take the same ids.
 */
export async function allocateIds(
  db: Db,
  dialect: DialectName,
  table: 'policy_article' | 'policy_measure',
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  if (dialect === 'postgres') {
    const { rows } = await sql<{ id: number }>`
      select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`.execute(db);
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ base: number | null }>`
    select max(coalesce((select max(id) from ${sql.table(table)}), 0),
               coalesce((select seq from sqlite_sequence where name = ${table}), 0)) as base`.execute(db);
  const base = Number(rows[0]?.base ?? 0);
  return Array.from({ length: count }, (_, i) => base + 1 + i);
}

export async function insertArticles(db: Db, rows: Insertable<PolicyArticleTable>[]): Promise<void> {
  await insertRows(db, 'policy_article', rows);
}

export async function insertMeasures(db: Db, rows: Insertable<PolicyMeasureTable>[]): Promise<void> {
  await insertRows(db, 'policy_measure', rows);
}

export async function insertSentences(db: Db, rows: Insertable<PolicyMeasureSentenceTable>[]): Promise<void> {
  await insertRows(db, 'policy_measure_sentence', rows);
}

export async function insertFigures(
  db: Db,
  amounts: Insertable<PolicyAmountTable>[],
  rates: Insertable<PolicyRateTable>[],
): Promise<void> {
  await insertRows(db, 'policy_amount', amounts);
  await insertRows(db, 'policy_rate', rates);
}

export async function insertFilters(
  db: Db,
  regions: Insertable<PolicyArticleRegionTable>[],
  years: Insertable<PolicyArticleYearTable>[],
  documents: Insertable<PolicyArticleDocumentTable>[],
): Promise<void> {
  await insertRows(db, 'policy_article_region', regions);
  await insertRows(db, 'policy_article_year', years);
  await insertRows(db, 'policy_article_document', documents);
}

export async function insertSearchRows(db: Db, rows: Insertable<PolicySearchTable>[]): Promise<void> {
  await insertRows(db, 'policy_search', rows);
}

/**
 * The ids of these documents by their folded title, each created on first mention with the title it was
 * first printed with; a document is one record however many articles name it.
 */
export async function upsertDocuments(
  db: Db,
  documents: { title: string; key: string }[],
  at: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (documents.length === 0) return ids;
  for (const part of chunks(documents, 5000)) {
    await db
      .insertInto('policy_document')
      .values(part.map((d) => ({ title: d.title, title_key: d.key, created_at: at })))
      .onConflict((oc) => oc.column('title_key').doNothing())
      .execute();
  }
  for (const part of chunks(documents.map((d) => d.key))) {
    const rows = await db
      .selectFrom('policy_document')
      .select(['id', 'title_key'])
      .where('title_key', 'in', part)
      .execute();
    for (const row of rows) ids.set(row.title_key, row.id);
  }
  return ids;
}

export interface StoredSentenceMatch {
  measureId: number;
  measureSameAs: number | null;
  /** the group of the measure's article: the article its same_as_id names, else the article itself */
  articleRoot: number;
}

/**
 * A list of values as a table `h` with one column `value`, bound as one parameter (a JSON array on SQLite, an
 * array on PostgreSQL) rather than one parameter per value. Queries start from it, so each value is looked up
 * through an index instead of the planner scanning a table that has no statistics yet.
 */
function valueList(dialect: DialectName, values: string[] | number[]) {
  if (dialect === 'sqlite') return sql`json_each(${JSON.stringify(values)}) as h`;
  return typeof values[0] === 'number'
    ? sql`unnest(${values}::int[]) as h(value)`
    : sql`unnest(${values}::text[]) as h(value)`;
}

/**
 * Per sentence hash, the earliest current measure that prints the sentence. The lookup walks the
 * (hash, measure_id) index in order and stops at the first current measure, so a sentence printed by
 * thousands of articles costs one index step, not thousands of rows.
 */
export async function findFirstMeasuresBySentence(
  db: Db,
  dialect: DialectName,
  hashes: string[],
): Promise<Map<string, StoredSentenceMatch>> {
  const matches = new Map<string, StoredSentenceMatch>();
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return matches;
  const first = sql`
    select s.measure_id
    from policy_measure_sentence s
    join policy_measure sm on sm.id = s.measure_id
    join policy_article sa on sa.id = sm.article_id
    where s.hash = h.value and sa.current <> 0
    order by s.measure_id
    limit 1`;
  // SQLite has no LATERAL; a scalar subquery per hash does the same there.
  const query =
    dialect === 'postgres'
      ? sql`
          select h.value as hash, m.id as measure_id, m.same_as_id as measure_same_as,
                 coalesce(a.same_as_id, a.id) as article_root
          from ${valueList(dialect, unique)}
          cross join lateral (${first}) f
          join policy_measure m on m.id = f.measure_id
          join policy_article a on a.id = m.article_id`
      : sql`
          select x.hash, m.id as measure_id, m.same_as_id as measure_same_as,
                 coalesce(a.same_as_id, a.id) as article_root
          from (select h.value as hash, (${first}) as first_id from ${valueList(dialect, unique)}) x
          join policy_measure m on m.id = x.first_id
          join policy_article a on a.id = m.article_id`;
  const { rows } = await query.execute(db);
  for (const row of rows as {
    hash: string;
    measure_id: number;
    measure_same_as: number | null;
    article_root: number;
  }[]) {
    matches.set(row.hash, {
      measureId: Number(row.measure_id),
      measureSameAs: row.measure_same_as === null ? null : Number(row.measure_same_as),
      articleRoot: Number(row.article_root),
    });
  }
  return matches;
}

/** Per document, the groups (root articles) of the current articles that name it. */
export async function findDocumentGroups(
  db: Db,
  dialect: DialectName,
  documentIds: number[],
): Promise<Map<number, number[]>> {
  const groups = new Map<number, number[]>();
  const unique = [...new Set(documentIds)];
  if (unique.length === 0) return groups;
  // CROSS JOIN keeps SQLite's join order: from the listed documents to their articles, never the reverse.
  const { rows } = await sql<{ document_id: number; root: number }>`
    select distinct d.document_id, coalesce(a.same_as_id, a.id) as root
    from ${valueList(dialect, unique)}
    cross join policy_article_document d
    cross join policy_article a
    where d.document_id = h.value and a.id = d.article_id and a.current = 1`.execute(db);
  for (const row of rows) {
    const id = Number(row.document_id);
    const list = groups.get(id) ?? [];
    list.push(Number(row.root));
    groups.set(id, list);
  }
  return groups;
}

/** Points every article of the given groups (by their first article) at one first article. */
export async function mergeArticleGroups(db: Db, roots: number[], root: number): Promise<void> {
  const others = roots.filter((r) => r !== root);
  if (others.length === 0) return;
  await db.updateTable('policy_article').set({ same_as_id: root }).where('same_as_id', 'in', others).execute();
  await db.updateTable('policy_article').set({ same_as_id: root }).where('id', 'in', others).execute();
}

/** Current articles ingested on or after the day (ISO timestamps compare as text), oldest first. */
export async function listCurrentArticlesSince(db: Db, since: string) {
  return db
    .selectFrom('policy_article')
    .select(['id', 'section', 'title', 'same_as_id'])
    .where('current', '=', 1)
    .where('ingested_at', '>=', since)
    .orderBy('ingested_at')
    .orderBy('id')
    .execute();
}

export async function findArticleIntros(db: Db, articleIds: number[]): Promise<Map<number, string>> {
  const intros = new Map<number, string>();
  for (const part of chunks(articleIds)) {
    const rows = await db.selectFrom('policy_article').select(['id', 'intro']).where('id', 'in', part).execute();
    for (const row of rows) intros.set(row.id, row.intro);
  }
  return intros;
}

/** The measures of each article, in the order printed. */
export async function findMeasureTexts(db: Db, articleIds: number[]): Promise<Map<number, string[]>> {
  const measures = new Map<number, string[]>();
  for (const part of chunks(articleIds)) {
    const rows = await db
      .selectFrom('policy_measure')
      .select(['article_id', 'text'])
      .where('article_id', 'in', part)
      .orderBy('article_id')
      .orderBy('ordinal')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = measures.get(row.article_id) ?? [];
      list.push(row.text);
      measures.set(row.article_id, list);
    }
  }
  return measures;
}

export interface LibraryCounts {
  sources: number;
  /** articles and measures of the current versions: what search and the digest see */
  articles: number;
  measures: number;
  versions: number;
  documents: number;
  /** articles and measures of every version, earlier ones included */
  allArticles: number;
  allMeasures: number;
  /** bytes of the original files kept (each distinct file once) */
  bytes: number;
}

export async function countLibrary(db: Db): Promise<LibraryCounts> {
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n ?? 0);
  const all = (
    table: 'policy_source' | 'policy_source_version' | 'policy_document' | 'policy_article' | 'policy_measure',
  ) => count(db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')));
  const [sources, versions, documents, allArticles, allMeasures, articles, measures, bytes] = await Promise.all([
    all('policy_source'),
    all('policy_source_version'),
    all('policy_document'),
    all('policy_article'),
    all('policy_measure'),
    count(
      db
        .selectFrom('policy_article')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('current', '=', 1),
    ),
    count(
      db
        .selectFrom('policy_measure as m')
        .innerJoin('policy_article as a', 'a.id', 'm.article_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('a.current', '=', 1),
    ),
    count(db.selectFrom('policy_blob').select((eb) => eb.fn.sum('size').as('n'))),
  ]);
  return { sources, articles, measures, versions, documents, allArticles, allMeasures, bytes };
}
