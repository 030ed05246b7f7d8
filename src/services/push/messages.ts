import { createHash } from 'node:crypto';
import { digestMessage, type DigestItem } from '../../core/push/digest.ts';
import type { AmountRange } from '../../core/rules/types.ts';
import type { DeliveryRow } from '../../db/outbox.repository.ts';
import type { PushChangeRow } from '../../db/push.repository.ts';

// What an e-mail and a webhook delivery say: one change, or a digest of the changes of a period. The words are the
// change's own (rules/notification-text.ts, written when the change was recorded); the webhook body is JSON whose
// fields are a promise to integrators (docs in README, "Push").

/** A digest delivery's payload. */
export interface DigestPayload {
  kind: 'digest';
  from: string;
  to: string;
  changes: number[];
}

export interface DeliveryContent {
  delivery: DeliveryRow;
  enterprise: { uscc: string; name: string };
  /** a change delivery's change */
  change?: PushChangeRow;
  /** a digest delivery's period and changes */
  digest?: { from: string; to: string; changes: PushChangeRow[] };
}

export interface ChangeJson {
  id: number;
  kind: PushChangeRow['kind'];
  policyId: string;
  year: number | null;
  title: string;
  body: string;
  amount: AmountRange | null;
  before: AmountRange | null;
  createdAt: string;
}

function range(min: number | null, max: number | null): AmountRange | null {
  return min === null || max === null ? null : { min, max };
}

export function changeJson(row: PushChangeRow): ChangeJson {
  return {
    id: row.id,
    kind: row.kind,
    policyId: row.policy_id,
    year: row.year,
    title: row.title,
    body: row.body,
    amount: range(row.amount_min, row.amount_max),
    before: range(row.before_min, row.before_max),
    createdAt: row.created_at,
  };
}

function digestOf(content: DeliveryContent) {
  const digest = content.digest!;
  const items: DigestItem[] = digest.changes.map((c) => ({
    id: c.id,
    kind: c.kind,
    policyId: c.policy_id,
    title: c.title,
    body: c.body,
    amount: range(c.amount_min, c.amount_max),
    createdAt: c.created_at,
  }));
  return digestMessage({ from: digest.from, to: digest.to }, items);
}

/** The subject and text of an e-mail. */
export function mailText(content: DeliveryContent): { subject: string; text: string } {
  const { title, body } = content.change ?? digestOf(content);
  const footer =
    `\n\n——\n${content.enterprise.name}（${content.enterprise.uscc}）：此邮件由「直达」政策找人服务发送。` +
    '\n在「直达」的订阅设置中可更改主题、地区、最低金额和推送频率。';
  return { subject: title, text: body + footer };
}

/** The e-mail: a stable Message-ID per delivery key, so a repeated delivery is the same message to a mail client. */
export function mailMessage(content: DeliveryContent, from: string) {
  const { subject, text } = mailText(content);
  const hash = createHash('sha256').update(content.delivery.key).digest('hex').slice(0, 32);
  return {
    from,
    to: content.delivery.recipient,
    subject,
    text,
    messageId: `<${hash}@zhida.push>`,
    headers: { 'X-Zhida-Idempotency-Key': content.delivery.key },
  };
}

/** The webhook's JSON body (its exact bytes are what the signature covers). */
export function webhookBody(content: DeliveryContent, timestamp: string): string {
  const base = { id: content.delivery.key, timestamp, enterprise: content.enterprise };
  if (content.change !== undefined)
    return JSON.stringify({ ...base, type: 'change', change: changeJson(content.change) });
  const message = digestOf(content);
  return JSON.stringify({
    ...base,
    type: 'digest',
    period: { from: content.digest!.from, to: content.digest!.to },
    title: message.title,
    body: message.body,
    counts: message.counts,
    changes: content.digest!.changes.map(changeJson),
  });
}
