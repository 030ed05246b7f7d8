// When a failed delivery is tried again: exponential backoff with jitter, capped, and the attempt after which it
// is dead (a dead letter an administrator reads and may requeue).

/** Attempts before a delivery is dead, unless configured (ZHIDA_PUSH_MAX_ATTEMPTS). */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface BackoffOptions {
  /** the delay after the first failure, before jitter (default 30 s) */
  baseMs?: number;
  /** the longest delay (default 6 h) */
  capMs?: number;
}

/**
 * The delay after failed attempt `attempt` (1, 2, …): base·2^(attempt−1), capped, then "equal jitter": half of it
 * fixed and half uniformly random, so a burst of failures (a receiver that was down) does not return in step while
 * each retry still waits at least half its step. `random` is uniform in [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 30_000;
  const cap = options.capMs ?? 6 * 3_600_000;
  const step = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 60) - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** After failed attempt `attempt` of at most `maxAttempts`: try again later, or give up. */
export function afterFailure(attempt: number, maxAttempts: number): 'failed' | 'dead' {
  return attempt >= maxAttempts ? 'dead' : 'failed';
}
