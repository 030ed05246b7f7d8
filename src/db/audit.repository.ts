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
