import type { Kysely } from 'kysely';
import { changePasses, policyTopic, type PolicyTopic } from '../../core/push/subscription.ts';
import type { AmountRange, Policy } from '../../core/rules/types.ts';
import { fanOutDefaultInbox, insertDeliveries, type NewDelivery } from '../../db/outbox.repository.ts';
import * as repo from '../../db/push.repository.ts';
import type { PushCause, PushChangeKind, Schema } from '../../db/schema.ts';
import { settingsOf } from './subscriptions.ts';

// Recording what a trigger found and queueing its deliveries, inside the trigger's own transaction: the changes
// and their outbox rows exist exactly when the state change that caused them does (a transactional outbox).
//
// Every change becomes a push_change row; then the outbox gets one delivery per channel and recipient:
// - an enterprise without a subscription gets an inbox delivery of every change (written by one INSERT … SELECT);
// - a subscribed one gets deliveries of the changes that pass its filters: the inbox always, its e-mail and webhook
//   at once when its frequency is immediate (daily and weekly ones are gathered later by the digest job);
// - a 免申即享 notice (cause grant) is personal: it passes every filter and goes out at once on every channel.
// Keys: inbox:{change}, email:{change}:{address}, webhook:{change}:{subscription}; an existing key adds nothing.

export interface ChangeInput {
  enterpriseId: number;
  policyId: string;
  kind: PushChangeKind;
  amount: AmountRange | null;
  before: AmountRange | null;
  title: string;
  body: string;
}

export interface RecordOptions {
  cause: PushCause;
  subject: string | null;
  actor: string;
  year: number | null;
  at: string;
  maxAttempts: number;
  /** the policies the changes are of, for the subscriptions' topic and region filters */
  policies: ReadonlyMap<string, Pick<Policy, 'id' | 'title' | 'regions' | 'stackingGroup' | 'sources'>>;
}

export interface RecordedBatch {
  /** null when there was nothing to record */
  batchId: number | null;
  changes: number;
}

/** Stores the changes as one batch and queues their deliveries; no change, no batch. */
export async function recordChanges(
  trx: Kysely<Schema>,
  changes: readonly ChangeInput[],
  options: RecordOptions,
): Promise<RecordedBatch> {
  if (changes.length === 0) return { batchId: null, changes: 0 };
  const batchId = await repo.insertBatch(trx, {
    cause: options.cause,
    subject: options.subject,
    actor: options.actor,
    year: options.year,
    changes: changes.length,
    created_at: options.at,
  });
  await repo.insertChanges(
    trx,
    changes.map((c) => ({
      batch_id: batchId,
      enterprise_id: c.enterpriseId,
      policy_id: c.policyId,
      kind: c.kind,
      year: options.year,
      title: c.title,
      body: c.body,
      amount_min: c.amount?.min ?? null,
      amount_max: c.amount?.max ?? null,
      before_min: c.before?.min ?? null,
      before_max: c.before?.max ?? null,
      created_at: options.at,
    })),
  );
  await fanOutDefaultInbox(trx, batchId, { maxAttempts: options.maxAttempts, at: options.at });
  const subscriptions = await repo.subscriptionsOfBatch(trx, batchId);
  if (subscriptions.length > 0) await fanOutSubscribed(trx, batchId, subscriptions, options);
  return { batchId, changes: changes.length };
}

async function fanOutSubscribed(
  trx: Kysely<Schema>,
  batchId: number,
  subscriptions: readonly repo.PushSubscriptionRow[],
  options: RecordOptions,
): Promise<void> {
  const byEnterprise = new Map(subscriptions.map((s) => [s.enterprise_id, s]));
  const rows = await repo.changesOfBatchFor(trx, batchId, [...byEnterprise.keys()]);
  const topics = new Map<string, PolicyTopic>();
  const topicOf = (policyId: string): PolicyTopic | undefined => {
    let topic = topics.get(policyId);
    const policy = options.policies.get(policyId);
    if (topic === undefined && policy !== undefined) topics.set(policyId, (topic = policyTopic(policy)));
    return topic;
  };
  const deliveries: NewDelivery[] = [];
  const delivery = (change: repo.PushChangeRow, channel: NewDelivery['channel'], key: string, recipient: string) =>
    deliveries.push({
      key,
      channel,
      enterprise_id: change.enterprise_id,
      change_id: change.id,
      payload: null,
      recipient,
      state: 'pending',
      attempts: 0,
      max_attempts: options.maxAttempts,
      next_attempt_at: options.at,
      locked_by: null,
      last_error: null,
      created_at: options.at,
      updated_at: options.at,
      delivered_at: null,
    });
  for (const change of rows) {
    const subscription = byEnterprise.get(change.enterprise_id)!;
    const settings = settingsOf(subscription);
    const personal = change.kind === 'grant';
    if (!personal) {
      const topic = topicOf(change.policy_id);
      const amounts = {
        amount: change.amount_min === null ? null : { min: change.amount_min, max: change.amount_max! },
        before: change.before_min === null ? null : { min: change.before_min, max: change.before_max! },
      };
      // A policy the filters cannot read (not given) is let through: telling too much beats losing a change.
      if (topic !== undefined && !changePasses(settings, amounts, topic)) continue;
    }
    delivery(change, 'inbox', `inbox:${change.id}`, String(change.enterprise_id));
    if (settings.frequency !== 'immediate' && !personal) continue;
    if (settings.email !== null) delivery(change, 'email', `email:${change.id}:${settings.email}`, settings.email);
    if (settings.webhook !== null) {
      delivery(change, 'webhook', `webhook:${change.id}:${subscription.id}`, settings.webhook.url);
    }
  }
  await insertDeliveries(trx, deliveries);
}
