import type { Policy } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';

// Reading policies: the published ones (what matching uses), one policy at any version, and the list.

export interface PolicySummary {
  id: string;
  title: string;
  status: repo.PolicyStatus;
  version: number;
  regions: string[];
  stackingGroup: string | null;
  autoGrant: boolean;
  validFrom: string | null;
  validTo: string | null;
  updatedAt: string;
}

function summary(row: repo.PolicyRow): PolicySummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    version: row.current_version,
    regions: JSON.parse(row.regions) as string[],
    stackingGroup: row.stacking_group,
    autoGrant: row.auto_grant === 1,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    updatedAt: row.updated_at,
  };
}

/** The version in force of every published policy, ordered by id. Their JSON was validated when published. */
export async function publishedPolicies(database: Database): Promise<Policy[]> {
  const rows = await repo.currentJson(database.db, 'published');
  return rows.map((row) => JSON.parse(row.json) as Policy);
}

/** One policy: its version in force, or the version asked for; undefined when there is none. */
export async function getPolicy(
  database: Database,
  id: string,
  version?: number,
): Promise<{ summary: PolicySummary; policy: Policy } | undefined> {
  const row = await repo.findPolicy(database.db, id);
  if (row === undefined) return undefined;
  const stored = await repo.findVersion(database.db, id, version ?? row.current_version);
  if (stored === undefined) return undefined;
  return { summary: summary(row), policy: JSON.parse(stored.json) as Policy };
}

export async function listPolicies(database: Database, status?: repo.PolicyStatus): Promise<PolicySummary[]> {
  return (await repo.listPolicies(database.db, status)).map(summary);
}
