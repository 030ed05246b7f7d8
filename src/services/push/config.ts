import { DEFAULT_MAX_ATTEMPTS, type BackoffOptions } from '../../core/push/backoff.ts';

// The settings of push delivery, from the environment (zhida serve) or given by a caller (tests, the bench).

export interface PushConfig {
  /** smtp://host:port or smtps://user:pass@host:port (nodemailer's URL); null: e-mail deliveries fail until set */
  smtpUrl: string | null;
  /** the From of every e-mail */
  smtpFrom: string;
  /** attempts before a delivery is dead: given to each delivery as it is queued (and kept on its row) */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** how long a claim holds a delivery */
  leaseMs: number;
  /** deliveries per claim */
  batch: number;
  /** the wait when nothing is due */
  pollMs: number;
  /** a webhook call that takes longer fails */
  webhookTimeoutMs: number;
  /** webhook and e-mail deliveries in flight at once */
  concurrency: number;
}

export const DEFAULT_PUSH_CONFIG: PushConfig = {
  smtpUrl: null,
  smtpFrom: 'Zhida 直达 <noreply@zhida.local>',
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  backoff: {},
  leaseMs: 60_000,
  batch: 200,
  pollMs: 1000,
  webhookTimeoutMs: 10_000,
  concurrency: 16,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a whole number ≥ 1, not ${text}`);
  return value;
}

/**
 * ZHIDA_SMTP_URL, ZHIDA_SMTP_FROM, ZHIDA_PUSH_MAX_ATTEMPTS, ZHIDA_PUSH_BACKOFF_MS (the first retry's delay),
 * ZHIDA_PUSH_LEASE_MS (how long a claim holds a delivery: a killed worker's deliveries wait that long to go out again).
 */
export function pushConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PushConfig {
  return {
    ...DEFAULT_PUSH_CONFIG,
    smtpUrl: env.ZHIDA_SMTP_URL || null,
    smtpFrom: env.ZHIDA_SMTP_FROM || DEFAULT_PUSH_CONFIG.smtpFrom,
    maxAttempts: positive(env, 'ZHIDA_PUSH_MAX_ATTEMPTS', DEFAULT_MAX_ATTEMPTS),
    backoff: env.ZHIDA_PUSH_BACKOFF_MS ? { baseMs: positive(env, 'ZHIDA_PUSH_BACKOFF_MS', 30_000) } : {},
    leaseMs: positive(env, 'ZHIDA_PUSH_LEASE_MS', DEFAULT_PUSH_CONFIG.leaseMs),
  };
}
