import type { Insertable, Kysely } from 'kysely';
import type {
  PolicyAmountTable,
  PolicyArticleTable,
  PolicyRateTable,
  PolicySourceVersionTable,
  Schema,
} from './schema.ts';

// All SQL of the policy library's write path and its simple reads. Every function takes the Kysely handle
// it runs on, so a service can run several in one transaction.

type Db = Kysely<Schema>;

/** SQLite allows 32766 bound parameters per statement; rows of ~10 columns go in chunks well below that. */
const CHUNK = 500;

async function insertChunked<T extends keyof Schema>(db: Db, table: T, rows: Insertable<Schema[T]>[]): Promise<void> {
  // Guard: an INSERT with no rows is invalid SQL.
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

export async function findSourceByName(db: Db, name: string) {
  return db.selectFrom('policy_source').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findVersion(db: Db, id: number) {
  return db.selectFrom('policy_source_version').selectAll().where('id', '=', id).executeTakeFirst();
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

export async function insertArticle(db: Db, article: Insertable<PolicyArticleTable>): Promise<number> {
  const row = await db.insertInto('policy_article').values(article).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMeasure(
  db: Db,
  measure: { article_id: number; ordinal: number; text: string; start_offset: number; end_offset: number },
): Promise<number> {
  const row = await db
    .insertInto('policy_measure')
    .values({ ...measure, same_as_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertFigures(
  db: Db,
  amounts: Insertable<PolicyAmountTable>[],
  rates: Insertable<PolicyRateTable>[],
): Promise<void> {
  await insertChunked(db, 'policy_amount', amounts);
  await insertChunked(db, 'policy_rate', rates);
}

export async function insertFilters(db: Db, articleId: number, regionCodes: string[], years: number[]): Promise<void> {
  await insertChunked(
    db,
    'policy_article_region',
    regionCodes.map((code) => ({ article_id: articleId, code })),
  );
  await insertChunked(
    db,
    'policy_article_year',
    years.map((year) => ({ article_id: articleId, year })),
  );
}

/** The document's id, created on first mention; documents are one record however many articles name them. */
export async function linkDocument(
  db: Db,
  articleId: number,
  title: string,
  titleKey: string,
  at: string,
): Promise<number> {
  await db
    .insertInto('policy_document')
    .values({ title, title_key: titleKey, created_at: at })
    .onConflict((oc) => oc.column('title_key').doNothing())
    .execute();
  const { id } = await db
    .selectFrom('policy_document')
    .select('id')
    .where('title_key', '=', titleKey)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('policy_article_document')
    .values({ article_id: articleId, document_id: id })
    .onConflict((oc) => oc.columns(['article_id', 'document_id']).doNothing())
    .execute();
  return id;
}

export async function insertSearchRow(db: Db, row: { article_id: number; title: string; body: string }) {
  await db.insertInto('policy_search').values(row).execute();
}

/** Earliest current measure of another article that prints one of these sentences, per sentence hash. */
export async function findMeasuresBySentences(db: Db, hashes: string[], notArticle: number) {
  if (hashes.length === 0) return [];
  return db
    .selectFrom('policy_measure_sentence as s')
    .innerJoin('policy_measure as m', 'm.id', 's.measure_id')
    .innerJoin('policy_article as a', 'a.id', 'm.article_id')
    .select(['s.hash', 'm.id as measure_id', 'm.same_as_id', 'a.id as article_id', 'a.same_as_id as article_same_as'])
    .where('s.hash', 'in', hashes)
    .where('a.current', '=', 1)
    .where('a.id', '!=', notArticle)
    .orderBy('m.id')
    .execute();
}

export async function insertSentences(db: Db, measureId: number, hashes: string[]): Promise<void> {
  await insertChunked(
    db,
    'policy_measure_sentence',
    hashes.map((hash) => ({ hash, measure_id: measureId })),
  );
}

export async function setMeasureSameAs(db: Db, measureId: number, sameAs: number): Promise<void> {
  await db.updateTable('policy_measure').set({ same_as_id: sameAs }).where('id', '=', measureId).execute();
}

/** Current articles that name one of these documents, earliest first. */
export async function findArticlesByDocuments(db: Db, documentIds: number[], notArticle: number) {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom('policy_article_document as d')
    .innerJoin('policy_article as a', 'a.id', 'd.article_id')
    .select(['a.id', 'a.same_as_id'])
    .where('d.document_id', 'in', documentIds)
    .where('a.current', '=', 1)
    .where('a.id', '!=', notArticle)
    .orderBy('a.id')
    .execute();
}

/** Points every article of the given groups (by their first article) at one first article. */
export async function mergeArticleGroups(db: Db, roots: number[], root: number): Promise<void> {
  const others = roots.filter((r) => r !== root);
  if (others.length === 0) return;
  await db.updateTable('policy_article').set({ same_as_id: root }).where('same_as_id', 'in', others).execute();
  await db.updateTable('policy_article').set({ same_as_id: root }).where('id', 'in', others).execute();
}

export async function setArticleSameAs(db: Db, articleId: number, sameAs: number | null): Promise<void> {
  await db.updateTable('policy_article').set({ same_as_id: sameAs }).where('id', '=', articleId).execute();
}

export async function countLibrary(db: Db) {
  const count = (table: 'policy_source' | 'policy_article' | 'policy_measure', current: boolean) => {
    let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (current && table === 'policy_article') query = query.where('current', '=', 1);
    return query.executeTakeFirstOrThrow().then((r) => Number(r.n));
  };
  const [sources, articles, measures, currentArticles] = await Promise.all([
    count('policy_source', false),
    count('policy_article', false),
    count('policy_measure', false),
    count('policy_article', true),
  ]);
  const versions = await db
    .selectFrom('policy_source_version')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const documents = await db
    .selectFrom('policy_document')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    sources,
    versions: Number(versions.n),
    articles,
    currentArticles,
    measures,
    documents: Number(documents.n),
  };
}
