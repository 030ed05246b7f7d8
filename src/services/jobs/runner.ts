import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/jobs.repository.ts';

// Durable background jobs in the database's own `job` table, for any area: the overdue escalation of requests
// (services/requests/overdue.ts) and, later, the push-notification outbox. No extra server: SQLite in one process, or
// PostgreSQL with any number of worker processes.
//
// The protocol
// - enqueueJob(kind, payload, {key}) adds a row; the key is unique, so enqueueing the same key twice (a retried
//   HTTP call, two processes starting) adds one job. Write the job in the transaction of the change that needs it
//   (pass the transaction as `db`) and it exists exactly when the change does: an outbox.
// - A worker claims due jobs with a lease (locked_by, locked_until = now + leaseMs), counting the attempt. A worker
//   that dies holding a job simply lets its lease run out; the next claim after that takes the job again. A handler
//   that runs longer than the lease calls ctx.extendLease().
// - Success marks the job done (done_at), or for a recurring job (every_ms) sets its next run. A throw schedules a
//   retry after a backoff (1 s, 2 s, 4 s … capped at 1 h, with jitter) until max_attempts, then marks it done and
//   failed with last_error (a recurring job instead waits for its next run). Finishing needs the lease: a worker that
//   lost it (a pause longer than the lease) changes nothing.
// - So a job runs at least once, maybe more (a crash after the work and before the finish): handlers must be
//   idempotent. The overdue job is: it escalates a request only if it was not escalated for that deadline, under
//   the request's optimistic lock.
// - Finished jobs are deleted after a week (failed ones are kept).

export interface JobView {
  id: number;
  kind: string;
  key: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: string;
}

export interface JobContext {
  job: JobView;
  /** the runner's clock when the job was claimed */
  now: Date;
  /** aborted when the runner stops: a long handler should finish its current step and return */
  signal: AbortSignal;
  /** moves the lease on by the runner's lease time; false when it was lost */
  extendLease(): Promise<boolean>;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** idempotency key; default: a random one (always a new job) */
  key?: string;
  /** default now */
  runAt?: Date;
  /** default 5 */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Adds a job unless its key exists; `db` may be a transaction. */
export async function enqueueJob(
  db: Database['db'],
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<{ created: boolean; key: string }> {
  const now = new Date().toISOString();
  const key = options.key ?? `${kind}:${randomBytes(12).toString('hex')}`;
  const id = await repo.insertJob(db, {
    kind,
    key,
    payload: JSON.stringify(payload ?? null),
    run_at: (options.runAt ?? new Date()).toISOString(),
    attempts: 0,
    max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    every_ms: null,
    locked_by: null,
    locked_until: null,
    last_error: null,
    done_at: null,
    failed: 0,
    created_at: now,
    updated_at: now,
  });
  return { created: id !== undefined, key };
}

/** The key of the one row a recurring kind keeps. */
export function recurringKey(kind: string): string {
  return `recurring:${kind}`;
}

/**
 * Makes `kind` run every `everyMs` (one row, however many processes call this): due at once when new; when it
 * exists with another interval, the new interval holds from its next run.
 */
export async function scheduleRecurring(
  database: Database,
  kind: string,
  everyMs: number,
  options: { payload?: unknown; now?: Date; maxAttempts?: number } = {},
): Promise<void> {
  if (!Number.isInteger(everyMs) || everyMs < 1000) throw new RangeError('a recurring job runs at most every second');
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const key = recurringKey(kind);
  const id = await repo.insertJob(database.db, {
    kind,
    key,
    payload: JSON.stringify(options.payload ?? null),
    run_at: at,
    attempts: 0,
    max_attempts: options.maxAttempts ?? 3,
    every_ms: everyMs,
    locked_by: null,
    locked_until: null,
    last_error: null,
    done_at: null,
    failed: 0,
    created_at: at,
    updated_at: at,
  });
  if (id === undefined) {
    await repo.updateRecurring(database.db, key, everyMs, new Date(now.getTime() + everyMs).toISOString(), at);
  }
}

export interface JobRunnerOptions {
  handlers: Record<string, JobHandler>;
  /** default host:pid:random */
  workerId?: string;
  /** how long a claim holds a job (default 60 s) */
  leaseMs?: number;
  /** how long to wait when nothing is due (default 1 s) */
  pollMs?: number;
  /** jobs per claim (default 10) */
  batch?: number;
  /** the delay before retry `attempt` (1, 2, …) */
  backoffMs?: (attempt: number) => number;
  /** a test's clock */
  clock?: () => Date;
  /** where failures are told (the server's logger); default stderr */
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface RunReport {
  claimed: number;
  succeeded: number;
  failed: number;
  /** finished by another worker first, or leases lost */
  lost: number;
}

const KEEP_FINISHED_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** 1 s, 2 s, 4 s, … capped at an hour, ±20 % so retries of many jobs spread out. */
export function defaultBackoff(attempt: number): number {
  const base = Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function present(row: repo.JobRow): JobView {
  return {
    id: Number(row.id),
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
  };
}

function message(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/** Claims and runs the jobs of its handlers' kinds; start() loops until stop(). */
export class JobRunner {
  readonly workerId: string;
  private readonly handlers: Record<string, JobHandler>;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly clock: () => Date;
  private readonly log: (message: string, detail: Record<string, unknown>) => void;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastPrune = 0;

  constructor(
    private readonly database: Database,
    options: JobRunnerOptions,
  ) {
    this.handlers = options.handlers;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batch = options.batch ?? 10;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
    this.clock = options.clock ?? (() => new Date());
    this.log =
      options.log ?? ((text, detail) => process.stderr.write(`zhida jobs: ${text} ${JSON.stringify(detail)}\n`));
  }

  /** Claims the due jobs once and runs them one after another. */
  async runDue(): Promise<RunReport> {
    const report: RunReport = { claimed: 0, succeeded: 0, failed: 0, lost: 0 };
    const now = this.clock();
    const claimed = await repo.claimJobs(this.database.db, this.database.dialect, {
      worker: this.workerId,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      limit: this.batch,
      kinds: Object.keys(this.handlers),
    });
    report.claimed = claimed.length;
    for (const row of claimed) {
      if (this.abort.signal.aborted) {
        // leave it leased: it runs again once the lease is over, here or elsewhere
        break;
      }
      const outcome = await this.runOne(row, now);
      report[outcome] += 1;
    }
    await this.prune(now);
    return report;
  }

  private async runOne(row: repo.JobRow, claimedAt: Date): Promise<'succeeded' | 'failed' | 'lost'> {
    const job = present(row);
    const handler = this.handlers[row.kind]!;
    const recurring = row.every_ms !== null;
    let error: unknown;
    let ok = false;
    if (row.attempts > row.max_attempts && !recurring) {
      error = new Error(`gave up after ${row.max_attempts} attempts (a worker stopped while holding it)`);
    } else {
      const context: JobContext = {
        job,
        now: claimedAt,
        signal: this.abort.signal,
        extendLease: () => {
          const at = this.clock();
          return repo.extendLease(
            this.database.db,
            job.id,
            this.workerId,
            new Date(at.getTime() + this.leaseMs).toISOString(),
            at.toISOString(),
          );
        },
      };
      try {
        await handler(job.payload, context);
        ok = true;
      } catch (thrown) {
        error = thrown;
      }
    }
    const finished = this.clock();
    const at = finished.toISOString();
    let outcome: repo.JobOutcome;
    if (ok && recurring) {
      outcome = {
        doneAt: null,
        failed: false,
        runAt: new Date(finished.getTime() + row.every_ms!).toISOString(),
        resetAttempts: true,
        lastError: null,
        at,
      };
    } else if (ok) {
      outcome = { doneAt: at, failed: false, resetAttempts: false, lastError: undefined, at };
    } else if (row.attempts >= row.max_attempts) {
      outcome = recurring
        ? {
            doneAt: null,
            failed: false,
            runAt: new Date(finished.getTime() + row.every_ms!).toISOString(),
            resetAttempts: true,
            lastError: message(error),
            at,
          }
        : { doneAt: at, failed: true, resetAttempts: false, lastError: message(error), at };
    } else {
      outcome = {
        doneAt: null,
        failed: false,
        runAt: new Date(finished.getTime() + this.backoffMs(row.attempts)).toISOString(),
        resetAttempts: false,
        lastError: message(error),
        at,
      };
    }
    if (!ok) this.log('job failed', { id: job.id, kind: job.kind, attempt: row.attempts, error: message(error) });
    const kept = await repo.finishJob(this.database.db, job.id, this.workerId, outcome);
    if (!kept) return 'lost';
    return ok ? 'succeeded' : 'failed';
  }

  private async prune(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await repo.deleteFinishedJobs(this.database.db, new Date(now.getTime() - KEEP_FINISHED_MS).toISOString());
  }

  /** Runs due jobs until stop(): immediately again after a busy round, after pollMs after an idle one. */
  start(): void {
    if (this.loop !== undefined) return;
    this.loop = (async () => {
      while (!this.abort.signal.aborted) {
        let report: RunReport | undefined;
        try {
          report = await this.runDue();
        } catch (error) {
          // the database may be briefly unavailable: try again after the poll interval
          this.log('claiming jobs failed', { error: message(error) });
        }
        if (this.abort.signal.aborted) break;
        if (report === undefined || report.claimed < this.batch) await this.sleep(this.pollMs);
      }
    })();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Stops claiming, lets the job in hand finish, and resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }
}
