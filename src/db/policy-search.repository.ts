import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Schema } from './schema.ts';

// All SQL of policy search. The ranked query runs the full-text match first (FTS5 MATCH on SQLite, tsv @@ on
// PostgreSQL), keeps current articles that pass the filters, and takes one page ordered by score; article
// details are joined to that page only. Nothing counts all matches.
//
// Scores: higher is better on both dialects, and they compare only within one result list of one dialect.
// SQLite: −bm25 (BM25 over jieba tokens, a title token weighs 5 body tokens; 0 to about 20; words that most
// articles contain score near 0).
// PostgreSQL: ts_rank with normalisation 1 (title tokens weigh A = 1.0, body tokens D = 0.1, the sum divided by
// 1 + log of the article's length, as BM25 normalises by length; without it every article that repeats the
// words saturates at 1 and ties); about 0–0.2.

type Db = Kysely<Schema>;

export interface SearchStore {
  db: Db;
  dialect: DialectName;
}

export interface SearchFilterValues {
  /** GB/T 2260 code; an article matches when it or any region it lies in has this code */
  regionCode?: string;
  section?: string;
  /** a substring of one of the article's issuers */
  issuer?: string;
  year?: number;
  hasAmount?: boolean;
}

export interface RankedSearch {
  /** the folded query's index tokens; none lists the newest articles that pass the filters, with score 0 */
  tokens: string[];
  filters: SearchFilterValues;
  limit: number;
  offset: number;
}

export interface SearchHit {
  articleId: number;
  score: number;
}

/**
 * The match expression for the query's tokens, always a bound parameter. SQLite: each token a quoted FTS5
 * string, all required ("脑" "机" "接口"). PostgreSQL: the tokens for plainto_tsquery('simple', …), which
 * ANDs them and parses them as to_tsvector parsed the index text.
 */
export function matchText(dialect: DialectName, tokens: string[]): string {
  const unique = [...new Set(tokens)];
  return dialect === 'sqlite' ? unique.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ') : unique.join(' ');
}

/** The issuer as the stored JSON list writes it (quotes and backslashes escaped), to find in that text. */
function issuerInJson(issuer: string): string {
  return JSON.stringify(issuer).slice(1, -1);
}

/** Filters that need the article row (the others test small covering indexes by article id). */
function needsArticleRow(filters: SearchFilterValues): boolean {
  return filters.section !== undefined || filters.issuer !== undefined || filters.hasAmount !== undefined;
}

/**
 * The filters as conditions on the article id `id` and, when joined, the article row `a`. Region and year are
 * EXISTS lookups in the primary keys (article_id, code) and (article_id, year); every value is a bound parameter.
 */
function filterConditions(
  dialect: DialectName,
  filters: SearchFilterValues,
  id: RawBuilder<number>,
): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filters.regionCode !== undefined) {
    conditions.push(sql<SqlBool>`exists (select 1 from policy_article_region r
      where r.article_id = ${id} and r.code = ${filters.regionCode})`);
  }
  if (filters.year !== undefined) {
    conditions.push(sql<SqlBool>`exists (select 1 from policy_article_year y
      where y.article_id = ${id} and y.year = ${filters.year})`);
  }
  if (filters.section !== undefined) conditions.push(sql<SqlBool>`a.section = ${filters.section}`);
  if (filters.issuer !== undefined) {
    // A plain substring test, case-sensitive on both dialects (LIKE ignores ASCII case on SQLite only) and
    // about twice as fast as LIKE on SQLite's Chinese text.
    const issuer = issuerInJson(filters.issuer);
    conditions.push(
      dialect === 'sqlite'
        ? sql<SqlBool>`instr(a.issuers, ${issuer}) > 0`
        : sql<SqlBool>`strpos(a.issuers, ${issuer}) > 0`,
    );
  }
  if (filters.hasAmount !== undefined) conditions.push(sql<SqlBool>`a.has_amount = ${filters.hasAmount ? 1 : 0}`);
  return conditions;
}

/**
 * Every current article matching the tokens, as (article_id, score). The index holds exactly the current
 * articles (ingest deletes the rows of a retired version), so no article row is read here. SQLite: the FTS5
 * rowid is the article id.
 */
function matches(dialect: DialectName, tokens: string[]) {
  const match = matchText(dialect, tokens);
  return dialect === 'sqlite'
    ? sql<PageRow>`(select rowid as article_id, -bm25(policy_search_fts, 5.0, 1.0) as score
        from policy_search_fts where policy_search_fts match ${match})`
    : sql<PageRow>`(select article_id, ts_rank(tsv, query, 1) as score
        from policy_search, plainto_tsquery('simple', ${match}) as query where tsv @@ query)`;
}

/** One page of current articles matching the query and the filters, best first (ties by id). */
export function rankedArticles(store: SearchStore, search: RankedSearch) {
  return rankedArticlesQuery(store, search).execute();
}

/** The query rankedArticles runs, to compile or explain. */
export function rankedArticlesQuery(store: SearchStore, search: RankedSearch) {
  const { db, dialect } = store;
  if (search.tokens.length === 0) return newestArticles(store, search);
  let page = db.selectFrom(matches(dialect, search.tokens).as('m')).select(['m.article_id', 'm.score']);
  const conditions = filterConditions(dialect, search.filters, sql.ref('m.article_id'));
  if (needsArticleRow(search.filters)) {
    page = page.innerJoin('policy_article as a', 'a.id', 'm.article_id');
    conditions.push(sql<SqlBool>`a.current = 1`);
  }
  if (conditions.length > 0) page = page.where((eb) => eb.and(conditions));
  return withDetails(
    db,
    page.orderBy('m.score', 'desc').orderBy('m.article_id').limit(search.limit).offset(search.offset),
  )
    .orderBy('h.score', 'desc')
    .orderBy('h.article_id');
}

/** No query words: the newest current articles that pass the filters (by the index on current, ingested_at). */
function newestArticles({ db, dialect }: SearchStore, search: RankedSearch) {
  const conditions = [sql<SqlBool>`a.current = 1`, ...filterConditions(dialect, search.filters, sql.ref('a.id'))];
  const page = db
    .selectFrom('policy_article as a')
    .select(['a.id as article_id', sql<number>`0`.as('score')])
    .where((eb) => eb.and(conditions))
    .orderBy('a.ingested_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(search.limit)
    .offset(search.offset);
  return withDetails(db, page).orderBy('a.ingested_at', 'desc').orderBy('h.article_id', 'desc');
}

interface PageRow {
  article_id: number;
  score: number;
}

/** The page's articles with what a result shows; joined after the page is cut, so only for its rows. */
function withDetails<DB, TB extends keyof DB>(db: Db, page: SelectQueryBuilder<DB, TB, PageRow>) {
  return db
    .selectFrom(page.as('h'))
    .innerJoin('policy_article as a', 'a.id', 'h.article_id')
    .innerJoin('policy_source as src', 'src.id', 'a.source_id')
    .innerJoin('policy_source_version as v', 'v.id', 'a.version_id')
    .select([
      'h.article_id',
      'h.score',
      'a.title',
      'a.section',
      'a.intro',
      'a.regions',
      'a.issuers',
      'a.documents',
      'a.years',
      'a.same_as_id',
      'src.name as source_name',
      'v.version as source_version',
    ]);
}

/** The measures of the given articles in order, for snippets. */
export async function measuresOf(db: Db, articleIds: number[]) {
  // Guard: an IN () list is invalid SQL.
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('policy_measure')
    .select(['article_id', 'text'])
    .where('article_id', 'in', articleIds)
    .orderBy('article_id')
    .orderBy('ordinal')
    .execute();
}

/** The bare full-text query (match, rank, limit; no joins or filters): the floor the benchmark compares with. */
export async function bareFullText(store: SearchStore, tokens: string[], limit: number): Promise<SearchHit[]> {
  const { db, dialect } = store;
  const match = matchText(dialect, tokens);
  const { rows } =
    dialect === 'sqlite'
      ? await sql<PageRow>`select rowid as article_id, -bm25(policy_search_fts, 5.0, 1.0) as score
          from policy_search_fts where policy_search_fts match ${match} order by score desc limit ${limit}`.execute(db)
      : await sql<PageRow>`select article_id, ts_rank(tsv, query, 1) as score
          from policy_search, plainto_tsquery('simple', ${match}) as query
          where tsv @@ query order by score desc limit ${limit}`.execute(db);
  return rows.map((r) => ({ articleId: Number(r.article_id), score: Number(r.score) }));
}
