import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { afterFailure, retryDelayMs } from '../../core/push/backoff.ts';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../core/push/signature.ts';
import type { Database } from '../../db/database.ts';
import * as outbox from '../../db/outbox.repository.ts';
import * as repo from '../../db/push.repository.ts';
import { DEFAULT_PUSH_CONFIG, type PushConfig } from './config.ts';
import { deliverInbox } from './inbox.ts';
import { mailMessage, webhookBody, type DeliveryContent, type DigestPayload } from './messages.ts';
import { settingsOf } from './subscriptions.ts';

// The outbox worker: claims due deliveries with a lease and delivers them (push_outbox; migration 007).
//
// The protocol is the job runner's (services/jobs/runner.ts), on the outbox's own table because deliveries come by
// the hundred thousand and go out in batches (a publish reaching 100,000 enterprises is 100,000 inbox rows written
// by a handful of statements):
// - claim: one statement takes up to `batch` due rows (pending, failed and due, or delivering with a lease that ran
//   out) and marks them delivering, attempts + 1, next_attempt_at = the lease's end (outbox.repository.ts). On
//   PostgreSQL several workers claim side by side (SKIP LOCKED).
// - deliver: inbox rows together (notifications under the delivery key, unique, and the delivered mark in one
//   transaction); e-mails over SMTP (nodemailer) and webhooks over HTTP (signed JSON) `concurrency` at a time.
// - finish: delivered; or failed with next_attempt_at after an exponential backoff with jitter; or dead after
//   max_attempts (a dead letter an administrator may requeue). Finishing needs the lease: a worker that lost it
//   changes nothing.
// So a delivery happens at least once: a worker killed after a webhook answered and before the row was marked
// leaves it to be sent again, with the same Idempotency-Key header, once its lease ends. The inbox never holds two
// copies: its second insert meets the key.

export interface Mailer {
  sendMail(message: ReturnType<typeof mailMessage>): Promise<unknown>;
  close?(): void;
}

export interface PushWorkerOptions {
  config?: Partial<PushConfig>;
  workerId?: string;
  /** a test's clock */
  clock?: () => Date;
  /** the jitter's randomness (uniform in [0, 1)) */
  random?: () => number;
  /** default: nodemailer over config.smtpUrl */
  mailer?: Mailer;
  /** where failures are told; default stderr */
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface DeliveryReport {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  /** finished by another worker first (a lease that ran out) */
  lost: number;
}

/** Webhooks and e-mails marked delivered together. */
const DELIVERED_GROUP = 50;

/** A delivery that must not be tried again (the recipient is gone): dead at once. */
class Permanent extends Error {}

const workers = new Set<PushWorker>();

/** Wakes the workers of this process: a trigger that just committed deliveries needs no poll interval. */
export function wakePushWorkers(): void {
  for (const worker of workers) worker.wake();
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}

export class PushWorker {
  readonly workerId: string;
  private readonly config: PushConfig;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly log: (message: string, detail: Record<string, unknown>) => void;
  private mailer: Mailer | undefined;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private sleeping: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly database: Database,
    options: PushWorkerOptions = {},
  ) {
    this.config = { ...DEFAULT_PUSH_CONFIG, ...options.config };
    this.workerId = options.workerId ?? `push:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.mailer = options.mailer;
    this.log =
      options.log ?? ((text, detail) => process.stderr.write(`zhida push: ${text} ${JSON.stringify(detail)}\n`));
  }

  /** Claims due deliveries once and delivers them. */
  async runDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { claimed: 0, delivered: 0, failed: 0, dead: 0, lost: 0 };
    const now = this.clock();
    const claimed = await outbox.claimDeliveries(this.database.db, this.database.dialect, {
      worker: this.workerId,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.config.leaseMs).toISOString(),
      limit: this.config.batch,
    });
    report.claimed = claimed.length;
    if (claimed.length === 0) return report;
    const keeper = setInterval(() => void this.extendLeases(), Math.max(1000, this.config.leaseMs / 3));
    try {
      // A row claimed more often than it may be tried: its workers kept dying while holding it.
      const exhausted = claimed.filter((row) => row.attempts > row.max_attempts);
      if (exhausted.length > 0) {
        const held = await this.finish(exhausted, {
          state: 'dead',
          nextAttemptAt: null,
          lastError: `gave up after ${exhausted[0]!.max_attempts} attempts (a worker stopped while holding it)`,
          at: this.clock().toISOString(),
        });
        report.dead += held;
        report.lost += exhausted.length - held;
      }
      const live = claimed.filter((row) => row.attempts <= row.max_attempts);
      const inbox = live.filter((row) => row.channel === 'inbox').map((row) => row.id);
      if (inbox.length > 0) {
        const held = await deliverInbox(this.database.db, inbox, this.workerId, this.clock().toISOString());
        report.delivered += held;
        report.lost += inbox.length - held;
      }
      const external = live.filter((row) => row.channel !== 'inbox');
      if (external.length > 0) await this.deliverExternal(external, report);
    } finally {
      clearInterval(keeper);
    }
    return report;
  }

  private async extendLeases(): Promise<void> {
    const now = this.clock();
    try {
      await outbox.extendLeases(
        this.database.db,
        this.workerId,
        new Date(now.getTime() + this.config.leaseMs).toISOString(),
        now.toISOString(),
      );
    } catch (error) {
      this.log('extending leases failed', { error: message(error) });
    }
  }

  private finish(rows: readonly outbox.DeliveryRow[], outcome: outbox.DeliveryOutcome): Promise<number> {
    return outbox.finishDeliveries(
      this.database.db,
      rows.map((r) => r.id),
      this.workerId,
      outcome,
    );
  }

  /** What e-mail and webhook deliveries need: their changes, enterprises and subscriptions, read once a batch. */
  private async contents(rows: readonly outbox.DeliveryRow[]): Promise<Map<number, DeliveryContent | Error>> {
    const db = this.database.db;
    const digests = new Map<number, DigestPayload>();
    const changeIds: number[] = [];
    for (const row of rows) {
      if (row.change_id !== null) changeIds.push(row.change_id);
      else if (row.payload !== null) {
        const payload = JSON.parse(row.payload) as DigestPayload;
        digests.set(row.id, payload);
        changeIds.push(...payload.changes);
      }
    }
    const changes = new Map((await repo.changesByIds(db, changeIds)).map((c) => [c.id, c]));
    const names = await repo.enterpriseNames(
      db,
      rows.map((r) => r.enterprise_id),
    );
    const out = new Map<number, DeliveryContent | Error>();
    for (const row of rows) {
      const enterprise = names.get(row.enterprise_id) ?? { uscc: '', name: '' };
      const digest = digests.get(row.id);
      if (digest !== undefined) {
        const list = digest.changes.map((id) => changes.get(id)).filter((c) => c !== undefined);
        out.set(row.id, { delivery: row, enterprise, digest: { from: digest.from, to: digest.to, changes: list } });
        continue;
      }
      const change = row.change_id === null ? undefined : changes.get(row.change_id);
      out.set(
        row.id,
        change === undefined
          ? new Permanent(`delivery ${row.id} names no change`)
          : { delivery: row, enterprise, change },
      );
    }
    return out;
  }

  private async deliverExternal(rows: readonly outbox.DeliveryRow[], report: DeliveryReport): Promise<void> {
    const contents = await this.contents(rows);
    const webhookSubscriptions = new Map(
      (
        await repo.subscriptionsOf(
          this.database.db,
          rows.filter((r) => r.channel === 'webhook').map((r) => r.enterprise_id),
        )
      ).map((s) => [s.enterprise_id, settingsOf(s)]),
    );
    // Successes are marked together, DELIVERED_GROUP at a time (one statement, not one per call); a crash before
    // the mark sends them again, with the same key, which at-least-once allows.
    const delivered: outbox.DeliveryRow[] = [];
    let marking = Promise.resolve();
    const mark = (all: boolean): Promise<void> => {
      if (delivered.length === 0 || (!all && delivered.length < DELIVERED_GROUP)) return marking;
      const group = delivered.splice(0, delivered.length);
      marking = marking.then(async () => {
        const held = await this.finish(group, {
          state: 'delivered',
          nextAttemptAt: null,
          lastError: null,
          at: this.clock().toISOString(),
        });
        report.delivered += held;
        report.lost += group.length - held;
      });
      return marking;
    };
    let next = 0;
    const run = async (): Promise<void> => {
      while (next < rows.length && !this.abort.signal.aborted) {
        const row = rows[next++]!;
        const content = contents.get(row.id)!;
        let error: unknown;
        try {
          if (content instanceof Error) throw content;
          if (row.channel === 'email') await this.sendMail(content);
          else {
            const webhook = webhookSubscriptions.get(row.enterprise_id)?.webhook;
            if (!webhook || webhook.url !== row.recipient) {
              throw new Permanent('the enterprise removed or changed its webhook since this delivery was queued');
            }
            await this.callWebhook(content, webhook.secret);
          }
        } catch (thrown) {
          error = thrown;
        }
        if (error === undefined) {
          delivered.push(row);
          await mark(false);
        } else await this.settle(row, error, report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.concurrency, rows.length) }, run));
    await mark(true);
  }

  /** A failed delivery: tried again after the backoff, or dead after its last attempt (or a permanent error). */
  private async settle(row: outbox.DeliveryRow, error: unknown, report: DeliveryReport): Promise<void> {
    // Stopping aborts the calls in flight: their rows stay leased and go out again once the lease ends.
    if (this.abort.signal.aborted) return;
    const now = this.clock();
    const state = error instanceof Permanent ? 'dead' : afterFailure(row.attempts, row.max_attempts);
    const delay = retryDelayMs(row.attempts, this.config.backoff, this.random);
    const outcome: outbox.DeliveryOutcome = {
      state,
      nextAttemptAt: state === 'failed' ? new Date(now.getTime() + delay).toISOString() : null,
      lastError: message(error),
      at: now.toISOString(),
    };
    this.log(`${row.channel} delivery ${state === 'dead' ? 'dead' : 'failed'}`, {
      id: row.id,
      key: row.key,
      attempt: row.attempts,
      error: outcome.lastError,
    });
    const held = await this.finish([row], outcome);
    if (held === 0) report.lost++;
    else report[outcome.state]++;
  }

  private async sendMail(content: DeliveryContent): Promise<void> {
    if (this.mailer === undefined) {
      if (this.config.smtpUrl === null) throw new Error('no SMTP server is configured (set ZHIDA_SMTP_URL)');
      const { default: nodemailer } = await import('nodemailer');
      this.mailer = nodemailer.createTransport(this.config.smtpUrl) as unknown as Mailer;
    }
    await this.mailer.sendMail(mailMessage(content, this.config.smtpFrom));
  }

  private async callWebhook(content: DeliveryContent, secret: string): Promise<void> {
    const timestamp = this.clock().toISOString();
    const body = webhookBody(content, timestamp);
    const response = await fetch(content.delivery.recipient, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zhida-Push/1',
        [SIGNATURE_HEADER]: signWebhook(secret, body),
        [TIMESTAMP_HEADER]: timestamp,
        [IDEMPOTENCY_HEADER]: content.delivery.key,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(this.config.webhookTimeoutMs), this.abort.signal]),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`the webhook answered HTTP ${response.status}`);
    }
  }

  /** Delivers until stop(): again at once after a full batch, after pollMs (or a wake) after a smaller one. */
  start(): void {
    if (this.loop !== undefined) return;
    workers.add(this);
    this.loop = (async () => {
      while (!this.abort.signal.aborted) {
        let report: DeliveryReport | undefined;
        try {
          report = await this.runDue();
        } catch (error) {
          // the database may be briefly unavailable: try again after the poll interval
          this.log('claiming deliveries failed', { error: message(error) });
        }
        if (this.abort.signal.aborted) break;
        if (report === undefined || report.claimed < this.config.batch) await this.sleep(this.config.pollMs);
      }
    })();
  }

  /** Ends the current wait (something was queued). */
  wake(): void {
    this.woken = true;
    this.sleeping?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleeping = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleeping = done;
    });
  }

  /** Stops claiming, lets the deliveries in hand finish (webhooks are aborted), and closes the mail transport. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.sleeping?.();
    await this.loop;
    workers.delete(this);
    this.mailer?.close?.();
  }
}
