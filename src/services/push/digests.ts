import { duePeriod, periodStart } from '../../core/push/digest.ts';
import { changePasses, policyTopic, type PolicyTopic } from '../../core/push/subscription.ts';
import type { Policy } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import { insertDeliveries, type NewDelivery } from '../../db/outbox.repository.ts';
import * as repo from '../../db/push.repository.ts';
import { currentJson } from '../../db/rules.repository.ts';
import type { DigestPayload } from './messages.ts';
import { settingsOf } from './subscriptions.ts';

// The digest job: for each daily or weekly subscription whose period has ended, the changes recorded since its last
// digest that pass its filters are gathered into one e-mail and one webhook delivery (the inbox showed them as
// they came; 免申即享 notices went out at once). Each subscription is one transaction: its deliveries are queued
// and its digest start moved on together, guarded by the start it read, and the deliveries' keys name the
// subscription and the period, so a job run twice (two processes, a retry) queues each digest once.

export const DIGEST_JOB = 'push.digest';

export interface DigestRunReport {
  subscriptions: number;
  digests: number;
  deliveries: number;
}

async function policyTopics(database: Database): Promise<Map<string, PolicyTopic>> {
  const rows = [...(await currentJson(database.db, 'published')), ...(await currentJson(database.db, 'withdrawn'))];
  return new Map(rows.map((row) => [row.id, policyTopic(JSON.parse(row.json) as Policy)]));
}

/** Queues the digests due at `now`. */
export async function runDigests(
  database: Database,
  now: Date,
  options: { maxAttempts: number },
): Promise<DigestRunReport> {
  const report: DigestRunReport = { subscriptions: 0, digests: 0, deliveries: 0 };
  const candidates = await repo.digestCandidates(database.db, {
    daily: periodStart('daily', now),
    weekly: periodStart('weekly', now),
  });
  if (candidates.length === 0) return report;
  const topics = await policyTopics(database);
  const at = now.toISOString();
  for (const subscription of candidates) {
    const period = duePeriod(subscription.frequency, subscription.digest_from, now);
    if (period === null) continue;
    report.subscriptions++;
    const settings = settingsOf(subscription);
    const queued = await database.db.transaction().execute(async (trx) => {
      const changes = (await repo.changesOfPeriod(trx, subscription.enterprise_id, period.from, period.to)).filter(
        (c) => {
          if (c.kind === 'grant') return false;
          const topic = topics.get(c.policy_id);
          const amounts = {
            amount: c.amount_min === null ? null : { min: c.amount_min, max: c.amount_max! },
            before: c.before_min === null ? null : { min: c.before_min, max: c.before_max! },
          };
          return topic === undefined || changePasses(settings, amounts, topic);
        },
      );
      const deliveries: NewDelivery[] = [];
      if (changes.length > 0) {
        const payload: DigestPayload = { kind: 'digest', ...period, changes: changes.map((c) => c.id) };
        const add = (channel: 'email' | 'webhook', recipient: string) =>
          deliveries.push({
            key: `digest:${channel}:${subscription.id}:${period.to}`,
            channel,
            enterprise_id: subscription.enterprise_id,
            change_id: null,
            payload: JSON.stringify(payload),
            recipient,
            state: 'pending',
            attempts: 0,
            max_attempts: options.maxAttempts,
            next_attempt_at: at,
            locked_by: null,
            last_error: null,
            created_at: at,
            updated_at: at,
            delivered_at: null,
          });
        if (settings.email !== null) add('email', settings.email);
        if (settings.webhook !== null) add('webhook', settings.webhook.url);
      }
      if (!(await repo.advanceDigest(trx, subscription.id, period.from, period.to, at))) return 0;
      await insertDeliveries(trx, deliveries);
      return deliveries.length;
    });
    if (queued > 0) report.digests++;
    report.deliveries += queued;
  }
  return report;
}
