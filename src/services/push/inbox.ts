import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import * as outbox from '../../db/outbox.repository.ts';
import type { Schema } from '../../db/schema.ts';

// The in-app inbox channel: a delivery writes one notification under the delivery's key (unique), and is marked
// delivered in the same transaction, so a killed worker leaves either both or neither. A delivery written twice all
// the same (a worker whose lease ran out while another took the row over, or the inline delivery below and a worker
// at once) meets the key the second time and adds nothing.

/** Delivers inbox deliveries the worker holds: the notifications and the delivered mark in one transaction. */
export async function deliverInbox(
  db: Kysely<Schema>,
  ids: readonly number[],
  worker: string,
  at: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    await outbox.insertInboxNotifications(trx, ids, at);
    return outbox.finishDeliveries(trx, ids, worker, { state: 'delivered', nextAttemptAt: null, lastError: null, at });
  });
}

/**
 * Delivers a batch's inbox deliveries at once, after the trigger committed: the enterprise sees its notification
 * as soon as the change is made, with no worker running. It cannot undo what committed: if it fails (or the process
 * dies first), the deliveries stay queued and the worker delivers them. Anything a worker holds already is left to it.
 */
export async function flushInbox(database: Database, batchId: number | null, now = new Date()): Promise<number> {
  if (batchId === null) return 0;
  const at = now.toISOString();
  try {
    return await database.db.transaction().execute((trx) => outbox.deliverInboxOfBatch(trx, batchId, at));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`zhida push: inbox deliveries of batch ${batchId} left to the worker: ${reason}\n`);
    return 0;
  }
}
