import { sql, type Kysely, type Selectable } from 'kysely';
import type { PolicyAmountTable, PolicyArticleTable, PolicyMeasureTable, PolicyRateTable, Schema } from './schema.ts';

// Reading the library as printed: sources and their current versions, articles with the text they stand in, and
// the measures and figures found in them (offsets into the version's text). Lists of ids are read in chunks and
// an empty list runs no query.

type Db = Kysely<Schema>;

const CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export type ArticleRow = Selectable<PolicyArticleTable> & { source_name: string; source_version: number };

function articles(db: Db) {
  return db
    .selectFrom('policy_article as a')
    .innerJoin('policy_source_version as v', 'v.id', 'a.version_id')
    .innerJoin('policy_source as s', 's.id', 'a.source_id')
    .selectAll('a')
    .select(['s.name as source_name', 'v.version as source_version']);
}

export async function findArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return articles(db).where('a.id', '=', id).executeTakeFirst();
}

/** The articles of one version, in the order printed. */
export async function articlesOfVersion(db: Db, versionId: number): Promise<ArticleRow[]> {
  return articles(db).where('a.version_id', '=', versionId).orderBy('a.ordinal').execute();
}

/** The current article of a version whose span holds [start, end), if any. */
export async function currentArticleAt(
  db: Db,
  versionId: number,
  start: number,
  end: number,
): Promise<ArticleRow | undefined> {
  return articles(db)
    .where('a.version_id', '=', versionId)
    .where('a.current', '=', 1)
    .where('a.start_offset', '<=', start)
    .where('a.end_offset', '>=', end)
    .orderBy('a.ordinal')
    .executeTakeFirst();
}

export async function versionText(db: Db, versionId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('policy_source_version')
    .select('text')
    .where('id', '=', versionId)
    .executeTakeFirst();
  return row?.text;
}

async function byArticle<T extends { article_id: number }>(
  ids: readonly number[],
  read: (part: number[]) => Promise<T[]>,
): Promise<Map<number, T[]>> {
  const out = new Map<number, T[]>();
  for (const part of chunks([...new Set(ids)])) {
    for (const row of await read(part)) {
      const list = out.get(row.article_id) ?? [];
      list.push(row);
      out.set(row.article_id, list);
    }
  }
  return out;
}

export async function measuresOfArticles(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, Selectable<PolicyMeasureTable>[]>> {
  return byArticle(ids, (part) =>
    db.selectFrom('policy_measure').selectAll().where('article_id', 'in', part).orderBy('start_offset').execute(),
  );
}

export async function amountsOfArticles(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, Selectable<PolicyAmountTable>[]>> {
  return byArticle(ids, (part) =>
    db.selectFrom('policy_amount').selectAll().where('article_id', 'in', part).orderBy('start_offset').execute(),
  );
}

export async function ratesOfArticles(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, Selectable<PolicyRateTable>[]>> {
  return byArticle(ids, (part) =>
    db.selectFrom('policy_rate').selectAll().where('article_id', 'in', part).orderBy('start_offset').execute(),
  );
}

/** The current articles of these groups (a group is its first article and those whose same_as_id names it). */
export async function currentGroupMembers(
  db: Db,
  roots: readonly number[],
): Promise<{ id: number; title: string; root: number }[]> {
  const members: { id: number; title: string; root: number }[] = [];
  for (const part of chunks([...new Set(roots)])) {
    const rows = await db
      .selectFrom('policy_article')
      .select(['id', 'title', 'same_as_id'])
      .where('current', '=', 1)
      .where((eb) => eb.or([eb('id', 'in', part), eb('same_as_id', 'in', part)]))
      .orderBy('id')
      .execute();
    for (const row of rows) members.push({ id: row.id, title: row.title, root: row.same_as_id ?? row.id });
  }
  return members;
}

function sources(db: Db) {
  return db
    .selectFrom('policy_source as s')
    .innerJoin('policy_source_version as v', 'v.id', 's.current_version_id')
    .select([
      's.id as id',
      's.name as name',
      'v.id as version_id',
      'v.version as version',
      'v.format as format',
      'v.encoding as encoding',
      'v.article_count as articles',
      'v.measure_count as measures',
      'v.ingested_at as ingested_at',
    ]);
}

export type SourceRow = Awaited<ReturnType<ReturnType<typeof sources>['executeTakeFirstOrThrow']>>;

/** Every source with its current version, the most recently ingested first. */
export async function listSources(db: Db): Promise<SourceRow[]> {
  return sources(db).orderBy('v.ingested_at', 'desc').orderBy('s.id', 'desc').execute();
}

export async function findSource(db: Db, id: number): Promise<SourceRow | undefined> {
  return sources(db).where('s.id', '=', id).executeTakeFirst();
}

export async function findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
  return sources(db).where('s.name', '=', name).executeTakeFirst();
}

/** The current versions whose text contains `fragment` (LIKE, its wildcards escaped), with their text. */
export async function currentVersionsContaining(db: Db, fragment: string): Promise<{ id: number; text: string }[]> {
  const pattern = `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('policy_source as s')
    .innerJoin('policy_source_version as v', 'v.id', 's.current_version_id')
    .select(['v.id as id', 'v.text as text'])
    .where(sql<boolean>`v.text like ${pattern} escape '\\'`)
    .orderBy('v.id')
    .execute();
}

/** Changes whenever a version is ingested (every change to the library's current articles comes with one). */
export async function libraryStamp(db: Db): Promise<string> {
  const row = await db
    .selectFrom('policy_source_version')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('id').as('last')])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}|${Number(row.last ?? 0)}`;
}
