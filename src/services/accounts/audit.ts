import { listAudit, type AuditFilter } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
}

/** The audit log as an administrator reads it: newest first, filtered by entity and actor. */
export async function readAudit(database: Database, filter: AuditFilter): Promise<AuditView[]> {
  const rows = await listAudit(database.db, filter);
  return rows.map((row) => ({
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    detail: JSON.parse(row.detail) as unknown,
  }));
}
