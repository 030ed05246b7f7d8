import { industryByCode } from '../../core/profile/industries.ts';
import { regionFullName } from '../../core/regions/region-path.ts';
import { regionByCode } from '../../core/regions/region-table.ts';
import * as repo from '../../db/dashboard.repository.ts';
import type { Database } from '../../db/database.ts';
import type { AmountRange, CountBy, Dashboard } from '../../server/api.ts';

// The dashboard: what the library holds, and who the stored matches of a year say qualifies, by district and by
// industry section. Matches are read from policy_match as the last refresh (or publish) left them.

/** Articles without a bulletin column, and enterprises without an industry, are counted under these. */
export const NO_SECTION = '其他';
export const NO_INDUSTRY = '未分类';

function byCount<K extends string | number>(a: CountBy<K>, b: CountBy<K>): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function withAmounts(groups: repo.MatchGroup[], name: (key: string) => string, none: string) {
  return groups
    .map((g): CountBy<string> & { amount: AmountRange } => ({
      key: g.key ?? '',
      name: g.key === null || g.key === '' ? none : name(g.key),
      count: g.count,
      amount: { min: g.min, max: g.max },
    }))
    .sort(byCount);
}

export async function dashboard(database: Database, year: number): Promise<Dashboard> {
  const db = database.db;
  const [regions, sections, years, policies, districts, industries, computedAt] = await Promise.all([
    repo.articlesByRegion(db),
    repo.articlesBySection(db),
    repo.articlesByYear(db),
    repo.countPublishedPolicies(db),
    repo.eligibleMatchesBy(db, year, 'region'),
    repo.eligibleMatchesBy(db, year, 'section'),
    repo.matchesComputedAt(db, year),
  ]);
  const bySection = new Map<string, number>();
  for (const s of sections) bySection.set(s.key ?? NO_SECTION, (bySection.get(s.key ?? NO_SECTION) ?? 0) + s.count);
  return {
    library: {
      // The region filter table holds each article's regions with those enclosing them; the dashboard shows
      // the issuing provinces and cities.
      byRegion: regions
        .filter((r) => regionByCode(r.key)?.level !== 'county')
        .map((r) => ({ key: r.key, name: regionFullName(r.key), count: r.count }))
        .sort(byCount),
      bySection: [...bySection].map(([key, count]) => ({ key, name: key, count })).sort(byCount),
      byYear: years.map((y) => ({ key: y.key, name: String(y.key), count: y.count })),
      policies,
    },
    matches: {
      year,
      computedAt,
      byDistrict: withAmounts(districts, regionFullName, '未知地区'),
      byIndustry: withAmounts(industries, (key) => industryByCode(key)?.name ?? key, NO_INDUSTRY),
    },
  };
}
