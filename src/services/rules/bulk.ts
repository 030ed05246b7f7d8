import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.ts';
import type { EnterpriseProfile } from '../../core/profile/types.ts';
import { ColumnsBuilder, type FactNeeds, type ProfileColumns } from '../../core/rules/columns.ts';
import {
  amountAt,
  compilePolicy,
  ELIGIBLE,
  factsRead,
  matchColumns,
  supersededAt,
  UNKNOWN,
  type PolicyMatches,
} from '../../core/rules/compile.ts';
import type { AmountRange, Policy } from '../../core/rules/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { profilePage, type EnterpriseProfileRow } from '../../db/enterprises.repository.ts';
import * as repo from '../../db/rules.repository.ts';
import type { Schema } from '../../db/schema.ts';
import { getPolicy } from './policies.ts';

// Bulk matching over the whole enterprise table: "which enterprises qualify for this policy" and "refresh every
// match". Enterprises are read in pages of their merged profile (keyset paging, one page in memory), each page
// becomes columns (core/rules/columns.ts) and every policy runs over them compiled (core/rules/compile.ts), which
// agrees with the one-by-one evaluator on every input (the differential tests in bulk.test.ts and compile.test.ts).

/** Enterprises per page: large enough for the columnar loops, small enough that memory never depends on N. */
export const PAGE_SIZE = 20_000;

/** The action audited for a refresh. */
export const REFRESH_ACTION = 'match.refresh';

interface Page {
  rows: EnterpriseProfileRow[];
  columns: ProfileColumns;
  loadMs: number;
}

/** The stored profile; a JSON text that is not an object (never written by Zhida) counts as knowing nothing. */
export function parseProfile(row: Pick<EnterpriseProfileRow, 'uscc' | 'name' | 'profile'>): EnterpriseProfile {
  try {
    const value: unknown = JSON.parse(row.profile);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as EnterpriseProfile;
  } catch {
    // fall through
  }
  return { uscc: row.uscc, name: row.name, region: '' };
}

/** The enterprises page by page (those `keep` accepts, when given), each as columns of the facts `needs` names. */
async function* pages(
  db: Kysely<Schema>,
  year: number,
  needs: FactNeeds,
  pageSize: number,
  keep?: (row: EnterpriseProfileRow) => boolean,
): AsyncGenerator<Page> {
  let after = 0;
  for (;;) {
    const started = performance.now();
    const read = await profilePage(db, after, pageSize);
    if (read.length === 0) return;
    const rows = keep === undefined ? read : read.filter(keep);
    const builder = new ColumnsBuilder(year, needs, { capacity: rows.length });
    for (const row of rows) builder.add(parseProfile(row));
    yield { rows, columns: builder.finish(), loadMs: performance.now() - started };
    if (read.length < pageSize) return;
    after = read[read.length - 1]!.id;
  }
}

export interface MatchPagesOptions {
  pageSize?: number;
  /** only the enterprises this accepts (an operator's region) */
  keep?: (row: EnterpriseProfileRow) => boolean;
}

/**
 * Every enterprise matched against `policies` together (就高不重复 across them), page by page: each page's rows
 * and, per policy in the order given, its matches (entries index the page's rows).
 */
export async function* matchPages(
  db: Kysely<Schema>,
  policies: readonly Policy[],
  year: number,
  options: MatchPagesOptions = {},
): AsyncGenerator<{ rows: EnterpriseProfileRow[]; matches: PolicyMatches[] }> {
  const needs = factsRead([...policies]);
  for await (const page of pages(db, year, needs, options.pageSize ?? PAGE_SIZE, options.keep)) {
    const matches =
      page.rows.length === 0 || policies.length === 0
        ? []
        : matchColumns(policies.map((p) => compilePolicy(p, page.columns)));
    yield { rows: page.rows, matches };
  }
}

/** A stored amount: NaN (no amount) is null, and −0 is 0. */
export function stored(amount: number): number | null {
  return Number.isNaN(amount) ? null : amount === 0 ? 0 : amount;
}

export interface RefreshOutcome {
  year: number;
  policies: number;
  enterprises: number;
  /** policy_match rows written, by status (ineligible pairs are not stored) */
  eligible: number;
  unknown: number;
  /** the year's rows there were before */
  replaced: number;
  /** reading and parsing profiles into columns; matching (incl. stacking); writing rows; all of it */
  ms: { load: number; match: number; write: number; total: number };
}

/**
 * Recomputes every published policy against every enterprise for `year` and replaces the year's policy_match
 * rows, in one transaction with one audit entry (action "match.refresh"). Only eligible and unknown pairs are
 * stored: a pair without a row in a refreshed year is ineligible (most pairs are, and storing them would multiply
 * the table). Amounts are after 就高不重复; `missing` is the JSON list of fact keys.
 */
export async function refreshMatches(
  database: Database,
  year: number,
  options: { actor: string; pageSize?: number },
): Promise<RefreshOutcome> {
  const started = performance.now();
  const ms = { load: 0, match: 0, write: 0, total: 0 };
  const outcome = await database.db.transaction().execute(async (trx) => {
    const published = await repo.currentJson(trx, 'published');
    const policies = published.map((row) => JSON.parse(row.json) as Policy);
    const needs = factsRead(policies);
    const computedAt = new Date().toISOString();
    const result = { policies: policies.length, enterprises: 0, eligible: 0, unknown: 0, replaced: 0 };
    let writeStarted = performance.now();
    result.replaced = await repo.deleteMatches(trx, year);
    ms.write += performance.now() - writeStarted;
    for await (const page of pages(trx, year, needs, options.pageSize ?? PAGE_SIZE)) {
      ms.load += page.loadMs;
      result.enterprises += page.rows.length;
      if (policies.length === 0) continue;
      const matchStarted = performance.now();
      const matches = matchColumns(policies.map((policy) => compilePolicy(policy, page.columns)));
      ms.match += performance.now() - matchStarted;
      writeStarted = performance.now();
      const rows: repo.NewPolicyMatch[] = [];
      matches.forEach((m, p) => {
        const missingJson = m.missingLists.map((list) => JSON.stringify(list));
        for (let j = 0; j < m.count; j++) {
          const status = m.status[j] === ELIGIBLE ? 'eligible' : 'unknown';
          if (status === 'eligible') result.eligible++;
          else result.unknown++;
          rows.push({
            policy_id: m.policy.id,
            policy_version: published[p]!.version,
            enterprise_id: page.rows[m.rows[j]!]!.id,
            year,
            status,
            amount_min: m.amountMin === null ? null : stored(m.amountMin[j]!),
            amount_max: m.amountMax === null ? null : stored(m.amountMax[j]!),
            missing: missingJson[m.missing[j]!]!,
            computed_at: computedAt,
          });
        }
      });
      await repo.insertMatches(trx, rows);
      ms.write += performance.now() - writeStarted;
    }
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: REFRESH_ACTION,
        entity: 'policy_match',
        entityId: year,
        detail: { ...result, ms: Math.round(performance.now() - started) },
      },
      computedAt,
    );
    return result;
  });
  ms.total = performance.now() - started;
  const round = (x: number) => Math.round(x);
  return {
    year,
    ...outcome,
    ms: { load: round(ms.load), match: round(ms.match), write: round(ms.write), total: round(ms.total) },
  };
}

/** One enterprise that qualifies for a policy (or may: status unknown, with the facts that would decide it). */
export interface QualifiedEnterprise {
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  status: 'eligible' | 'unknown';
  /** yuan, after 就高不重复; null: no sum stated, a fact it needs is missing, or superseded */
  amount: AmountRange | null;
  missing: string[];
  /** the policy of the same stacking group whose larger sum counts instead (就高不重复), or null */
  supersededBy: string | null;
}

export interface QualifyResult {
  policy: { id: string; title: string; version: number; status: string };
  year: number;
  /** eligible first, then unknown; within each the largest amount first (no amount last), then by uscc */
  rows: QualifiedEnterprise[];
}

/**
 * The enterprises that qualify for a policy (its version in force) in `year`: eligible ones, and with
 * `includeUnknown` those that may qualify, each with the facts that would decide. Amounts are after 就高不重复
 * against the published policies of the policy's stacking group. Throws policy.not_found for an unknown id.
 */
export async function qualifyPolicy(
  database: Database,
  policyId: string,
  year: number,
  options: QualifyOptions = {},
): Promise<QualifyResult> {
  const found = await getPolicy(database, policyId);
  if (found === undefined) throw errors.policyNotFound(policyId);
  const { rows } = await qualifyRows(database, found.policy, year, options);
  const { summary } = found;
  return {
    policy: { id: summary.id, title: summary.title, version: summary.version, status: summary.status },
    year,
    rows,
  };
}

export interface QualifyOptions extends MatchPagesOptions {
  includeUnknown?: boolean;
}

/** The published policies that share `policy`'s stacking group (就高不重复 compares their sums), itself excluded. */
export async function stackingPartners(db: Kysely<Schema>, policy: Policy): Promise<Policy[]> {
  if (policy.stackingGroup === undefined) return [];
  return (await repo.currentJson(db, 'published'))
    .map((row) => JSON.parse(row.json) as Policy)
    .filter((p) => p.stackingGroup === policy.stackingGroup && p.id !== policy.id);
}

/**
 * qualifyPolicy for a policy given whole (stored or not: a preview), in qualifying order, with the number of
 * enterprises looked at (those `keep` accepts).
 */
export async function qualifyRows(
  database: Database,
  policy: Policy,
  year: number,
  options: QualifyOptions = {},
): Promise<{ rows: QualifiedEnterprise[]; enterprises: number }> {
  const policies = [policy, ...(await stackingPartners(database.db, policy))];
  const rows: QualifiedEnterprise[] = [];
  let enterprises = 0;
  for await (const page of matchPages(database.db, policies, year, options)) {
    enterprises += page.rows.length;
    const m = page.matches[0];
    if (m === undefined) continue;
    for (let j = 0; j < m.count; j++) {
      const status = m.status[j]!;
      if (status === UNKNOWN && !options.includeUnknown) continue;
      const enterprise = page.rows[m.rows[j]!]!;
      const amount = amountAt(m, j);
      const winner = supersededAt(m, j);
      rows.push({
        uscc: enterprise.uscc,
        name: enterprise.name,
        region: enterprise.region,
        industry: enterprise.industry,
        status: status === ELIGIBLE ? 'eligible' : 'unknown',
        amount: amount === null ? null : { min: stored(amount.min)!, max: stored(amount.max)! },
        missing: [...m.missingLists[m.missing[j]!]!],
        supersededBy: winner < 0 ? null : policies[winner]!.id,
      });
    }
  }
  rows.sort(byQualification);
  return { rows, enterprises };
}

function byQualification(a: QualifiedEnterprise, b: QualifiedEnterprise): number {
  if (a.status !== b.status) return a.status === 'eligible' ? -1 : 1;
  const x = a.amount;
  const y = b.amount;
  if (x === null || y === null) {
    if (x !== y) return x === null ? 1 : -1;
  } else if (x.max !== y.max) return y.max - x.max;
  else if (x.min !== y.min) return y.min - x.min;
  return a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;
}
