// Failed sign-ins per username and address, counted in this process's memory: enough for one `zhida serve`.
// Several instances behind a load balancer would each count their own (a shared table or Redis would be needed
// there). Entries drop out after the window, and the map is capped so a flood of usernames cannot grow it forever.

export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  maxKeys?: number;
  now?: () => number;
}

export class LoginLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** key → times of failures within the window, oldest first */
  private readonly failures = new Map<string, number[]>();

  constructor(options: LoginLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  static key(username: string, ip: string): string {
    return `${username}\u0000${ip}`;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(key: string): number {
    const times = this.recent(key);
    if (times.length < this.maxFailures) return 0;
    return times[times.length - this.maxFailures]! + this.windowMs - this.now();
  }

  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.delete(key); // re-inserted last: the map's order is least recently failed first
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
