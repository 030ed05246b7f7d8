import type { AmountRange } from '../rules/types.ts';
import type { Frequency } from './subscription.ts';

// Digests: the changes of a period gathered into one message per enterprise and channel. Periods follow China's
// calendar (UTC+8, no daylight saving): a day from local midnight, a week from Monday's local midnight. A digest
// covers [from, boundary): from the end of the last digest to the start of the current period, so a missed run
// (the server was down over a weekend) gathers everything since, once.

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The start (an ISO instant) of the day or week that `instant` lies in, in China's time. */
export function periodStart(frequency: Exclude<Frequency, 'immediate'>, instant: string | Date): string {
  const local = new Date(instant).getTime() + CHINA_OFFSET_MS;
  let day = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) % 7 counts from Monday.
  if (frequency === 'weekly') day -= (((day + 3) % 7) + 7) % 7;
  return new Date(day * DAY_MS - CHINA_OFFSET_MS).toISOString();
}

/** The period a digest sent at `now` covers, or null when nothing is due (immediate, or the period is running). */
export function duePeriod(
  frequency: Frequency,
  digestFrom: string,
  now: string | Date,
): { from: string; to: string } | null {
  if (frequency === 'immediate') return null;
  const to = periodStart(frequency, now);
  return digestFrom < to ? { from: digestFrom, to } : null;
}

/** The local date of an instant, YYYY-MM-DD. */
export function chinaDate(instant: string): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export type DigestKind = 'eligible' | 'amount_changed' | 'ineligible' | 'grant';

export interface DigestItem {
  id: number;
  kind: DigestKind;
  policyId: string;
  title: string;
  body: string;
  amount: AmountRange | null;
  createdAt: string;
}

export interface DigestMessage {
  title: string;
  body: string;
  counts: Record<DigestKind, number>;
  /** the items in the order the body lists them */
  items: DigestItem[];
}

const ORDER: DigestKind[] = ['grant', 'eligible', 'amount_changed', 'ineligible'];
const HEADINGS: Record<DigestKind, string> = {
  grant: '免申即享',
  eligible: '新符合的政策',
  amount_changed: '金额变化',
  ineligible: '不再符合',
};

/**
 * One message for the changes of a period: a title with the period and the count, then one section per kind
 * (免申即享, newly eligible, amount changed, no longer eligible), each change's own title and body in the order
 * they happened.
 */
export function digestMessage(period: { from: string; to: string }, changes: readonly DigestItem[]): DigestMessage {
  const counts: Record<DigestKind, number> = { grant: 0, eligible: 0, amount_changed: 0, ineligible: 0 };
  const items = [...changes].sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id),
  );
  for (const item of items) counts[item.kind]++;
  const first = chinaDate(period.from);
  const last = chinaDate(new Date(new Date(period.to).getTime() - 1).toISOString());
  const span = first === last ? first : `${first}—${last}`;
  const lines: string[] = [`${span} 期间，与贵企业有关的政策有 ${items.length} 项变化：`];
  for (const kind of ORDER) {
    const group = items.filter((item) => item.kind === kind);
    if (group.length === 0) continue;
    lines.push('', `【${HEADINGS[kind]}】（${group.length}）`);
    group.forEach((item, i) => lines.push(`${i + 1}. ${item.title}`, `   ${item.body}`));
  }
  return { title: `政策推送摘要（${span}）：${items.length} 项变化`, body: lines.join('\n'), counts, items };
}
