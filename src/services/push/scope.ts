import type { Kysely } from 'kysely';
import type { EnterpriseProfile } from '../../core/profile/types.ts';
import { reachableRegions, requiredRegions } from '../../core/push/scope.ts';
import { ColumnsBuilder, type FactNeeds } from '../../core/rules/columns.ts';
import { compilePolicy, factsRead, matchColumns, type PolicyMatches } from '../../core/rules/compile.ts';
import type { Policy } from '../../core/rules/types.ts';
import type { EnterpriseProfileRow } from '../../db/enterprises.repository.ts';
import * as repo from '../../db/push.repository.ts';
import type { Schema } from '../../db/schema.ts';
import { PAGE_SIZE, parseProfile } from '../rules/bulk.ts';

// The bulk engine over a chosen set of enterprises, as rules/bulk.ts runs it over all of them (pages of PAGE_SIZE
// enterprises become columns and every policy runs over them compiled), for the triggers:
// - the enterprises a trigger names (those an import or a profile edit changed);
// - or those a policy can reach at all: a regional policy reads only the enterprises within its region
//   (core/push/scope.ts), through the index on enterprise.region, instead of the whole table;
// - and when the policies read only facts the enterprise row keeps in columns of its own (region, industry,
//   founding date, headcount; enterprises.repository writes them from the merged profile), the profile JSON is
//   neither read nor parsed: the profile is made of those columns.
// The results equal rules/bulk.ts's for the enterprises read (test/push-triggers.test.ts, against the one-by-one
// evaluator).

/** What a match page says of each enterprise. */
export type EnterpriseRef = Pick<EnterpriseProfileRow, 'id' | 'uscc' | 'name' | 'region' | 'industry'>;

export interface MatchedPage {
  rows: EnterpriseRef[];
  /** per policy in the order given; entries index `rows` */
  matches: PolicyMatches[];
}

/** Reads the profiles of enterprises by id: the stored merged profile, or another view of their facts. */
export type ProfileLoader = (
  db: Kysely<Schema>,
  ids: readonly number[],
) => Promise<{ rows: EnterpriseRef[]; profiles: EnterpriseProfile[] }>;

/** The facts the enterprise row holds as columns (age is read from the founding date). */
const COLUMN_FACTS = new Set(['region', 'industry', 'founded', 'employees', 'age']);

/** True when matching `needs` can read the enterprise row's columns instead of its profile JSON. */
export function columnsSuffice(needs: FactNeeds): boolean {
  return needs.qualifications.size === 0 && [...needs.facts].every((fact) => COLUMN_FACTS.has(fact));
}

/** The profile the columns of an enterprise row make (the fields enterpriseColumns copied from it). */
function columnProfile(row: repo.EnterpriseColumnsRow): EnterpriseProfile {
  const profile: EnterpriseProfile = { uscc: row.uscc, name: row.name, region: row.region };
  if (row.industry !== null) profile.industry = row.industry;
  if (row.founded !== null) profile.founded = row.founded;
  if (row.employees !== null) profile.employees = row.employees;
  return profile;
}

/** The stored merged profile of each enterprise. */
export const storedProfiles: ProfileLoader = async (db, ids) => {
  const rows = await repo.profilesByIds(db, ids);
  return { rows, profiles: rows.map(parseProfile) };
};

/** The profile the columns of each enterprise row make (for policies that read nothing else). */
export const columnProfiles: ProfileLoader = async (db, ids) => {
  const rows = await repo.profileColumnsByIds(db, ids);
  return { rows, profiles: rows.map(columnProfile) };
};

/** The enterprises (ascending ids) `policies` can reach, or null for all of them. */
export async function reachableEnterprises(db: Kysely<Schema>, policies: readonly Policy[]): Promise<number[] | null> {
  const requirements = requiredRegions(policies);
  if (requirements === null) return null;
  return repo.enterpriseIdsInRegions(db, reachableRegions(requirements));
}

function matchPage(
  policies: readonly Policy[],
  year: number,
  needs: FactNeeds,
  rows: EnterpriseRef[],
  profiles: readonly EnterpriseProfile[],
): MatchedPage {
  if (rows.length === 0 || policies.length === 0) return { rows, matches: [] };
  const builder = new ColumnsBuilder(year, needs, { capacity: rows.length });
  for (const profile of profiles) builder.add(profile);
  const columns = builder.finish();
  return { rows, matches: matchColumns(policies.map((policy) => compilePolicy(policy, columns))) };
}

/** The enterprises with these ids (ascending) matched against `policies` together, page by page. */
export async function* matchEnterprises(
  db: Kysely<Schema>,
  policies: readonly Policy[],
  year: number,
  ids: readonly number[],
  options: { pageSize?: number; load?: ProfileLoader } = {},
): AsyncGenerator<MatchedPage> {
  const needs = factsRead([...policies]);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const load = options.load ?? (columnsSuffice(needs) ? columnProfiles : storedProfiles);
  for (let i = 0; i < ids.length; i += pageSize) {
    const { rows, profiles } = await load(db, ids.slice(i, i + pageSize));
    yield matchPage(policies, year, needs, rows, profiles);
  }
}

/** Every enterprise matched against `policies`, in pages of the id order (keyset paging). */
async function* matchAll(db: Kysely<Schema>, policies: readonly Policy[], year: number): AsyncGenerator<MatchedPage> {
  const needs = factsRead([...policies]);
  const withProfile = !columnsSuffice(needs);
  let after = 0;
  for (;;) {
    const read = await repo.enterprisePage(db, after, PAGE_SIZE, withProfile);
    if (read.length === 0) return;
    const profiles = read.map((row) =>
      row.profile === undefined ? columnProfile(row) : parseProfile({ ...row, profile: row.profile }),
    );
    yield matchPage(policies, year, needs, read, profiles);
    if (read.length < PAGE_SIZE) return;
    after = read[read.length - 1]!.id;
  }
}

/** Every enterprise `policies` can reach matched against them: those within their region, or all of them. */
export async function* scopedMatchPages(
  db: Kysely<Schema>,
  policies: readonly Policy[],
  year: number,
): AsyncGenerator<MatchedPage> {
  if (policies.length === 0) return;
  const ids = await reachableEnterprises(db, policies);
  yield* ids === null ? matchAll(db, policies, year) : matchEnterprises(db, policies, year, ids);
}
