import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/core/push/signature.ts';
import type { Policy } from '../src/core/rules/types.ts';
import { buildDemo } from '../src/services/enterprises/demo.ts';
import { recordChanges } from '../src/services/push/changes.ts';
import { listDeadLetters, outboxFigures, requeueDeadLetter } from '../src/services/push/dead-letters.ts';
import { runDigests } from '../src/services/push/digests.ts';
import { putSubscription } from '../src/services/push/subscriptions.ts';
import { PushWorker } from '../src/services/push/worker.ts';
import { refreshMatches } from '../src/services/rules/bulk.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { refreshPolicyMatches } from '../src/services/rules/refresh-policy.ts';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';
import { startMailServer, startReceiver, type MailServer, type WebhookReceiver } from './helpers/push.ts';

// The outbox on both databases: webhook retries with backoff, dead letters and requeueing, signatures a receiver
// can verify, e-mail through a real local SMTP server, the subscription filters and digests, and deliveries that
// never put a second copy in an inbox however often they run.

const YEAR = 2026;
const SECRET = 'test-secret-0123456789';

/** A clock the test moves; it starts ahead of the real one (rows are due from when they were written). */
function testClock() {
  let now = Date.now() + 1000;
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe.each(DIALECTS)('the push outbox on %s', (dialect) => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let mail: MailServer;
  /** 上海 enterprises of the demo population, by role in the tests */
  let shanghai: { id: number; uscc: string }[];
  let policyCounter = 0;
  const quiet = () => {};

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await buildDemo(database, { enterprises: 120, seed: 11, actor: 'test' });
    await refreshMatches(database, YEAR, { actor: 'test' });
    shanghai = await database.db
      .selectFrom('enterprise')
      .select(['id', 'uscc'])
      .where('region', 'like', '31%')
      .orderBy('id')
      .execute();
    expect(shanghai.length).toBeGreaterThanOrEqual(8);
    receiver = await startReceiver();
    mail = await startMailServer();
  });
  afterAll(async () => {
    await receiver.close();
    await mail.close();
    await database.drop();
  });

  /** Publishes a new 上海 award of `amount` (every 上海 enterprise is newly eligible); returns its push batch. */
  async function publishAward(amount: number, title?: string): Promise<number> {
    const base = regionAward(`t.award-${++policyCounter}`, '310000', amount);
    const policy: Policy = title === undefined ? base : { ...base, title };
    expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    const outcome = await refreshPolicyMatches(database, policy.id, YEAR, 'test');
    expect(outcome.batchId).not.toBeNull();
    return outcome.batchId!;
  }

  async function deliveriesOf(batchId: number, channel: 'inbox' | 'email' | 'webhook') {
    return database.db
      .selectFrom('push_outbox as o')
      .innerJoin('push_change as c', 'c.id', 'o.change_id')
      .select(['o.id', 'o.key', 'o.state', 'o.attempts', 'o.next_attempt_at', 'o.last_error', 'c.enterprise_id'])
      .where('c.batch_id', '=', batchId)
      .where('o.channel', '=', channel)
      .execute();
  }

  it('retries a failing webhook with backoff, gives up after the last attempt, and delivers once requeued', async () => {
    const target = shanghai[0]!;
    await putSubscription(database, target.uscc, { webhook: { url: receiver.url, secret: SECRET } }, 'test');
    // N attempts is set where deliveries are queued (ZHIDA_PUSH_MAX_ATTEMPTS, default 8) and kept on each row.
    process.env.ZHIDA_PUSH_MAX_ATTEMPTS = '3';
    const batch = await publishAward(100_000).finally(() => delete process.env.ZHIDA_PUSH_MAX_ATTEMPTS);
    const [delivery] = await deliveriesOf(batch, 'webhook');
    expect(delivery).toMatchObject({ state: 'pending', attempts: 0, enterprise_id: target.id });

    const time = testClock();
    const worker = new PushWorker(database, {
      config: { backoff: { baseMs: 1000, capMs: 10_000 } },
      clock: time.clock,
      random: () => 0,
      log: quiet,
    });
    receiver.received.length = 0;
    receiver.respond = () => 500;
    const state = async () =>
      database.db.selectFrom('push_outbox').selectAll().where('id', '=', delivery!.id).executeTakeFirstOrThrow();

    expect(await worker.runDue()).toMatchObject({ claimed: 1, failed: 1 });
    let row = await state();
    expect(row).toMatchObject({
      state: 'failed',
      attempts: 1,
      last_error: 'the webhook answered HTTP 500',
      locked_by: null,
    });
    // attempt 1's step is 1 s: with no jitter it waits half of it
    expect(Date.parse(row.next_attempt_at!) - time.clock().getTime()).toBeGreaterThanOrEqual(499);
    expect(Date.parse(row.next_attempt_at!) - time.clock().getTime()).toBeLessThanOrEqual(600);
    time.advance(400);
    expect(await worker.runDue()).toMatchObject({ claimed: 0 });
    time.advance(200);
    expect(await worker.runDue()).toMatchObject({ claimed: 1, failed: 1 });
    row = await state();
    expect(row).toMatchObject({ state: 'failed', attempts: 2 });
    expect(Date.parse(row.next_attempt_at!) - time.clock().getTime()).toBeGreaterThanOrEqual(999);
    time.advance(1100);
    expect(await worker.runDue()).toMatchObject({ claimed: 1, dead: 1 });
    row = await state();
    expect(row).toMatchObject({ state: 'dead', attempts: 3, next_attempt_at: null });
    time.advance(60_000);
    expect(await worker.runDue()).toMatchObject({ claimed: 0 });

    const dead = await listDeadLetters(database, { limit: 10, offset: 0 });
    expect(dead.items.map((d) => d.id)).toContain(delivery!.id);
    expect(dead.items.find((d) => d.id === delivery!.id)).toMatchObject({
      channel: 'webhook',
      enterprise: { uscc: target.uscc },
      attempts: 3,
      lastError: 'the webhook answered HTTP 500',
    });
    await expect(requeueDeadLetter(database, 999_999, 'account:admin')).rejects.toMatchObject({
      id: 'delivery.not_found',
    });
    const requeued = await requeueDeadLetter(database, delivery!.id, 'account:admin');
    expect(requeued).toMatchObject({ state: 'pending', attempts: 0 });
    await expect(requeueDeadLetter(database, delivery!.id, 'account:admin')).rejects.toMatchObject({
      id: 'delivery.not_dead',
    });
    receiver.respond = () => 204;
    expect(await worker.runDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await state()).toMatchObject({ state: 'delivered', last_error: null, next_attempt_at: null });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity', '=', 'push_outbox')
      .execute();
    expect(audit).toEqual([{ action: 'push.requeue', actor: 'account:admin' }]);

    // Four attempts, each signed, each with the delivery's key: a receiver can drop the repeats.
    expect(receiver.received).toHaveLength(4);
    for (const request of receiver.received) {
      expect(request.headers['idempotency-key']).toBe(delivery!.key);
      expect(verifyWebhook(SECRET, request.body, request.headers['x-zhida-signature'] as string)).toBe(true);
      expect(
        verifyWebhook('another-secret-0123456', request.body, request.headers['x-zhida-signature'] as string),
      ).toBe(false);
      const body = JSON.parse(request.body) as {
        id: string;
        type: string;
        timestamp: string;
        enterprise: { uscc: string };
        change: { kind: string; amount: unknown };
      };
      expect(body).toMatchObject({
        id: delivery!.key,
        type: 'change',
        enterprise: { uscc: target.uscc },
        change: { kind: 'eligible', amount: { min: 100_000, max: 100_000 } },
      });
      expect(request.headers['x-zhida-timestamp']).toBe(body.timestamp);
      // a body changed on the way no longer matches its signature
      const tampered = request.body.replace('100000', '900000');
      expect(verifyWebhook(SECRET, tampered, request.headers['x-zhida-signature'] as string)).toBe(false);
    }
    await putSubscription(database, target.uscc, { webhook: null }, 'test');
  });

  it('sends e-mail through an SMTP server, and fails without one', async () => {
    const target = shanghai[1]!;
    await putSubscription(database, target.uscc, { email: 'finance@example.com' }, 'test');
    const unconfigured = new PushWorker(database, { config: { backoff: { baseMs: 1000 } }, log: quiet });
    const batch = await publishAward(120_000, '高新技术企业研发奖励（测试）');
    const [email] = await deliveriesOf(batch, 'email');
    expect(email).toMatchObject({ state: 'pending', enterprise_id: target.id });
    expect(email!.key).toMatch(/^email:\d+:finance@example.com$/);
    await unconfigured.runDue();
    expect((await deliveriesOf(batch, 'email'))[0]).toMatchObject({
      state: 'failed',
      last_error: 'no SMTP server is configured (set ZHIDA_SMTP_URL)',
    });
    await database.db
      .updateTable('push_outbox')
      .set({ next_attempt_at: new Date(0).toISOString() })
      .where('id', '=', email!.id)
      .execute();

    const worker = new PushWorker(database, {
      config: { smtpUrl: mail.url, smtpFrom: 'Zhida <push@zhida.test>' },
      log: quiet,
    });
    expect(await worker.runDue()).toMatchObject({ delivered: 1 });
    await worker.stop();
    expect(mail.mails).toHaveLength(1);
    const [message] = mail.mails;
    expect(message!.to).toEqual(['finance@example.com']);
    expect(message!.from).toBe('push@zhida.test');
    expect(message!.subject).toBe('可享受新政策：高新技术企业研发奖励（测试）');
    expect(message!.text).toContain('预计可获 12万元');
    expect(message!.text).toContain(target.uscc);
    expect(message!.headers.get('x-zhida-idempotency-key')).toBe(email!.key);
    expect((await deliveriesOf(batch, 'email'))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    await putSubscription(database, target.uscc, { email: null }, 'test');
  });

  it('filters by minimum amount, region and topic, and gathers daily digests', async () => {
    const [, , byAmount, byRegion, byTopic, daily, plain] = shanghai;
    await putSubscription(database, byAmount!.uscc, { minAmount: 150_000, email: 'amount@example.com' }, 'test');
    await putSubscription(database, byRegion!.uscc, { regions: ['440000'], email: 'region@example.com' }, 'test');
    await putSubscription(database, byTopic!.uscc, { topics: ['绿色工厂'], email: 'topic@example.com' }, 'test');
    const subscribedAt = new Date(Date.now() - 2 * 86_400_000);
    await putSubscription(
      database,
      daily!.uscc,
      { frequency: 'daily', email: 'daily@example.com' },
      'test',
      subscribedAt,
    );

    const small = await publishAward(100_000);
    const large = await publishAward(200_000, '国家级绿色工厂奖励（测试）');
    const inboxOf = async (batch: number) => new Set((await deliveriesOf(batch, 'inbox')).map((d) => d.enterprise_id));
    const emailOf = async (batch: number) => new Set((await deliveriesOf(batch, 'email')).map((d) => d.enterprise_id));

    // 100,000 元, no topic: only those without filters (the daily one by inbox only) hear of it.
    expect(await inboxOf(small)).toEqual(
      new Set(shanghai.filter((e) => ![byAmount, byRegion, byTopic].includes(e)).map((e) => e.id)),
    );
    expect(await emailOf(small)).toEqual(new Set());
    // 200,000 元 and 绿色工厂: the minimum and the topic pass; a 上海 policy is not issued within 广东.
    const largeInbox = await inboxOf(large);
    for (const e of [byAmount, byTopic, daily, plain]) expect(largeInbox.has(e!.id)).toBe(true);
    expect(largeInbox.has(byRegion!.id)).toBe(false);
    expect(await emailOf(large)).toEqual(new Set([byAmount!.id, byTopic!.id]));
    expect(await countRows(database.db, 'notification')).toBeGreaterThan(0);

    // The digest job: nothing while today runs; tomorrow, the daily subscriber's changes since it subscribed in one
    // e-mail; a second run adds nothing.
    expect(await runDigests(database, new Date(), { maxAttempts: 8 })).toMatchObject({ deliveries: 0 });
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await runDigests(database, tomorrow, { maxAttempts: 8 })).toMatchObject({ digests: 1, deliveries: 1 });
    expect(await runDigests(database, tomorrow, { maxAttempts: 8 })).toMatchObject({ deliveries: 0 });
    const digest = await database.db
      .selectFrom('push_outbox')
      .selectAll()
      .where('enterprise_id', '=', daily!.id)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(digest.change_id).toBeNull();
    expect(digest.key).toMatch(new RegExp(`^digest:email:\\d+:`));
    const payload = JSON.parse(digest.payload!) as { changes: number[] };
    // every change since it subscribed: the awards of the tests before too
    const changes = await database.db
      .selectFrom('push_change')
      .select(['id', 'batch_id'])
      .where('enterprise_id', '=', daily!.id)
      .execute();
    expect(changes.map((c) => c.batch_id)).toEqual(expect.arrayContaining([small, large]));
    expect(payload.changes.sort()).toEqual(changes.map((c) => c.id).sort());

    mail.mails.length = 0;
    const worker = new PushWorker(database, {
      config: { smtpUrl: mail.url },
      clock: () => new Date(tomorrow.getTime() + 1000),
      log: quiet,
    });
    while ((await worker.runDue()).claimed > 0);
    await worker.stop();
    const digestMail = mail.mails.find((m) => m.to[0] === 'daily@example.com')!;
    expect(digestMail.subject).toMatch(new RegExp(`^政策推送摘要（.+）：${changes.length} 项变化$`));
    expect(digestMail.text).toContain(`【新符合的政策】（${changes.length}）`);
    expect(digestMail.text).toContain('国家级绿色工厂奖励（测试）');
    expect(mail.mails.map((m) => m.to[0]).sort()).toEqual([
      'amount@example.com',
      'daily@example.com',
      'topic@example.com',
    ]);
  });

  it('never puts a second copy in an inbox, and lets two workers share the queue', async () => {
    // Deliveries queued without the inline delivery, as a trigger in a process that died before it.
    const policy = regionAward('t.queued', '310000', 10_000);
    expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    const enterprises = await database.db.selectFrom('enterprise').select('id').orderBy('id').execute();
    const at = new Date().toISOString();
    const batch = await database.db.transaction().execute((trx) =>
      recordChanges(
        trx,
        enterprises.map((e) => ({
          enterpriseId: e.id,
          policyId: policy.id,
          kind: 'eligible',
          amount: { min: 10_000, max: 10_000 },
          before: null,
          title: '测试',
          body: '测试',
        })),
        {
          cause: 'policy',
          subject: policy.id,
          actor: 'test',
          year: YEAR,
          at,
          maxAttempts: 8,
          policies: new Map([[policy.id, policy]]),
        },
      ),
    );
    const inbox = await deliveriesOf(batch.batchId!, 'inbox');
    expect(inbox.length).toBe(enterprises.length - 3); // the three whose filters it fails are left out
    const a = new PushWorker(database, { config: { batch: 25 }, log: quiet, workerId: 'worker-a' });
    const b = new PushWorker(database, { config: { batch: 25 }, log: quiet, workerId: 'worker-b' });
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ra.claimed + rb.claimed).toBeGreaterThan(0);
    expect(ra.lost + rb.lost).toBe(0);
    while ((await Promise.all([a.runDue(), b.runDue()])).some((r) => r.claimed > 0));
    const keys = inbox.map((d) => d.key);
    const notes = async () =>
      database.db.selectFrom('notification').select('idempotency_key').where('idempotency_key', 'in', keys).execute();
    expect((await notes()).length).toBe(keys.length);

    // The same deliveries again (a lease that ran out while the notifications were already written): no copy.
    await database.db
      .updateTable('push_outbox')
      .set({ state: 'pending', next_attempt_at: new Date(0).toISOString() })
      .where('key', 'in', keys)
      .execute();
    while ((await a.runDue()).claimed > 0);
    expect((await notes()).length).toBe(keys.length);
    const figures = await outboxFigures(database);
    expect(figures.counts.inbox.pending + figures.counts.inbox.delivering + figures.counts.inbox.failed).toBe(0);
  });
});
