import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.ts';
import { regionFullName } from '../../core/regions/region-path.ts';
import { evaluateAll, toMatch } from '../../core/rules/report.ts';
import type { PolicyEvaluation } from '../../core/rules/stacking.ts';
import type { Match, Policy, Status } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseProfile } from '../../db/enterprises.repository.ts';
import type { Schema } from '../../db/schema.ts';
import type { EnterpriseFeed, FeedMatch } from '../../server/api.ts';
import { parseProfile } from '../rules/bulk.ts';
import { cachedPublishedPolicies } from '../rules/published-cache.ts';
import { JsonBytes } from '../json-bytes.ts';
import { FeedCache } from './feed-cache.ts';

// The feed of one enterprise (千人千面): every published policy evaluated against its stored profile now, with the
// counts, the total it can expect and the facts that would decide the undecided ones. Each policy is listed by its
// status, amount and missing facts, evaluated without a trace; the trace (why) is answered apart, for the one policy
// a user opens (enterpriseMatch): the traces of every policy made a feed six times the size, and making, serialising
// and compressing them was most of a first view's cost. The policies come from the in-memory cache; the enterprise is one indexed
// lookup; the answer is cached serialised until either changes.
//
// The feed evaluates rather than reading the stored matches (policy_match): those are kept for one year only (this
// year's, by publishing through the API, imports and self-reported facts) and a policy published by `zhida publish`
// or a newer pack leaves them behind until `zhida match-refresh`; the feed must answer for any year, now.

/** The feed's line of one policy: the contract's Match without its trace and sources. */
export function presentFeedMatch({ policy, evaluation }: PolicyEvaluation): FeedMatch {
  return {
    policy: { id: policy.id, title: policy.title, regions: policy.regions },
    status: evaluation.status,
    amount: evaluation.amount,
    missing: evaluation.missing,
  };
}

/** The feed's answer (api.ts EnterpriseFeed) from the enterprise and its evaluations, stacked and ordered. */
export function presentFeed(
  enterprise: { uscc: string; name: string; region: string },
  year: number,
  results: readonly PolicyEvaluation[],
): EnterpriseFeed {
  const counts: Record<Status, number> = { eligible: 0, unknown: 0, ineligible: 0 };
  const sum = { min: 0, max: 0, any: false };
  const waiting = new Map<string, number>();
  const matches = results.map(presentFeedMatch);
  for (const match of matches) {
    counts[match.status]++;
    // Amounts are after 就高不重复 (applyStacking): a superseded policy's amount is null.
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
    year,
    counts,
    total: sum.any ? { min: sum.min, max: sum.max } : null,
    wanted,
    matches,
  };
}

/** The JSON of each policy's part of a feed line ({id, title, regions}), made once per set of published policies. */
const policyParts = new WeakMap<readonly Policy[], Map<string, string>>();

/**
 * JSON.stringify(presentFeed(…)), character for character, with each policy's part of its line serialised once per
 * set of published policies (`policies`, as cachedPublishedPolicies holds them) rather than once per enterprise:
 * those parts are most of a feed's text.
 */
export function feedJson(feed: EnterpriseFeed, policies: readonly Policy[]): string {
  let parts = policyParts.get(policies);
  if (parts === undefined) policyParts.set(policies, (parts = new Map()));
  const { matches, ...head } = feed;
  const lines = matches.map((match) => {
    let part = parts.get(match.policy.id);
    if (part === undefined) parts.set(match.policy.id, (part = JSON.stringify(match.policy)));
    const amount = match.amount === null ? 'null' : JSON.stringify(match.amount);
    const missing = match.missing.length === 0 ? '[]' : JSON.stringify(match.missing);
    return `{"policy":${part},"status":"${match.status}","amount":${amount},"missing":${missing}}`;
  });
  return `${JSON.stringify(head).slice(0, -1)},"matches":[${lines.join(',')}]}`;
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
  const results = evaluateAll(published.policies, parseProfile(row), { year, trace: false });
  const feed = presentFeed(row, year, results);
  const json = new JsonBytes(Buffer.from(feedJson(feed, published.policies), 'utf8'));
  cache.set(key, version, json);
  return json;
}

/**
 * Why one published policy came out as it did for the enterprise `uscc` in `year`: the contract's Match, with its
 * trace and sources, as the enterprise's MatchReport has it (就高不重复 weighed against the policies of its stacking
 * group). Throws enterprise.not_found, and policy.not_found for an id no published policy has.
 */
export async function enterpriseMatch(
  database: Database,
  uscc: string,
  policyId: string,
  year: number,
): Promise<Match> {
  const row = await findEnterpriseProfile(database.db, uscc);
  if (row === undefined) throw errors.enterpriseNotFound(uscc);
  const { policies } = await cachedPublishedPolicies(database);
  const policy = policies.find((p) => p.id === policyId);
  if (policy === undefined) throw errors.policyNotFound(policyId);
  // Stacking weighs a sum only against its group's: evaluating the group gives the report's answer for this policy.
  const group = policy.stackingGroup;
  const evaluated = group === undefined ? [policy] : policies.filter((p) => p.stackingGroup === group);
  const result = evaluateAll(evaluated, parseProfile(row), { year }).find((r) => r.policy.id === policyId)!;
  return toMatch(result);
}
