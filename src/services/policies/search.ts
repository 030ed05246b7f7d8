import { errors } from '../../core/errors.ts';
import { regionFromInput } from '../../core/regions/region-input.ts';
import { searchTokens } from '../../core/text/search-text.ts';
import { BRACKET_MARKS, highlightTerms, makeSnippet, type HitMarks } from '../../core/text/snippet.ts';
import type { Database } from '../../db/database.ts';
import {
  measuresOf,
  rankedArticles,
  type SearchFilterValues,
  type SearchStore,
} from '../../db/policy-search.repository.ts';

// Policy search for the CLI and the server: Chinese full-text search over headlines, measures and document
// titles, ranked, filtered and with highlighted snippets.

export interface SearchFilters {
  /** a six-digit GB/T 2260 code or a place name (江苏, 苏州, 江苏省苏州市); enclosed regions match too */
  region?: string;
  /** the bulletin column, exactly (科创聚焦) */
  section?: string;
  /** part of an issuer's name (上海市科委, 科委) */
  issuer?: string;
  /** a year the article names (2030) */
  year?: number;
  /** true: only articles that name a sum of money; false: only those that name none */
  hasAmount?: boolean;
  /** results per page, 1–100 (20) */
  limit?: number;
  /** results to skip, 0–10000 (0) */
  offset?: number;
}

export interface SearchOptions {
  /** how snippets mark hits (【】 by default) */
  marks?: HitMarks;
  /** snippet length in characters (80) */
  snippetWidth?: number;
}

export interface SearchResult {
  articleId: number;
  title: string;
  section: string | null;
  snippet: string;
  /** relevance, higher is better; comparable within one response only (BM25 on SQLite, ts_rank on PostgreSQL) */
  score: number;
  source: { name: string; version: number };
  /** GB/T 2260 codes the article's policy comes from */
  regions: string[];
  issuers: string[];
  documents: string[];
  years: number[];
  /** the first article describing the same policy, when this one retells it */
  sameAsId: number | null;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  limit: number;
  offset: number;
  /** another page follows */
  hasMore: boolean;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
const MAX_OFFSET = 10_000;
const MAX_QUERY_LENGTH = 200;

type ArticleRow = Awaited<ReturnType<typeof rankedArticles>>[number];

/** The fields a search result shows, and no others. */
export function presentSearchResult(row: ArticleRow, snippet: string): SearchResult {
  return {
    articleId: row.article_id,
    title: row.title,
    section: row.section,
    snippet,
    score: Number(row.score),
    source: { name: row.source_name, version: row.source_version },
    regions: JSON.parse(row.regions) as string[],
    issuers: JSON.parse(row.issuers) as string[],
    documents: JSON.parse(row.documents) as string[],
    years: JSON.parse(row.years) as number[],
    sameAsId: row.same_as_id,
  };
}

/**
 * Searches the current articles. The query is folded (traditional → simplified, full-width → half-width) and
 * cut into jieba tokens as the index was; every token must occur. A blank query lists the newest articles that
 * pass the filters. Bad filters throw ZhidaError 'search.bad_filter'.
 */
export async function searchPolicies(
  database: Database,
  query: string,
  filters: SearchFilters = {},
  options: SearchOptions = {},
): Promise<SearchResponse> {
  if (query.length > MAX_QUERY_LENGTH) throw errors.badSearchQuery(`is over ${MAX_QUERY_LENGTH} characters`);
  const limit = filters.limit ?? DEFAULT_LIMIT;
  const offset = filters.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw errors.badSearchFilter('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw errors.badSearchFilter('offset', `must be a whole number from 0 to ${MAX_OFFSET}`);
  }
  const values = filterValues(filters);
  const tokens = searchTokens(query);
  // Only punctuation or symbols (“！”, 😀): nothing to find, rather than the newest articles a blank query lists.
  if (tokens.length === 0 && query.trim() !== '') return { query, results: [], limit, offset, hasMore: false };

  const store: SearchStore = database;
  // One row more than the page tells whether another page follows, without counting every match.
  const rows = await rankedArticles(store, { tokens, filters: values, limit: limit + 1, offset });
  const page = rows.slice(0, limit);
  const measures = await measuresOf(
    database.db,
    page.map((r) => r.article_id),
  );
  const bodies = new Map<number, string[]>();
  for (const row of page) bodies.set(row.article_id, [row.intro]);
  for (const m of measures) bodies.get(m.article_id)?.push(m.text);

  const terms = highlightTerms(query);
  const snippetOptions = { marks: options.marks ?? BRACKET_MARKS, width: options.snippetWidth };
  return {
    query,
    results: page.map((row) =>
      // The snippet comes from the body (intro and measures); the headline is shown as the title.
      presentSearchResult(row, makeSnippet(bodies.get(row.article_id)!.join('\n'), terms, snippetOptions)),
    ),
    limit,
    offset,
    hasMore: rows.length > limit,
  };
}

function filterValues(filters: SearchFilters): SearchFilterValues {
  const values: SearchFilterValues = {};
  if (filters.region !== undefined) {
    const region = regionFromInput(filters.region);
    if (!region) {
      throw errors.badSearchFilter(
        'region',
        `no region is called ${JSON.stringify(filters.region)}; give a six-digit GB/T 2260 code (320500) or a place name (江苏, 苏州)`,
      );
    }
    values.regionCode = region.code;
  }
  if (filters.year !== undefined) {
    if (!Number.isInteger(filters.year) || filters.year < 1000 || filters.year > 9999) {
      throw errors.badSearchFilter('year', 'must be a four-digit year such as 2030');
    }
    values.year = filters.year;
  }
  const text = (name: 'section' | 'issuer'): string | undefined => {
    const value = filters[name]?.trim();
    if (value === '') throw errors.badSearchFilter(name, 'must not be empty');
    return value;
  };
  const section = text('section');
  const issuer = text('issuer');
  if (section !== undefined) values.section = section;
  if (issuer !== undefined) values.issuer = issuer;
  if (filters.hasAmount !== undefined) values.hasAmount = filters.hasAmount;
  return values;
}
