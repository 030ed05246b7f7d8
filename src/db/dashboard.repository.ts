import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

// The dashboard's counts: the library's current articles by region, section and year, and the stored eligible
// matches of a year by the enterprise's region and industry section. Grouped in SQL; names are added by the
// service. PostgreSQL returns counts and sums as numbers here (database.ts parses BIGINT and NUMERIC).

type Db = Kysely<Schema>;

export async function articlesByRegion(db: Db): Promise<{ key: string; count: number }[]> {
  const rows = await db
    .selectFrom('policy_article_region as r')
    .innerJoin('policy_article as a', 'a.id', 'r.article_id')
    .select((eb) => ['r.code as key', eb.fn.count<number>('r.article_id').distinct().as('count')])
    .where('a.current', '=', 1)
    .groupBy('r.code')
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

export async function articlesBySection(db: Db): Promise<{ key: string | null; count: number }[]> {
  const rows = await db
    .selectFrom('policy_article')
    .select((eb) => ['section as key', eb.fn.countAll<number>().as('count')])
    .where('current', '=', 1)
    .groupBy('section')
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

export async function articlesByYear(db: Db): Promise<{ key: number; count: number }[]> {
  const rows = await db
    .selectFrom('policy_article_year as y')
    .innerJoin('policy_article as a', 'a.id', 'y.article_id')
    .select((eb) => ['y.year as key', eb.fn.count<number>('y.article_id').distinct().as('count')])
    .where('a.current', '=', 1)
    .groupBy('y.year')
    .orderBy('y.year')
    .execute();
  return rows.map((r) => ({ key: Number(r.key), count: Number(r.count) }));
}

export async function countPublishedPolicies(db: Db): Promise<number> {
  const row = await db
    .selectFrom('policy')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface MatchGroup {
  key: string | null;
  count: number;
  min: number;
  max: number;
}

/** Eligible matches of `year` grouped by the enterprise's region, or by its industry section (first letter). */
export async function eligibleMatchesBy(db: Db, year: number, by: 'region' | 'section'): Promise<MatchGroup[]> {
  const key = by === 'region' ? sql<string | null>`e.region` : sql<string | null>`substr(e.industry, 1, 1)`;
  const rows = await db
    .selectFrom('policy_match as m')
    .innerJoin('enterprise as e', 'e.id', 'm.enterprise_id')
    .select((eb) => [
      key.as('key'),
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number | null>('m.amount_min').as('min'),
      eb.fn.sum<number | null>('m.amount_max').as('max'),
    ])
    .where('m.year', '=', year)
    .where('m.status', '=', 'eligible')
    .groupBy(key)
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count), min: Number(r.min ?? 0), max: Number(r.max ?? 0) }));
}

/** When the year's matches were last computed; null when they never were. */
export async function matchesComputedAt(db: Db, year: number): Promise<string | null> {
  const row = await db
    .selectFrom('policy_match')
    .select((eb) => eb.fn.max('computed_at').as('at'))
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.at ?? null;
}
