import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/core/push/signature.ts';
import { buildDemo } from '../src/services/enterprises/demo.ts';
import { recordChanges } from '../src/services/push/changes.ts';
import { putSubscription } from '../src/services/push/subscriptions.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';
import { startReceiver, type WebhookReceiver } from './helpers/push.ts';

// A worker killed with SIGKILL while it delivers a batch loses nothing and puts nothing twice in an inbox: run again,
// it waits for the leases the dead one held to run out, then delivers what is left. Every inbox holds exactly one
// notification per change; every webhook delivery reached the receiver, a repeat (sent before the kill, not yet
// marked) carrying the same Idempotency-Key and a valid signature.

const SCRIPT = fileURLToPath(new URL('./push-kill-worker.ts', import.meta.url));
const SECRET = 'kill-test-secret-0123456';
const ENTERPRISES = 240;
const SUBSCRIBED = 90;

function runWorker(database: TestDatabase): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, ...database.env, ZHIDA_KILL_DB: database.target, ZHIDA_KILL_LEASE_MS: '1500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.resume();
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done };
}

describe.each(DIALECTS)('killing the outbox worker on %s', (dialect) => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let changeIds: number[];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await buildDemo(database, { enterprises: ENTERPRISES, seed: 5, actor: 'test' });
    receiver = await startReceiver();
    // Slow answers: the worker is mid-batch when it is killed.
    receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve(200), 25));
    const enterprises = await database.db.selectFrom('enterprise').select(['id', 'uscc']).orderBy('id').execute();
    for (const e of enterprises.slice(0, SUBSCRIBED)) {
      await putSubscription(database, e.uscc, { webhook: { url: receiver.url, secret: SECRET } }, 'test');
    }
    const policy = regionAward('t.kill', '310000', 10_000);
    expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    // The changes and their deliveries as a trigger queues them (the inline inbox delivery left to the worker).
    await database.db.transaction().execute((trx) =>
      recordChanges(
        trx,
        enterprises.map((e) => ({
          enterpriseId: e.id,
          policyId: policy.id,
          kind: 'eligible',
          amount: { min: 10_000, max: 10_000 },
          before: null,
          title: '可享受新政策：测试',
          body: '测试',
        })),
        {
          cause: 'policy',
          subject: policy.id,
          actor: 'test',
          year: 2026,
          at: new Date().toISOString(),
          maxAttempts: 8,
          policies: new Map([[policy.id, policy]]),
        },
      ),
    );
    changeIds = (await database.db.selectFrom('push_change').select('id').orderBy('id').execute()).map((r) => r.id);
  });
  afterAll(async () => {
    await receiver.close();
    await database.drop();
  });

  it('loses nothing and doubles nothing in an inbox when killed mid-batch and run again', async () => {
    expect(changeIds).toHaveLength(ENTERPRISES);
    const first = runWorker(database);
    // Kill it once a part of the webhooks has arrived: some answered and marked, some answered and not yet marked.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (receiver.received.length >= 30) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      first.done.then(() => {
        clearInterval(timer);
        reject(new Error('the worker finished before it could be killed'));
      }, reject);
    });
    await first.done;
    const afterKill = await database.db
      .selectFrom('push_outbox')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .groupBy('state')
      .execute();
    const left = afterKill.filter((r) => r.state !== 'delivered').reduce((n, r) => n + Number(r.n), 0);
    expect(left).toBeGreaterThan(0);
    // the dead worker's batch is still leased to it: those rows wait for the lease to run out
    expect(Number(afterKill.find((r) => r.state === 'delivering')?.n ?? 0)).toBeGreaterThan(0);
    const receivedAtKill = receiver.received.length;
    expect(receivedAtKill).toBeLessThan(SUBSCRIBED);

    const second = runWorker(database);
    expect(await second.done).toBe(0);

    // Every delivery is delivered.
    const states = await database.db.selectFrom('push_outbox').select('state').distinct().execute();
    expect(states).toEqual([{ state: 'delivered' }]);
    // Each inbox: exactly one notification per change.
    const notes = await database.db
      .selectFrom('notification')
      .select(['enterprise_id', 'idempotency_key'])
      .where('policy_id', '=', 't.kill')
      .execute();
    expect(notes).toHaveLength(ENTERPRISES);
    expect(new Set(notes.map((n) => n.enterprise_id)).size).toBe(ENTERPRISES);
    expect(new Set(notes.map((n) => n.idempotency_key))).toEqual(new Set(changeIds.map((id) => `inbox:${id}`)));
    // Every webhook key reached the receiver; a repeat carries the same key, the same change and a valid signature.
    const expected = await database.db
      .selectFrom('push_outbox')
      .select('key')
      .where('channel', '=', 'webhook')
      .execute();
    expect(expected).toHaveLength(SUBSCRIBED);
    const byKey = new Map<string, string[]>();
    for (const request of receiver.received) {
      const key = request.headers['idempotency-key'] as string;
      expect(verifyWebhook(SECRET, request.body, request.headers['x-zhida-signature'] as string)).toBe(true);
      const body = JSON.parse(request.body) as { id: string; change: { id: number } };
      expect(body.id).toBe(key);
      byKey.set(key, [...(byKey.get(key) ?? []), String(body.change.id)]);
    }
    expect(new Set(byKey.keys())).toEqual(new Set(expected.map((r) => r.key)));
    for (const ids of byKey.values()) expect(new Set(ids).size).toBe(1);
  });
});
