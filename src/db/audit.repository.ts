import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  detail: Record<string, unknown>;
}

/** Every change to stored data leaves one row: who, when, what. Written in the transaction of the change. */
export async function recordAudit(db: Kysely<Schema>, entry: AuditEntry, at = new Date().toISOString()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      detail: JSON.stringify(entry.detail),
    })
    .execute();
}

export interface AuditFilter {
  entity?: string;
  actor?: string;
  limit: number;
}

/** The newest entries first, filtered by entity and actor when given. */
export async function listAudit(db: Kysely<Schema>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}
