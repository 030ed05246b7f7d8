import { errors } from '../../core/errors.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseRegion } from '../../db/enterprises.repository.ts';
import * as repo from '../../db/notifications.repository.ts';
import type { NotificationPage, NotificationView } from '../../server/api.ts';

// What an enterprise is told when a policy's match changes for it (written by rules/refresh-policy.ts), and
// marking a notification read.

export function presentNotification(row: repo.NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    policyId: row.policy_id,
    title: row.title,
    body: row.body,
    amount: row.amount_min === null || row.amount_max === null ? null : { min: row.amount_min, max: row.amount_max },
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

async function enterpriseId(database: Database, uscc: string): Promise<number> {
  const found = await findEnterpriseRegion(database.db, uscc);
  if (found === undefined) throw errors.enterpriseNotFound(uscc);
  return found.id;
}

/** The enterprise's notifications, newest first, with how many are unread. Throws enterprise.not_found. */
export async function listNotifications(
  database: Database,
  uscc: string,
  page: { limit: number; offset: number },
): Promise<NotificationPage> {
  const id = await enterpriseId(database, uscc);
  const rows = await repo.listNotifications(database.db, id, page);
  const { total, unread } = await repo.countNotifications(database.db, id);
  return { items: rows.map(presentNotification), total, unread, limit: page.limit, offset: page.offset };
}

/** Marks one of the enterprise's notifications read (audited); reading it again changes nothing. */
export async function markNotificationRead(
  database: Database,
  uscc: string,
  notificationId: number,
  actor: string,
): Promise<void> {
  const id = await enterpriseId(database, uscc);
  const row = await repo.findNotification(database.db, id, notificationId);
  if (row === undefined) throw errors.notificationNotFound(notificationId);
  if (row.read_at !== null) return;
  await database.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    await repo.markNotificationRead(trx, notificationId, at);
    await recordAudit(
      trx,
      { actor, action: 'notification.read', entity: 'notification', entityId: notificationId, detail: { uscc } },
      at,
    );
  });
}
