import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../core/rules/types.ts';
import { formatErrors, validatePack } from '../../core/rules/validate.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';
import { sameContent, storeVersion } from './publish.ts';
import { invalidatePublishedPolicies } from './published-cache.ts';

// The bundled policy pack: the policies authored from the bundled bulletin. Every database holds them published
// (a fresh one answers `zhida match` out of the box): openDatabase syncs the pack after migrating. A pack policy
// whose JSON is unchanged since the pack last stored it is left alone; a changed one becomes a new version.

export const PACK_ACTOR = 'system:pack';

export const BUNDLED_PACKS: readonly string[] = [
  fileURLToPath(new URL('../../../data/policy-pack/bulletin-2026-sample.json', import.meta.url)),
];

export interface Pack {
  /** the file's base name without .json */
  name: string;
  /** as read; validated before anything is stored */
  policies: unknown[];
}

export function readPack(path: string): Pack {
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(json)) throw new Error(`policy pack ${path} is not a JSON array of policies`);
  return { name: basename(path).replace(/\.json$/, ''), policies: json };
}

export interface SyncOutcome {
  published: string[];
  updated: string[];
  unchanged: number;
}

/**
 * Stores every policy of the pack that is new or changed since the pack last stored it, published and audited
 * with actor "system:pack". A withdrawn policy stays withdrawn; a policy a person published a later version of is
 * left alone unless the pack itself changes it. One transaction for the whole pack.
 */
export async function syncPack(database: Database, pack: Pack): Promise<SyncOutcome> {
  // Fast path, without a write lock: nothing to do when every pack policy is stored as it is.
  if ((await changedPolicies(database, pack.policies as Policy[])).length === 0) {
    return { published: [], updated: [], unchanged: pack.policies.length };
  }
  const checked = validatePack(pack.policies);
  if (!checked.ok) throw new Error(`the policy pack ${pack.name} is invalid:\n${formatErrors(checked.errors)}`);
  const run = () =>
    database.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      const outcome: SyncOutcome = { published: [], updated: [], unchanged: 0 };
      const changed = await changedPolicies({ ...database, db: trx }, checked.policies);
      outcome.unchanged = checked.policies.length - changed.length;
      for (const policy of changed) {
        const stored = await storeVersion(trx, policy, {
          actor: PACK_ACTOR,
          at,
          keepWithdrawn: true,
          detail: { pack: pack.name },
        });
        (stored.status === 'new' ? outcome.published : outcome.updated).push(policy.id);
      }
      return outcome;
    });
  try {
    return await run();
  } catch (error) {
    // Another process opening the same fresh database may have stored the pack first: look again once.
    return run().catch(() => Promise.reject(error));
  } finally {
    invalidatePublishedPolicies(database);
  }
}

/** The pack policies whose JSON differs from the last version the pack stored (or that were never stored). */
async function changedPolicies(database: Database, policies: Policy[]): Promise<Policy[]> {
  const ids = policies.map((p) => p?.id).filter((id): id is string => typeof id === 'string');
  const lastByPack = new Map<string, string>();
  for (const row of await repo.versionsOf(database.db, ids)) {
    if (row.created_by === PACK_ACTOR) lastByPack.set(row.policy_id, row.json); // oldest first: the last wins
  }
  return policies.filter((policy) => {
    const last = lastByPack.get(policy?.id);
    return last === undefined || !sameContent(last, policy);
  });
}

/** Syncs every bundled pack (see syncPack). */
export async function syncBundledPacks(database: Database): Promise<SyncOutcome> {
  const total: SyncOutcome = { published: [], updated: [], unchanged: 0 };
  for (const path of BUNDLED_PACKS) {
    const outcome = await syncPack(database, readPack(path));
    total.published.push(...outcome.published);
    total.updated.push(...outcome.updated);
    total.unchanged += outcome.unchanged;
  }
  return total;
}
