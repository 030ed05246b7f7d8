import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/core/push/signature.ts';
import type { NotificationPage, PublishResult, QualifyingPage } from '../src/server/api.ts';
import { buildApp } from '../src/server/app.ts';
import { firstDemoUscc } from '../src/services/accounts/demo-accounts.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { DEFAULT_PUSH_CONFIG } from '../src/services/push/config.ts';
import type { DeliveryView, OutboxFigures } from '../src/services/push/dead-letters.ts';
import { startPushJobs, type PushJobs } from '../src/services/push/jobs.ts';
import type { SelfReportOutcome } from '../src/services/push/self-report.ts';
import type { SubscriptionView } from '../src/services/push/subscriptions.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';
import {
  callApi,
  startMailServer,
  startReceiver,
  tokenFor,
  until,
  type MailServer,
  type WebhookReceiver,
} from './helpers/push.ts';

// Push over real HTTP on both databases, seeded as `zhida serve` seeds one and running the push jobs `zhida serve`
// runs (the outbox worker with a local SMTP server, the digest job): subscriptions, self-reported facts, publishing a
// policy that reaches inboxes, e-mail and webhooks, and the outbox's dead letters for administrators.

const YEAR = new Date().getFullYear();

type ErrorBody = { error: { id: string; message: string } };
const SECRET = 'server-push-secret-012345';

describe.each(DIALECTS)('push API on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let jobs: PushJobs;
  let receiver: WebhookReceiver;
  let mail: MailServer;
  const tokens: Record<string, string> = {};
  const own = firstDemoUscc();

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 40 });
    for (const username of ['demo-admin', 'demo-operator', 'demo-coordinator', 'demo-enterprise']) {
      tokens[username] = await tokenFor(database, { username });
    }
    receiver = await startReceiver();
    mail = await startMailServer();
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    jobs = await startPushJobs(database, {
      config: {
        ...DEFAULT_PUSH_CONFIG,
        smtpUrl: mail.url,
        smtpFrom: 'Zhida <push@zhida.test>',
        backoff: { baseMs: 50, capMs: 100 },
        leaseMs: 60_000,
        batch: 200,
        pollMs: 50,
        webhookTimeoutMs: 2000,
        concurrency: 4,
      },
      digestEveryMs: 60_000,
      log: () => {},
    });
  });
  afterAll(async () => {
    await jobs.stop();
    await app.close();
    await receiver.close();
    await mail.close();
    await database.drop();
  });

  const call = <T>(who: string | null, method: string, path: string, body?: unknown) =>
    callApi<T>(base, who === null ? null : tokens[who]!, method, path, body);

  it('shows the default subscription, stores one without ever showing its secret, and audits it', async () => {
    const path = `/api/enterprises/${own}/subscription`;
    const initial = await call<SubscriptionView>('demo-enterprise', 'GET', path);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({
      uscc: own,
      stored: false,
      topics: [],
      regions: [],
      minAmount: null,
      channels: { inbox: true, email: null, webhook: null },
      frequency: 'immediate',
    });
    const put = await call<SubscriptionView>('demo-enterprise', 'PUT', path, {
      email: 'cfo@example.com',
      webhook: { url: receiver.url, secret: SECRET },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      stored: true,
      channels: { inbox: true, email: 'cfo@example.com', webhook: { url: receiver.url, secretSet: true } },
    });
    expect(put.text).not.toContain(SECRET);
    expect((await call('demo-enterprise', 'GET', path)).text).not.toContain(SECRET);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'detail'])
      .where('entity', '=', 'push_subscription')
      .execute();
    expect(audit).toEqual([
      {
        action: 'subscription.create',
        actor: 'account:demo-enterprise',
        detail: expect.stringContaining('cfo@example.com'),
      },
    ]);
    expect(audit[0]!.detail).not.toContain(SECRET);
  });

  it('refuses bad settings, naming the field, and stores nothing', async () => {
    const path = `/api/enterprises/${own}/subscription`;
    const before = (await call<SubscriptionView>('demo-enterprise', 'GET', path)).body;
    const cases: [unknown, number, string][] = [
      [{ regions: ['999999'] }, 400, 'regions[0]: 999999 is not a GB/T 2260 region code'],
      [{ webhook: { url: 'https://other.example/hook' } }, 400, 'webhook.secret: a new webhook URL needs its secret'],
      [{ email: 'no at sign' }, 400, 'email: no at sign is not an e-mail address'],
      [{ frequency: 'hourly' }, 400, 'frequency'],
    ];
    for (const [body, status, message] of cases) {
      const answer = await call<{ error: { id: string; message: string } }>('demo-enterprise', 'PUT', path, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.message).toContain(message);
    }
    expect((await call<SubscriptionView>('demo-enterprise', 'GET', path)).body).toEqual(before);
    // another enterprise's subscription and facts are refused, as every route of another enterprise
    const other = (
      await database.db.selectFrom('enterprise').select('uscc').where('uscc', '!=', own).executeTakeFirstOrThrow()
    ).uscc;
    for (const [method, route, body] of [
      ['GET', 'subscription', undefined],
      ['PUT', 'subscription', { frequency: 'weekly' }],
      ['POST', 'facts', { employees: 1 }],
    ] as const) {
      const answer = await call<ErrorBody>('demo-enterprise', method, `/api/enterprises/${other}/${route}`, body);
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain('another enterprise');
    }
  });

  it('publishes a policy to the inboxes of exactly the enterprises that qualify, and e-mails and calls the subscriber', async () => {
    const award = regionAward('push.suzhou-award', '320500', 150_000);
    const published = await call<PublishResult>('demo-admin', 'POST', '/api/rules', { policy: award });
    expect(published.status).toBe(200);
    const qualifying = await call<QualifyingPage>(
      'demo-admin',
      'GET',
      `/api/rules/${award.id}/qualifying?year=${YEAR}&limit=500`,
    );
    const usccs = qualifying.body.items.map((i) => i.uscc).sort();
    expect(usccs).toContain(own);
    expect(published.body.notified).toEqual({ eligible: usccs.length, amount_changed: 0, ineligible: 0 });
    // Inboxes: written as the publish committed, no worker needed.
    const inboxed = await database.db
      .selectFrom('notification')
      .innerJoin('enterprise', 'enterprise.id', 'notification.enterprise_id')
      .select('enterprise.uscc')
      .where('notification.policy_id', '=', award.id)
      .execute();
    expect(inboxed.map((r) => r.uscc).sort()).toEqual(usccs);
    const inbox = await call<NotificationPage>('demo-enterprise', 'GET', `/api/enterprises/${own}/notifications`);
    expect(inbox.body.items[0]).toMatchObject({
      policyId: award.id,
      kind: 'eligible',
      amount: { min: 150_000, max: 150_000 },
    });

    // The worker sends the e-mail and calls the webhook.
    await until(() => mail.mails.length >= 1 && receiver.received.length >= 1);
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]).toMatchObject({ to: ['cfo@example.com'], subject: `可享受新政策：${award.title}` });
    const [hook] = receiver.received;
    expect(verifyWebhook(SECRET, hook!.body, hook!.headers['x-zhida-signature'] as string)).toBe(true);
    expect(JSON.parse(hook!.body)).toMatchObject({
      type: 'change',
      enterprise: { uscc: own },
      change: { kind: 'eligible', policyId: award.id, amount: { min: 150_000, max: 150_000 } },
    });
    const figures = await call<OutboxFigures>('demo-admin', 'GET', '/api/push/outbox');
    expect(figures.body.counts.email.delivered).toBe(1);
    expect(figures.body.counts.webhook.delivered).toBe(1);
    expect(figures.body.counts.inbox.delivered).toBeGreaterThanOrEqual(usccs.length);
  });

  it('takes self-reported facts, never authoritative, refreshes the matches and tells the enterprise', async () => {
    const threshold = {
      ...regionAward('push.big-suzhou', '320500', 80_000),
      eligibility: { all: [{ regionWithin: ['320500'] }, { fact: 'employees', op: '>=', value: 50_000 }] },
    };
    expect((await call('demo-admin', 'POST', '/api/rules', { policy: threshold })).status).toBe(200);
    const path = `/api/enterprises/${own}/facts`;
    const reported = await call<SelfReportOutcome>('demo-enterprise', 'POST', path, {
      employees: 60_000,
      metrics: { [String(YEAR - 1)]: { revenue: 5_000_000_000 } },
      asOf: `${YEAR}-01-15`,
    });
    expect(reported.status).toBe(200);
    expect(reported.body.facts).toBe(2);
    expect(reported.body.profile.profile.employees).toBe(60_000);
    expect(reported.body.profile.provenance.employees).toEqual({
      source: 'self-reported',
      asOf: `${YEAR}-01-15`,
      authoritative: false,
    });
    expect(reported.body.notified.eligible).toBeGreaterThanOrEqual(1);
    const inbox = await call<NotificationPage>('demo-enterprise', 'GET', `/api/enterprises/${own}/notifications`);
    expect(inbox.body.items.some((n) => n.policyId === threshold.id && n.kind === 'eligible')).toBe(true);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'account:demo-enterprise')
      .where('entity_id', '=', own)
      .execute();
    expect(audit.map((a) => a.action)).toContain('enterprise.self_report');

    const bad: [unknown, string][] = [
      [{ metrics: { '2025': { turnover: 5 } } }, 'metrics.2025.turnover: not a metric Zhida knows'],
      [{ industry: 'Z9999' }, 'industry: Z9999 is not a GB/T 4754-2017 code'],
      [{ founded: '2020-02-30' }, 'founded: not a date'],
      [{}, 'nothing to report'],
      // the registry's facts cannot be self-reported: the field is dropped, and nothing is left to report
      [{ region: '310000' }, 'nothing to report'],
    ];
    for (const [body, message] of bad) {
      const answer = await call<{ error: { message: string } }>('demo-enterprise', 'POST', path, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message).toContain(message);
    }
  });

  it('lets an administrator list dead letters and requeue one, and no one else', async () => {
    receiver.respond = () => 503;
    const award = regionAward('push.suzhou-award-2', '320500', 10_000);
    expect((await call('demo-admin', 'POST', '/api/rules', { policy: award })).status).toBe(200);
    // the default 8 attempts, 25–100 ms apart, then dead
    let dead: DeliveryView[] = [];
    await until(async () => {
      dead = (await call<{ items: DeliveryView[] }>('demo-admin', 'GET', '/api/push/dead-letters?channel=webhook')).body
        .items;
      return dead.length > 0;
    });
    expect(dead[0]).toMatchObject({
      channel: 'webhook',
      state: 'dead',
      attempts: 8,
      lastError: 'the webhook answered HTTP 503',
      enterprise: { uscc: own },
    });
    for (const who of ['demo-operator', 'demo-coordinator', 'demo-enterprise']) {
      expect((await call(who, 'GET', '/api/push/dead-letters')).status).toBe(403);
      expect((await call(who, 'POST', `/api/push/dead-letters/${dead[0]!.id}/requeue`)).status).toBe(403);
    }
    receiver.respond = () => 200;
    const before = receiver.received.length;
    const requeued = await call<DeliveryView>('demo-admin', 'POST', `/api/push/dead-letters/${dead[0]!.id}/requeue`);
    expect(requeued.status).toBe(200);
    expect(requeued.body).toMatchObject({ state: 'pending', attempts: 0 });
    await until(() => receiver.received.length > before);
    await until(
      async () => (await call<{ total: number }>('demo-admin', 'GET', '/api/push/dead-letters')).body.total === 0,
    );
    const again = await call<{ error: { id: string } }>(
      'demo-admin',
      'POST',
      `/api/push/dead-letters/${dead[0]!.id}/requeue`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('delivery.not_dead');
    expect(
      (await call<{ error: { id: string } }>('demo-admin', 'POST', '/api/push/dead-letters/999999/requeue')).status,
    ).toBe(404);
  });
});
