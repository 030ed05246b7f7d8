import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_CONFIG, pushConfigFromEnv } from './config.ts';

describe('pushConfigFromEnv', () => {
  it('takes the defaults from an empty environment', () => {
    expect(pushConfigFromEnv({})).toEqual(DEFAULT_PUSH_CONFIG);
  });

  it('reads the SMTP server, attempts, backoff and lease', () => {
    const config = pushConfigFromEnv({
      ZHIDA_SMTP_URL: 'smtp://127.0.0.1:2525',
      ZHIDA_PUSH_MAX_ATTEMPTS: '3',
      ZHIDA_PUSH_BACKOFF_MS: '500',
      ZHIDA_PUSH_LEASE_MS: '2000',
    });
    expect(config).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      maxAttempts: 3,
      backoff: { baseMs: 500 },
      leaseMs: 2000,
    });
  });

  it('refuses a lease that is not a whole number of milliseconds, naming the variable', () => {
    for (const text of ['0', '-5', '1.5', 'soon']) {
      expect(() => pushConfigFromEnv({ ZHIDA_PUSH_LEASE_MS: text })).toThrow(
        `ZHIDA_PUSH_LEASE_MS: expected a whole number ≥ 1, not ${text}`,
      );
    }
  });
});
