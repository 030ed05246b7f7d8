import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.ts';
import { mergeFacts, validateProfile, type Fact } from '../../core/profile/facts.ts';
import { sizeClassOf, type SizeResult } from '../../core/profile/size-class.ts';
import type { EnterpriseProfile, Provenance } from '../../core/profile/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import {
  factToRow,
  findEnterpriseByUscc,
  findEnterprisesByUscc,
  insertEnterprises,
  insertFacts,
  listFacts,
  updateEnterprise,
  type NewEnterprise,
  type StoredFact,
} from '../../db/enterprises.repository.ts';
import type { Schema } from '../../db/schema.ts';

// Enterprise profiles: a profile is what its facts say together (core/profile/facts.ts). Adding facts stores them
// as given and recomputes the merged profile and size class of the enterprise row, in one transaction.

export interface ProfileView {
  profile: EnterpriseProfile;
  /** where each value came from, by fact key ("employees", "metrics.2025.revenue", "qualification:高新技术企业") */
  provenance: Record<string, Provenance>;
  /** by the national rule, from the latest year with figures */
  sizeClass: SizeResult;
  /** every fact ever recorded, oldest first: the history behind the profile */
  facts: StoredFact[];
  createdAt: string;
  updatedAt: string;
}

export async function getProfile(database: Database, uscc: string): Promise<ProfileView | undefined> {
  const row = await findEnterpriseByUscc(database.db, uscc);
  if (row === undefined) return undefined;
  const facts = (await listFacts(database.db, [row.id])).get(row.id) ?? [];
  const merged = mergeFacts(row.uscc, facts);
  return {
    profile: merged.profile,
    provenance: merged.provenance,
    sizeClass: sizeClassOf(merged.profile),
    facts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface FactBatch {
  uscc: string;
  facts: Fact[];
}

/** Why one enterprise's facts were not stored (a new enterprise without a name, an invalid result). */
export interface Refusal {
  uscc: string;
  reason: string;
}

export interface StoreOutcome {
  created: number;
  updated: number;
  refused: Refusal[];
}

/**
 * Stores the facts of many enterprises inside the caller's transaction: each enterprise's new facts are merged
 * with its stored ones, the merged profile is checked against the contract, and the enterprise row is inserted or
 * updated. An enterprise whose result would be invalid is refused whole: none of its facts are written.
 * Each uscc may appear once.
 */
export async function storeFacts(
  trx: Kysely<Schema>,
  batches: readonly FactBatch[],
  options: { batchId?: number | null; now?: string } = {},
): Promise<StoreOutcome> {
  const now = options.now ?? new Date().toISOString();
  const existing = await findEnterprisesByUscc(
    trx,
    batches.map((b) => b.uscc),
  );
  const stored = await listFacts(
    trx,
    [...existing.values()].map((e) => e.id),
  );

  const refused: Refusal[] = [];
  const inserts: { row: NewEnterprise; facts: Fact[] }[] = [];
  const updates: { id: number; row: Omit<NewEnterprise, 'uscc' | 'created_at'>; facts: Fact[] }[] = [];
  for (const batch of batches) {
    const current = existing.get(batch.uscc);
    const merged = mergeFacts(batch.uscc, [...(current ? (stored.get(current.id) ?? []) : []), ...batch.facts]);
    if (merged.missing.length > 0) {
      refused.push({ uscc: batch.uscc, reason: `a new enterprise needs its ${merged.missing.join(' and ')}` });
      continue;
    }
    const check = validateProfile(merged.profile);
    if ('errors' in check) {
      refused.push({ uscc: batch.uscc, reason: check.errors.map((e) => `${e.path}: ${e.reason}`).join('; ') });
      continue;
    }
    const row = enterpriseColumns(merged.profile, now);
    if (current) updates.push({ id: current.id, row, facts: batch.facts });
    else inserts.push({ row: { ...row, uscc: batch.uscc, created_at: now }, facts: batch.facts });
  }

  const ids = await insertEnterprises(
    trx,
    inserts.map((i) => i.row),
  );
  for (const update of updates) await updateEnterprise(trx, update.id, update.row);
  const factRows = [
    ...inserts.flatMap((i) => i.facts.map((f) => factToRow(ids.get(i.row.uscc)!, f, options.batchId ?? null, now))),
    ...updates.flatMap((u) => u.facts.map((f) => factToRow(u.id, f, options.batchId ?? null, now))),
  ];
  await insertFacts(trx, factRows);
  return { created: inserts.length, updated: updates.length, refused };
}

/** The columns of the enterprise row that mirror the merged profile. */
export function enterpriseColumns(profile: EnterpriseProfile, now: string): Omit<NewEnterprise, 'uscc' | 'created_at'> {
  return {
    name: profile.name,
    region: profile.region,
    industry: profile.industry ?? null,
    founded: profile.founded ?? null,
    employees: profile.employees ?? null,
    size_class: sizeClassOf(profile).sizeClass,
    profile: JSON.stringify(profile),
    updated_at: now,
  };
}

/**
 * Adds facts about one enterprise (creating it when new: then its name and region are needed), recomputes its
 * profile and size class, and audits the change, all in one transaction.
 */
export async function upsertFacts(
  database: Database,
  uscc: string,
  facts: Fact[],
  actor: string,
): Promise<ProfileView> {
  await database.db.transaction().execute(async (trx) => {
    const outcome = await storeFacts(trx, [{ uscc, facts }]);
    const refusal = outcome.refused[0];
    if (refusal !== undefined) throw errors.invalidEnterprise(uscc, refusal.reason);
    await recordAudit(trx, {
      actor,
      action: outcome.created > 0 ? 'enterprise.create' : 'enterprise.update',
      entity: 'enterprise',
      entityId: uscc,
      detail: { facts: facts.length, keys: [...new Set(facts.map((f) => f.key))] },
    });
  });
  const view = await getProfile(database, uscc);
  if (view === undefined) throw errors.enterpriseNotFound(uscc);
  return view;
}
