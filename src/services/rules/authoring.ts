import { regionWithin } from '../../core/regions/region-table.ts';
import { validatePolicy, type ValidationError } from '../../core/rules/validate.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';
import type { PublishResult, WithdrawResult } from '../../server/api.ts';
import { publishPolicy, withdrawPolicy } from './publish.ts';
import { refreshPolicyMatches } from './refresh-policy.ts';

// Authoring through the API: publish or withdraw a policy, then bring its stored matches of the year up to date and
// notify the enterprises whose match changed. A policy operator may touch only policies of its own region.

export interface Author {
  /** who the audit log names */
  actor: string;
  /** a policy operator's region: every region of the policy must lie within it; null: any */
  scope: string | null;
}

/** True when every region lies within `scope` (null: no limit). A policy with no region is nobody's to scope. */
export function regionsWithinScope(regions: readonly string[], scope: string | null): boolean {
  return scope === null || (regions.length > 0 && regions.every((code) => regionWithin(code, scope)));
}

export type AuthoringRefusal =
  | { ok: false; reason: 'invalid'; errors: ValidationError[] }
  | { ok: false; reason: 'out_of_scope'; regions: string[] }
  | { ok: false; reason: 'not_found' };

/** Whether the stored policy `id` (if any) may be changed by `author`: its regions in force must be in scope. */
async function storedOutOfScope(database: Database, id: string, author: Author): Promise<string[] | undefined> {
  if (author.scope === null) return undefined;
  const row = await repo.findPolicy(database.db, id);
  if (row === undefined) return undefined;
  const regions = JSON.parse(row.regions) as string[];
  return regionsWithinScope(regions, author.scope) ? undefined : regions;
}

/**
 * Validates and publishes `json` (new version, unchanged or republished), then refreshes the policy's matches of
 * `year` and notifies. Nothing is stored when the policy is invalid or out of the author's scope (its new regions
 * or, for a policy that exists, its stored ones).
 */
export async function publishAndNotify(
  database: Database,
  json: unknown,
  author: Author,
  year: number,
): Promise<{ ok: true; result: PublishResult } | AuthoringRefusal> {
  const checked = validatePolicy(json);
  if (!checked.ok) return { ok: false, reason: 'invalid', errors: checked.errors };
  const policy = checked.policy;
  if (!regionsWithinScope(policy.regions, author.scope)) {
    return { ok: false, reason: 'out_of_scope', regions: policy.regions };
  }
  const storedRegions = await storedOutOfScope(database, policy.id, author);
  if (storedRegions !== undefined) return { ok: false, reason: 'out_of_scope', regions: storedRegions };

  const published = await publishPolicy(database, policy, author.actor);
  if (!published.ok) return { ok: false, reason: 'invalid', errors: published.errors };
  const notified = { eligible: 0, amount_changed: 0, ineligible: 0 };
  if (published.status !== 'unchanged') {
    Object.assign(notified, (await refreshPolicyMatches(database, policy.id, year, author.actor)).notified);
  }
  return { ok: true, result: { id: published.id, version: published.version, status: published.status, notified } };
}

/** Withdraws policy `id`, removes its stored matches and tells the enterprises that were eligible in `year`. */
export async function withdrawAndNotify(
  database: Database,
  id: string,
  author: Author,
  year: number,
  reason?: string,
): Promise<{ ok: true; result: WithdrawResult } | AuthoringRefusal> {
  const storedRegions = await storedOutOfScope(database, id, author);
  if (storedRegions !== undefined) return { ok: false, reason: 'out_of_scope', regions: storedRegions };
  const outcome = await withdrawPolicy(database, id, author.actor, reason);
  if (!outcome.ok) return { ok: false, reason: 'not_found' };
  if (outcome.changed) await refreshPolicyMatches(database, id, year, author.actor);
  return { ok: true, result: { id, changed: outcome.changed } };
}
