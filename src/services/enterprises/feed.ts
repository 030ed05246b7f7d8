import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.ts';
import { regionFullName } from '../../core/regions/region-path.ts';
import { matchReport } from '../../core/rules/report.ts';
import type { MatchReport, Status } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseProfile } from '../../db/enterprises.repository.ts';
import type { Schema } from '../../db/schema.ts';
import type { EnterpriseFeed } from '../../server/api.ts';
import { parseProfile } from '../rules/bulk.ts';
import { cachedPublishedPolicies } from '../rules/published-cache.ts';
import { JsonBytes } from '../json-bytes.ts';
import { FeedCache } from './feed-cache.ts';

// The feed of one enterprise (千人千面): every published policy evaluated against its stored profile now, with the
// counts, the total it can expect and the facts that would decide the undecided ones. The policies come from the
// in-memory cache; the enterprise is one indexed lookup; the answer is cached serialised until either changes.

/** The feed's answer (api.ts EnterpriseFeed) from the enterprise and its report. */
export function presentFeed(
  enterprise: { uscc: string; name: string; region: string },
  report: MatchReport,
): EnterpriseFeed {
  const counts: Record<Status, number> = { eligible: 0, unknown: 0, ineligible: 0 };
  const sum = { min: 0, max: 0, any: false };
  const waiting = new Map<string, number>();
  for (const match of report.matches) {
    counts[match.status]++;
    // Amounts in the report are after 就高不重复 (applyStacking): a superseded policy's amount is null.
    if (match.status === 'eligible' && match.amount !== null) {
      sum.min += match.amount.min;
      sum.max += match.amount.max;
      sum.any = true;
    }
    if (match.status === 'unknown') for (const fact of match.missing) waiting.set(fact, (waiting.get(fact) ?? 0) + 1);
  }
  const wanted = [...waiting]
    .map(([fact, policies]) => ({ fact, policies }))
    .sort((a, b) => b.policies - a.policies || (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0));
  return {
    enterprise: {
      uscc: enterprise.uscc,
      name: enterprise.name,
      region: enterprise.region,
      regionName: regionFullName(enterprise.region),
    },
    year: report.year,
    counts,
    total: sum.any ? { min: sum.min, max: sum.max } : null,
    wanted,
    report,
  };
}

const caches = new WeakMap<Kysely<Schema>, FeedCache>();

/**
 * The feed (EnterpriseFeed) of the enterprise `uscc` for `year` as JSON, recomputed only when its inputs changed;
 * throws enterprise.not_found.
 */
export async function enterpriseFeedJson(database: Database, uscc: string, year: number): Promise<JsonBytes> {
  const row = await findEnterpriseProfile(database.db, uscc);
  if (row === undefined) throw errors.enterpriseNotFound(uscc);
  const published = await cachedPublishedPolicies(database);
  let cache = caches.get(database.db);
  if (cache === undefined) caches.set(database.db, (cache = new FeedCache()));
  const key = `${uscc}|${year}`;
  const version = `${published.stamp}|${row.updated_at}`;
  const held = cache.get(key, version);
  if (held !== undefined) return held;
  const report = matchReport(published.policies, parseProfile(row), year);
  const json = JsonBytes.of(presentFeed(row, report));
  cache.set(key, version, json);
  return json;
}
