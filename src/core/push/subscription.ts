import { regionByCode, regionWithin } from '../regions/region-table.ts';
import type { AmountRange, Policy } from '../rules/types.ts';
import { foldForSearch } from '../text/search-text.ts';

// What an enterprise chooses to be told: the filters a change must pass (topics, regions, a minimum amount) and
// where and how often it is pushed. The inbox is always on; e-mail and a webhook are optional; `frequency` says
// whether e-mail and webhook deliveries go out at once or gathered into a daily or weekly digest (the inbox shows
// each change as it happens). Pure: the service stores and loads it.

export const FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const MAX_TOPICS = 20;
export const MAX_REGIONS = 50;
export const MIN_SECRET_LENGTH = 16;

export interface SubscriptionFilters {
  /** keywords (政策主题): one must occur in the policy's title, id, stacking group or sources; none: every topic */
  topics: string[];
  /** GB/T 2260 codes: one of the policy's issuing regions must lie within one of them; none: every region */
  regions: string[];
  /** yuan: the change's largest sum (after, or before for one no longer eligible) must reach it; null: any */
  minAmount: number | null;
}

export interface SubscriptionSettings extends SubscriptionFilters {
  email: string | null;
  webhook: { url: string; secret: string } | null;
  frequency: Frequency;
}

/** Without a subscription: every change, in the inbox only, as it happens. */
export const DEFAULT_SUBSCRIPTION: SubscriptionSettings = {
  topics: [],
  regions: [],
  minAmount: null,
  email: null,
  webhook: null,
  frequency: 'immediate',
};

/** What the filters read of a policy, computed once per policy however many changes it has. */
export interface PolicyTopic {
  id: string;
  regions: readonly string[];
  /** the folded text topics are looked for in */
  text: string;
}

export function policyTopic(
  policy: Pick<Policy, 'id' | 'title' | 'regions' | 'stackingGroup' | 'sources'>,
): PolicyTopic {
  const parts = [policy.id, policy.title, policy.stackingGroup ?? ''];
  for (const source of policy.sources) parts.push(source.document ?? '', source.article, source.text);
  return { id: policy.id, regions: policy.regions, text: foldForSearch(parts.join('\n')) };
}

/** The part of a change the filters read. */
export interface ChangeAmounts {
  amount: AmountRange | null;
  before: AmountRange | null;
}

export function topicPasses(topics: readonly string[], policy: PolicyTopic): boolean {
  return topics.length === 0 || topics.some((topic) => policy.text.includes(foldForSearch(topic).trim()));
}

export function regionPasses(regions: readonly string[], policy: PolicyTopic): boolean {
  return regions.length === 0 || policy.regions.some((code) => regions.some((chosen) => regionWithin(code, chosen)));
}

/**
 * A minimum amount lets through the changes whose largest sum reaches it: the sum after the change, or before it
 * for an enterprise that is no longer eligible (losing 200万元 is worth telling). A change with no sum at all
 * (an eligibility-only policy, a sum that needs a missing fact) does not pass a minimum.
 */
export function amountPasses(minAmount: number | null, change: ChangeAmounts): boolean {
  if (minAmount === null || minAmount <= 0) return true;
  const largest = Math.max(change.amount?.max ?? -1, change.before?.max ?? -1);
  return largest >= minAmount;
}

/** True when the change of this policy passes every filter. */
export function changePasses(filters: SubscriptionFilters, change: ChangeAmounts, policy: PolicyTopic): boolean {
  return (
    amountPasses(filters.minAmount, change) &&
    regionPasses(filters.regions, policy) &&
    topicPasses(filters.topics, policy)
  );
}

export interface SubscriptionInput {
  topics?: string[];
  regions?: string[];
  minAmount?: number | null;
  email?: string | null;
  webhook?: { url: string; secret?: string } | null;
  frequency?: Frequency;
}

/** A plain e-mail address: something@domain.tld, no spaces or angle brackets (no display names, no lists). */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * Checks new settings against the stored ones (`current`) and returns the settings to store, or every problem with
 * its field. A webhook without a secret keeps the stored secret when its URL is unchanged.
 */
export function checkSubscription(
  input: SubscriptionInput,
  current: SubscriptionSettings,
): { ok: true; settings: SubscriptionSettings } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const topics = [...new Set((input.topics ?? current.topics).map((t) => t.normalize('NFKC').trim()))];
  if (topics.length > MAX_TOPICS) errors.push(`topics: at most ${MAX_TOPICS}`);
  topics.forEach((t, i) => {
    if (t === '' || t.length > 50) errors.push(`topics[${i}]: a keyword of 1 to 50 characters`);
  });
  const regions = [...new Set((input.regions ?? current.regions).map((r) => r.trim()))];
  if (regions.length > MAX_REGIONS) errors.push(`regions: at most ${MAX_REGIONS}`);
  regions.forEach((r, i) => {
    if (regionByCode(r) === undefined) errors.push(`regions[${i}]: ${r} is not a GB/T 2260 region code`);
  });
  const minAmount = input.minAmount === undefined ? current.minAmount : input.minAmount;
  if (minAmount !== null && !(Number.isFinite(minAmount) && minAmount >= 0)) {
    errors.push('minAmount: a sum in yuan ≥ 0, or null');
  }
  const email = input.email === undefined ? current.email : input.email === null ? null : input.email.trim();
  if (email !== null && (!EMAIL.test(email) || email.length > 254))
    errors.push(`email: ${email} is not an e-mail address`);
  let webhook: SubscriptionSettings['webhook'] = current.webhook;
  if (input.webhook === null) webhook = null;
  else if (input.webhook !== undefined) {
    const { url } = input.webhook;
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || url.length > 2000) {
      errors.push(`webhook.url: ${url} is not an http(s) URL`);
    }
    const secret = input.webhook.secret ?? (current.webhook?.url === url ? current.webhook.secret : undefined);
    if (secret === undefined) errors.push('webhook.secret: a new webhook URL needs its secret');
    else if (secret.length < MIN_SECRET_LENGTH || secret.length > 200) {
      errors.push(`webhook.secret: ${MIN_SECRET_LENGTH} to 200 characters`);
    }
    webhook = { url, secret: secret ?? '' };
  }
  const frequency = input.frequency ?? current.frequency;
  if (!FREQUENCIES.includes(frequency)) errors.push(`frequency: one of ${FREQUENCIES.join(', ')}`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, settings: { topics, regions, minAmount, email, webhook, frequency } };
}
