import { errors } from '../../core/errors.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as outbox from '../../db/outbox.repository.ts';
import { enterpriseNames } from '../../db/push.repository.ts';
import type { DeliveryState, PushChannel } from '../../db/schema.ts';
import { wakePushWorkers } from './worker.ts';

// What an administrator reads of the outbox (its figures, the dead letters) and requeueing a dead letter.

export interface DeliveryView {
  id: number;
  key: string;
  channel: PushChannel;
  enterprise: { uscc: string; name: string } | null;
  recipient: string;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  changeId: number | null;
  /** a digest's period, when the delivery is one */
  digest: { from: string; to: string; changes: number } | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface OutboxFigures {
  /** by channel, then state */
  counts: Record<PushChannel, Record<DeliveryState, number>>;
  total: number;
}

async function present(database: Database, rows: readonly outbox.DeliveryRow[]): Promise<DeliveryView[]> {
  const names = await enterpriseNames(
    database.db,
    rows.map((r) => r.enterprise_id),
  );
  return rows.map((row) => {
    const payload =
      row.payload === null ? null : (JSON.parse(row.payload) as { from: string; to: string; changes: number[] });
    return {
      id: row.id,
      key: row.key,
      channel: row.channel,
      enterprise: names.get(row.enterprise_id) ?? null,
      recipient: row.recipient,
      state: row.state,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      changeId: row.change_id,
      digest: payload === null ? null : { from: payload.from, to: payload.to, changes: payload.changes.length },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      deliveredAt: row.delivered_at,
    };
  });
}

export async function outboxFigures(database: Database): Promise<OutboxFigures> {
  const empty = (): Record<DeliveryState, number> => ({ pending: 0, delivering: 0, delivered: 0, failed: 0, dead: 0 });
  const counts: OutboxFigures['counts'] = { inbox: empty(), email: empty(), webhook: empty() };
  let total = 0;
  for (const row of await outbox.countDeliveries(database.db)) {
    counts[row.channel][row.state] = row.count;
    total += row.count;
  }
  return { counts, total };
}

/** Dead letters (deliveries that gave up), oldest first. */
export async function listDeadLetters(
  database: Database,
  page: { limit: number; offset: number; channel?: PushChannel },
): Promise<{ items: DeliveryView[]; total: number; limit: number; offset: number }> {
  const { rows, total } = await outbox.listDeliveries(
    database.db,
    { state: 'dead', ...(page.channel !== undefined ? { channel: page.channel } : {}) },
    page,
  );
  return { items: await present(database, rows), total, limit: page.limit, offset: page.offset };
}

/** Puts a dead letter back in the queue (due now, attempts counted afresh), audited. */
export async function requeueDeadLetter(database: Database, id: number, actor: string): Promise<DeliveryView> {
  const at = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    const row = await outbox.findDelivery(trx, id);
    if (row === undefined) throw errors.deliveryNotFound(id);
    if (!(await outbox.requeueDead(trx, id, at))) throw errors.deliveryNotDead(id, row.state);
    await recordAudit(
      trx,
      {
        actor,
        action: 'push.requeue',
        entity: 'push_outbox',
        entityId: id,
        detail: { key: row.key, channel: row.channel, attempts: row.attempts, lastError: row.last_error },
      },
      at,
    );
  });
  wakePushWorkers();
  return (await present(database, [(await outbox.findDelivery(database.db, id))!]))[0]!;
}
