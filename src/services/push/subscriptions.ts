import { errors } from '../../core/errors.ts';
import {
  checkSubscription,
  DEFAULT_SUBSCRIPTION,
  type Frequency,
  type SubscriptionInput,
  type SubscriptionSettings,
} from '../../core/push/subscription.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseRegion } from '../../db/enterprises.repository.ts';
import * as repo from '../../db/push.repository.ts';

// An enterprise's push subscription (GET/PUT /api/enterprises/{uscc}/subscription). Its contact e-mail lives here,
// not among its facts: it is the enterprise's own setting, not a fact about it that a department reports or a
// policy reads, and the profile contract has no field for it. The webhook secret is stored (it signs every
// delivery) but never shown again: the view says only that one is set.

export interface SubscriptionView {
  uscc: string;
  /** false: no subscription stored, these are the defaults (everything, in the inbox, at once) */
  stored: boolean;
  topics: string[];
  regions: string[];
  minAmount: number | null;
  channels: { inbox: true; email: string | null; webhook: { url: string; secretSet: true } | null };
  frequency: Frequency;
  /** the start of the period the next digest gathers (daily and weekly only) */
  digestFrom: string | null;
  updatedAt: string | null;
}

export function settingsOf(row: repo.PushSubscriptionRow | undefined): SubscriptionSettings {
  if (row === undefined) return DEFAULT_SUBSCRIPTION;
  return {
    topics: JSON.parse(row.topics) as string[],
    regions: JSON.parse(row.regions) as string[],
    minAmount: row.min_amount,
    email: row.email,
    webhook:
      row.webhook_url === null || row.webhook_secret === null
        ? null
        : { url: row.webhook_url, secret: row.webhook_secret },
    frequency: row.frequency,
  };
}

function present(uscc: string, row: repo.PushSubscriptionRow | undefined): SubscriptionView {
  const settings = settingsOf(row);
  return {
    uscc,
    stored: row !== undefined,
    topics: settings.topics,
    regions: settings.regions,
    minAmount: settings.minAmount,
    channels: {
      inbox: true,
      email: settings.email,
      webhook: settings.webhook === null ? null : { url: settings.webhook.url, secretSet: true },
    },
    frequency: settings.frequency,
    digestFrom: row !== undefined && row.frequency !== 'immediate' ? row.digest_from : null,
    updatedAt: row?.updated_at ?? null,
  };
}

async function enterpriseId(database: Database, uscc: string): Promise<number> {
  const found = await findEnterpriseRegion(database.db, uscc);
  if (found === undefined) throw errors.enterpriseNotFound(uscc);
  return found.id;
}

export async function getSubscription(database: Database, uscc: string): Promise<SubscriptionView> {
  const id = await enterpriseId(database, uscc);
  return present(uscc, await repo.findSubscription(database.db, id));
}

/**
 * Stores the enterprise's subscription (fields left out keep their stored value), audited without the secret.
 * Changing the frequency starts the digest period afresh: a change of mind neither repeats nor drops changes
 * already told.
 */
export async function putSubscription(
  database: Database,
  uscc: string,
  input: SubscriptionInput,
  actor: string,
  now = new Date(),
): Promise<SubscriptionView> {
  const id = await enterpriseId(database, uscc);
  await database.db.transaction().execute(async (trx) => {
    const current = await repo.findSubscription(trx, id);
    const checked = checkSubscription(input, settingsOf(current));
    if (!checked.ok) throw errors.invalidSubscription(checked.errors.join('; '));
    const s = checked.settings;
    const at = now.toISOString();
    await repo.upsertSubscription(trx, {
      enterprise_id: id,
      topics: JSON.stringify(s.topics),
      regions: JSON.stringify(s.regions),
      min_amount: s.minAmount,
      email: s.email,
      webhook_url: s.webhook?.url ?? null,
      webhook_secret: s.webhook?.secret ?? null,
      frequency: s.frequency,
      digest_from: current === undefined || current.frequency !== s.frequency ? at : current.digest_from,
      created_at: current?.created_at ?? at,
      updated_at: at,
    });
    await recordAudit(
      trx,
      {
        actor,
        action: current === undefined ? 'subscription.create' : 'subscription.update',
        entity: 'push_subscription',
        entityId: uscc,
        detail: {
          topics: s.topics,
          regions: s.regions,
          minAmount: s.minAmount,
          email: s.email,
          webhook: s.webhook?.url ?? null,
          frequency: s.frequency,
        },
      },
      at,
    );
  });
  return getSubscription(database, uscc);
}
