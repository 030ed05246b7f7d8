import { createHmac, timingSafeEqual } from 'node:crypto';

// How a webhook receiver knows a delivery came from Zhida: X-Zhida-Signature is "sha256=" and the hex HMAC-SHA256
// of the raw request body, keyed with the subscriber's secret. The body carries the same timestamp as the
// X-Zhida-Timestamp header, so the signature covers it and a receiver may refuse old deliveries (replays); the
// Idempotency-Key header is the same on every attempt of one delivery, so a receiver can drop repeats.

export const SIGNATURE_HEADER = 'x-zhida-signature';
export const TIMESTAMP_HEADER = 'x-zhida-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** "sha256=<hex>" of the body with the secret. */
export function signWebhook(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** True when `header` is the signature of exactly these bytes with this secret (compared in constant time). */
export function verifyWebhook(secret: string, rawBody: string | Uint8Array, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhook(secret, rawBody));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
