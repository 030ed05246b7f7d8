import type { Kysely } from 'kysely';
import type { Policy } from '../../core/rules/types.ts';
import { validatePolicy, type ValidationError } from '../../core/rules/validate.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';
import type { Schema } from '../../db/schema.ts';
import { invalidatePublishedPolicies } from './published-cache.ts';

// Publishing and withdrawing policies. Every published JSON becomes a new version (old versions stay readable);
// the same JSON again changes nothing. Each change is one transaction with its audit row.

export type PublishOutcome =
  | { ok: true; id: string; version: number; status: 'new' | 'updated' | 'unchanged' | 'republished' }
  | { ok: false; errors: ValidationError[] };

/** The JSON a version is stored as: the policy with its version number set to the stored one. */
export function storedJson(policy: Policy, version: number): string {
  return JSON.stringify({ ...policy, version });
}

/** Two policies say the same when their JSON is equal but for the version number. */
export function sameContent(storedJsonText: string, policy: Policy): boolean {
  const stored = JSON.parse(storedJsonText) as Policy;
  return storedJson(stored, 0) === storedJson(policy, 0);
}

export function columnsOf(policy: Policy): repo.PolicyColumns {
  return {
    title: policy.title,
    regions: policy.regions,
    stackingGroup: policy.stackingGroup ?? null,
    autoGrant: policy.autoGrant === true,
    validFrom: policy.validFrom ?? null,
    validTo: policy.validTo ?? null,
  };
}

/**
 * Stores `policy` as the next version of its id and puts it in force, inside the caller's transaction.
 * A withdrawn policy stays withdrawn when `keepWithdrawn` (the pack must not undo a person's decision).
 */
export async function storeVersion(
  trx: Kysely<Schema>,
  policy: Policy,
  options: { actor: string; at: string; keepWithdrawn: boolean; detail?: Record<string, unknown> },
): Promise<{ version: number; status: 'new' | 'updated' }> {
  const existing = await repo.findPolicy(trx, policy.id);
  const version = (await repo.latestVersionNumber(trx, policy.id)) + 1;
  const status: repo.PolicyStatus =
    options.keepWithdrawn && existing?.status === 'withdrawn' ? 'withdrawn' : 'published';
  const columns = columnsOf(policy);
  if (existing === undefined) {
    await repo.insertPolicy(trx, { id: policy.id, status, version, columns, at: options.at });
  }
  await repo.insertVersion(trx, {
    policyId: policy.id,
    version,
    json: storedJson(policy, version),
    createdBy: options.actor,
    at: options.at,
  });
  if (existing !== undefined) await repo.updatePolicy(trx, { id: policy.id, status, version, columns, at: options.at });
  await recordAudit(
    trx,
    {
      actor: options.actor,
      action: existing === undefined ? 'policy.publish' : 'policy.update',
      entity: 'policy',
      entityId: policy.id,
      detail: { version, status, ...options.detail },
    },
    options.at,
  );
  return { version, status: existing === undefined ? 'new' : 'updated' };
}

/** Validates and publishes a policy given as JSON (docs/rules.md). */
export async function publishPolicy(database: Database, json: unknown, actor: string): Promise<PublishOutcome> {
  const checked = validatePolicy(json);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const policy = checked.policy;
  const outcome = await database.db.transaction().execute(async (trx): Promise<PublishOutcome> => {
    const at = new Date().toISOString();
    const existing = await repo.findPolicy(trx, policy.id);
    if (existing !== undefined) {
      const current = await repo.findVersion(trx, policy.id, existing.current_version);
      if (current !== undefined && sameContent(current.json, policy)) {
        if (existing.status === 'published') {
          return { ok: true, id: policy.id, version: existing.current_version, status: 'unchanged' };
        }
        await repo.setStatus(trx, policy.id, 'published', at);
        await recordAudit(
          trx,
          {
            actor,
            action: 'policy.republish',
            entity: 'policy',
            entityId: policy.id,
            detail: { version: existing.current_version },
          },
          at,
        );
        return { ok: true, id: policy.id, version: existing.current_version, status: 'republished' };
      }
    }
    const stored = await storeVersion(trx, policy, { actor, at, keepWithdrawn: false });
    return { ok: true, id: policy.id, version: stored.version, status: stored.status };
  });
  invalidatePublishedPolicies(database);
  return outcome;
}

/** Withdraws a policy: it stays stored with every version, and matching no longer uses it. */
export async function withdrawPolicy(
  database: Database,
  id: string,
  actor: string,
  reason?: string,
): Promise<{ ok: true; changed: boolean } | { ok: false; reason: 'not_found' }> {
  const outcome = await database.db.transaction().execute(async (trx) => {
    const existing = await repo.findPolicy(trx, id);
    if (existing === undefined) return { ok: false, reason: 'not_found' } as const;
    if (existing.status === 'withdrawn') return { ok: true, changed: false } as const;
    const at = new Date().toISOString();
    await repo.setStatus(trx, id, 'withdrawn', at);
    await recordAudit(
      trx,
      {
        actor,
        action: 'policy.withdraw',
        entity: 'policy',
        entityId: id,
        detail: { version: existing.current_version, ...(reason === undefined ? {} : { reason }) },
      },
      at,
    );
    return { ok: true, changed: true } as const;
  });
  invalidatePublishedPolicies(database);
  return outcome;
}
