import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSubscription } from '../src/services/push/subscriptions.ts';
import { PushWorker } from '../src/services/push/worker.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { refreshPolicyMatches } from '../src/services/rules/refresh-policy.ts';
import { regionAward } from './helpers/policies.ts';
import { startReceiver, type WebhookReceiver } from './helpers/push.ts';
import { closePage, DEMO, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// The administrator's delivery queue in the browser: a webhook that keeps failing is given up (a dead letter); the
// page shows it with its last error, the administrator queues it again, and once the receiver answers it is
// delivered, the requeue audited under the administrator's name.

const YEAR = new Date().getFullYear();
const SECRET = 'outbox-page-secret-0123';

describe('the delivery queue page', () => {
  let world: WebWorld;
  let receiver: WebhookReceiver;
  let worker: PushWorker;
  let target: { uscc: string; name: string };

  beforeAll(async () => {
    world = await startWebWorld();
    receiver = await startReceiver();
    receiver.respond = () => 500;
    target = await world.database.db
      .selectFrom('enterprise')
      .select(['uscc', 'name'])
      .where('region', 'like', '31%')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await putSubscription(world.database, target.uscc, { webhook: { url: receiver.url, secret: SECRET } }, 'test');
    // One attempt only (kept on each row as it is queued): the first failure gives the delivery up.
    process.env.ZHIDA_PUSH_MAX_ATTEMPTS = '1';
    try {
      const policy = regionAward('t.outbox-page', '310000', 50_000);
      expect(await publishPolicy(world.database, policy, 'test')).toMatchObject({ ok: true });
      expect((await refreshPolicyMatches(world.database, policy.id, YEAR, 'test')).batchId).not.toBeNull();
    } finally {
      delete process.env.ZHIDA_PUSH_MAX_ATTEMPTS;
    }
    worker = new PushWorker(world.database, { log: () => {} });
    const report = await worker.runDue();
    expect(report).toMatchObject({ dead: 1 });
  });
  afterAll(async () => {
    await receiver?.close();
    await world?.close();
  });

  it('shows a dead letter with its error, queues it again, and the next run delivers it', async () => {
    const { page, errors } = await signIn(world, DEMO.admin);
    await page.getByRole('menuitem', { name: '推送队列' }).click();
    await page.waitForURL(/\/push\/outbox$/);
    const figures = page.getByTestId('outbox-figures');
    await figures.waitFor();
    const webhookRow = figures.locator('tr').filter({ hasText: 'Webhook' });
    // pending, delivering, delivered, failed, dead
    expect((await webhookRow.locator('td').allTextContents()).slice(1)).toEqual(['0', '0', '0', '0', '1']);

    const dead = page.getByTestId('dead-letters');
    const row = dead.locator('tr').filter({ hasText: target.name });
    await row.waitFor();
    expect(await row.textContent()).toContain('the webhook answered HTTP 500');
    expect(await row.textContent()).toContain('1 / 1');
    await screenshot(page, 'outbox');

    receiver.respond = () => 200;
    await row.getByRole('button', { name: '重新排队' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '重新排队' }).click();
    await page.getByText(`已重新排队：${receiver.url}`).waitFor();
    await page.getByText('没有已放弃的投递').waitFor();

    expect(await worker.runDue()).toMatchObject({ claimed: 1, delivered: 1 });
    // The failed first attempt and the delivery after the requeue: the same call, under the same key.
    const calls = receiver.received.filter((r) => r.body.includes(target.uscc));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers['idempotency-key']).toBe(calls[0]!.headers['idempotency-key']);
    await page.reload();
    await figures.waitFor();
    expect((await webhookRow.locator('td').allTextContents()).slice(1)).toEqual(['0', '0', '1', '0', '0']);

    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['actor', 'entity'])
      .where('action', '=', 'push.requeue')
      .execute();
    expect(audit).toEqual([{ actor: 'account:demo-admin', entity: 'push_outbox' }]);
    await closePage(page, errors);
  });
});
