import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/core/push/signature.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import type { SubscriptionView } from '../src/services/push/subscriptions.ts';
import type { OutboxFigures } from '../src/services/push/dead-letters.ts';
import type { EnterpriseListItem, Page as ApiPage, QualifyingPage } from '../src/server/api.ts';
import {
  callApi,
  startMailServer,
  startReceiver,
  until,
  type Mail,
  type MailServer,
  type WebhookReceiver,
} from './helpers/push.ts';
import { closePage, DEMO, launchChromium, screenshot, signIn } from './helpers/web.ts';

// Issue 7, done when: publishing a policy in the browser puts notices in the inboxes of exactly the enterprises the
// matcher says qualify, sends the e-mails and webhooks, and survives a worker kill with nothing lost or doubled.
//
// The real `zhida serve` runs as a child process on a SQLite file (demo population, demo accounts), its outbox worker
// sending e-mail to a local SMTP server and webhooks to a local receiver. The demo enterprise subscribes on its
// settings page; other enterprises, in 苏州 and elsewhere, subscribe through the API. An administrator writes and
// publishes a policy for 苏州 enterprises of 10 or more persons in the rule editor. The receivers hold every message
// unanswered, so the worker has deliveries in flight when the process is killed with SIGKILL; started again on the
// same file, it delivers what is left. Then: one inbox notice per qualifying enterprise and none elsewhere, every
// subscribed qualifying enterprise's webhook (signed; repeats with the same Idempotency-Key) and e-mail (repeats with
// the same key), no dead letters, and the notice on the demo enterprise's page.

const BIN = fileURLToPath(new URL('../bin/zhida.js', import.meta.url));
const ENTERPRISES = 300;
const DEMO_USCC = '91320509MA00087E8P';
const POLICY_ID = 'test.suzhou-ai-award';
const TITLE = '苏州人工智能应用奖励（推送测试）';
const AMOUNT = 200_000;
const DEMO_EMAIL = 'kaizhi@example.com';
const DEMO_SECRET = 'demo-enterprise-webhook-secret';
const LEASE_MS = 2000;

const secretOf = (uscc: string) => `secret-of-${uscc}`;
const emailOf = (uscc: string) => `e-${uscc.toLowerCase()}@example.com`;

// ---- the server as a process ---------------------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
  /** what it wrote on stderr (start-up lines, push failures), for the failure messages */
  log: () => string;
}

function startServer(file: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', file, '--port', '0', '--demo-enterprises', String(ENTERPRISES)],
    {
      env: { ...process.env, ZHIDA_DATABASE_URL: '', ZHIDA_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let text = '';
  child.stderr!.setEncoding('utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Server>((resolve, reject) => {
    child.stderr!.on('data', (chunk: string) => {
      text += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(text);
      if (listening) resolve({ child, base: listening[1]!, exited, log: () => text });
    });
    void exited.then(() => reject(new Error(`zhida serve ended before it listened:\n${text}`)));
  });
}

async function kill(server: Server | undefined): Promise<void> {
  if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}

// ---- receivers that hold what arrives until released -----------------------------------------------------------

/** Resolves when `release()` is called: until then every e-mail and webhook is left unanswered. */
function gate(): { wait: Promise<void>; release: () => void; open: () => boolean } {
  let release = () => {};
  let opened = false;
  const wait = new Promise<void>((resolve) => {
    release = () => {
      opened = true;
      resolve();
    };
  });
  return { wait, release, open: () => opened };
}

// ---- the API as an administrator ---------------------------------------------------------------------------------

/** An API token of demo-admin, made through the sign-in and token routes (it outlives a restart: it is stored). */
async function adminToken(base: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO.admin),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const made = await fetch(`${base}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'web-push test' }),
  });
  expect(made.status).toBe(201);
  return ((await made.json()) as { token: string }).token;
}

/** Deliveries not yet finished: pending, being delivered, or failed and waiting to be tried again. */
function undelivered(figures: OutboxFigures): number {
  return Object.values(figures.counts).reduce((n, c) => n + c.pending + c.delivering + c.failed, 0);
}

describe('publishing a policy in the browser pushes it to exactly who qualifies, through a worker kill', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhida-web-push-'));
  const file = join(dir, 'zhida.db');
  const held = gate();
  let server: Server | undefined;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let mail: MailServer;
  let env: Record<string, string>;
  let database: Database | undefined;

  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.respond = async () => {
      await held.wait;
      return 200;
    };
    mail = await startMailServer(held.wait);
    env = {
      ZHIDA_SMTP_URL: mail.url,
      ZHIDA_PUSH_LEASE_MS: String(LEASE_MS),
      // a delivery that fails (none should) is tried again soon, not after 30 s
      ZHIDA_PUSH_BACKOFF_MS: '500',
    };
    server = await startServer(file, env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    held.release();
    await kill(server);
    await browser?.close();
    await database?.close();
    await receiver?.close();
    await mail?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('subscribes, publishes, survives SIGKILL mid-delivery and delivers each notice once to each who qualifies', async () => {
    const first = server!;
    const token = await adminToken(first.base);
    const api = <T>(method: string, path: string, body?: unknown) =>
      callApi<T>(server!.base, token, method, path, body);

    // 1. The demo enterprise sets its subscription on its settings page.
    const settings = await signIn({ base: first.base, browser }, DEMO.enterprise);
    await subscribeInBrowser(settings.page, first.base, `${receiver.url}/${DEMO_USCC}`);
    await closePage(settings.page, settings.errors);
    const stored = await api<SubscriptionView>('GET', `/api/enterprises/${DEMO_USCC}/subscription`);
    expect(stored.body).toMatchObject({
      stored: true,
      topics: ['人工智能'],
      regions: ['320000'],
      minAmount: 100_000,
      channels: { inbox: true, email: DEMO_EMAIL, webhook: { url: `${receiver.url}/${DEMO_USCC}`, secretSet: true } },
      frequency: 'immediate',
    });
    expect(stored.text).not.toContain(DEMO_SECRET);

    // 2. Other enterprises subscribe through the API: every other one in 苏州 (some will qualify, some not) and a
    //    few in 上海 (none will).
    const listed = async (region: string, limit: number) =>
      (await api<ApiPage<EnterpriseListItem>>('GET', `/api/enterprises?region=${region}&limit=${limit}`)).body.items;
    const suzhouAll = await listed('320500', 100);
    const suzhou = suzhouAll.map((e) => e.uscc).filter((uscc) => uscc !== DEMO_USCC);
    const shanghai = (await listed('310000', 5)).map((e) => e.uscc);
    expect(suzhou.length).toBeGreaterThan(10);
    expect(shanghai).toHaveLength(5);
    const subscribed = [...suzhou, ...shanghai];
    for (const uscc of subscribed) {
      const put = await api('PUT', `/api/enterprises/${uscc}/subscription`, {
        email: emailOf(uscc),
        webhook: { url: `${receiver.url}/${uscc}`, secret: secretOf(uscc) },
      });
      expect(put.status, uscc).toBe(200);
    }
    const secrets = new Map([...subscribed.map((u) => [u, secretOf(u)] as const), [DEMO_USCC, DEMO_SECRET]]);
    const emails = new Map([...subscribed.map((u) => [u, emailOf(u)] as const), [DEMO_USCC, DEMO_EMAIL]]);

    // 3. An administrator writes the policy in the rule editor and publishes it.
    const admin = await signIn({ base: first.base, browser }, DEMO.admin);
    // (Staff reach an enterprise's settings as they reach its other pages.)
    await admin.page.goto(`${first.base}/enterprises/${DEMO_USCC}/subscription`);
    await admin.page.getByRole('heading', { name: '企业订阅设置' }).waitFor();
    await admin.page.getByTestId('subscription-current').getByText(DEMO_EMAIL).waitFor();
    const notified = await publishInBrowser(admin.page, first.base);
    await closePage(admin.page, admin.errors);

    // Who the matcher says qualifies: the qualifying list (the stored matches), and the policy_match rows behind it.
    const qualifying = await api<QualifyingPage>('GET', `/api/rules/${POLICY_ID}/qualifying?limit=500`);
    expect(qualifying.status).toBe(200);
    const eligible = qualifying.body.items.map((e) => e.uscc).sort();
    expect(qualifying.body.counts.eligible).toBe(eligible.length);
    expect(notified).toBe(eligible.length);
    // a known part of the population: the 苏州 enterprises of 10 persons or more, the demo enterprise (13) among them
    const tenOrMore = suzhouAll.filter((e) => e.employees !== null && e.employees >= 10).map((e) => e.uscc);
    expect(eligible).toEqual(tenOrMore.sort());
    expect(eligible).toContain(DEMO_USCC);
    expect(eligible.length).toBeLessThan(suzhouAll.length);
    for (const e of qualifying.body.items) {
      expect(e.region.startsWith('3205'), e.uscc).toBe(true);
      expect(e.amount).toEqual({ min: AMOUNT, max: AMOUNT });
    }
    const subscribedEligible = [DEMO_USCC, ...subscribed.filter((u) => eligible.includes(u))].sort();
    const subscribedOther = subscribed.filter((u) => !eligible.includes(u));
    expect(subscribedEligible.length).toBeGreaterThan(5);
    expect(subscribedOther.length).toBeGreaterThan(5);

    // 4. While the e-mails and webhooks are in flight (the receivers hold them), the server is killed.
    await until(() => receiver.received.length + mail.mails.length >= 6, 120_000);
    await kill(server);
    const webhooksAtKill = receiver.received.length;
    const mailsAtKill = mail.mails.length;
    held.release();
    database = await openDatabase(file, { migrate: false });
    const policyChanges = database.db.selectFrom('push_change').select('id').where('policy_id', '=', POLICY_ID);
    const atKill = await database.db
      .selectFrom('push_outbox')
      .select(['channel', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('change_id', 'in', policyChanges)
      .groupBy(['channel', 'state'])
      .execute();
    const countAt = (channel: string, state: string) =>
      Number(atKill.find((r) => r.channel === channel && r.state === state)?.n ?? 0);
    // the inbox was written as the publish committed; the other channels were cut off in the middle
    expect(countAt('inbox', 'delivered')).toBe(eligible.length);
    expect(countAt('email', 'delivered') + countAt('webhook', 'delivered')).toBeLessThan(2 * subscribedEligible.length);
    expect(countAt('email', 'delivering') + countAt('webhook', 'delivering')).toBeGreaterThan(0);

    // 5. Started again on the same file, it delivers what the dead one left once its leases run out.
    server = await startServer(file, env);
    let figures: OutboxFigures | undefined;
    await until(async () => {
      figures = (await api<OutboxFigures>('GET', '/api/push/outbox')).body;
      return undelivered(figures) === 0;
    }, 120_000).catch(() => {
      throw new Error(`the outbox was not drained: ${JSON.stringify(figures)}\n${server!.log()}`);
    });
    for (const channel of ['inbox', 'email', 'webhook'] as const) expect(figures!.counts[channel].dead).toBe(0);
    const dead = await api<{ total: number }>('GET', '/api/push/dead-letters');
    expect(dead.body.total).toBe(0);

    // Every qualifying enterprise has exactly one inbox notice of the policy; no other enterprise has one.
    const notes = await database.db
      .selectFrom('notification')
      .innerJoin('enterprise', 'enterprise.id', 'notification.enterprise_id')
      .select(['enterprise.uscc', 'notification.kind', 'notification.title', 'notification.amount_min'])
      .select(['notification.amount_max', 'notification.idempotency_key'])
      .where('notification.policy_id', '=', POLICY_ID)
      .execute();
    expect(notes.map((n) => n.uscc).sort()).toEqual(eligible);
    for (const note of notes) {
      expect(note).toMatchObject({ kind: 'eligible', amount_min: AMOUNT, amount_max: AMOUNT });
      expect(note.title).toContain(TITLE);
      expect(note.idempotency_key).toMatch(/^inbox:\d+$/);
    }
    // the stored matches say the same
    const matched = await database.db
      .selectFrom('policy_match')
      .innerJoin('enterprise', 'enterprise.id', 'policy_match.enterprise_id')
      .select('enterprise.uscc')
      .where('policy_match.policy_id', '=', POLICY_ID)
      .where('policy_match.status', '=', 'eligible')
      .execute();
    expect(matched.map((m) => m.uscc).sort()).toEqual(eligible);

    // Every subscribed qualifying enterprise's webhook arrived, signed with its own secret; a repeat carries the same
    // Idempotency-Key and the same change. None went to an enterprise that does not qualify.
    const hooks = new Map<string, { key: string; changeId: number }[]>();
    for (const request of receiver.received) {
      const uscc = request.url.split('/').at(-1)!;
      const key = request.headers['idempotency-key'] as string;
      expect(verifyWebhook(secrets.get(uscc)!, request.body, request.headers['x-zhida-signature'] as string)).toBe(
        true,
      );
      const body = JSON.parse(request.body) as {
        id: string;
        type: string;
        enterprise: { uscc: string };
        change: { id: number; kind: string; policyId: string; title: string; amount: unknown };
      };
      expect(body).toMatchObject({
        id: key,
        type: 'change',
        enterprise: { uscc },
        change: { kind: 'eligible', policyId: POLICY_ID, amount: { min: AMOUNT, max: AMOUNT } },
      });
      expect(body.change.title).toContain(TITLE);
      hooks.set(uscc, [...(hooks.get(uscc) ?? []), { key, changeId: body.change.id }]);
    }
    expect([...hooks.keys()].sort()).toEqual(subscribedEligible);
    for (const [uscc, calls] of hooks) {
      expect(new Set(calls.map((c) => c.key)).size, uscc).toBe(1);
      expect(new Set(calls.map((c) => c.changeId)).size, uscc).toBe(1);
    }

    // And its e-mail: to its address, the policy in the subject, the enterprise in the text; a repeat with the key.
    const mailsTo = new Map<string, Mail[]>();
    for (const m of mail.mails) {
      expect(m.to).toHaveLength(1);
      mailsTo.set(m.to[0]!, [...(mailsTo.get(m.to[0]!) ?? []), m]);
    }
    expect([...mailsTo.keys()].sort()).toEqual(subscribedEligible.map((u) => emails.get(u)!).sort());
    for (const uscc of subscribedEligible) {
      const received = mailsTo.get(emails.get(uscc)!)!;
      expect(new Set(received.map((m) => m.headers.get('x-zhida-idempotency-key'))).size, uscc).toBe(1);
      for (const m of received) {
        expect(m.subject).toContain(TITLE);
        expect(m.text).toContain(uscc);
        expect(m.text).toContain('20万元');
        expect(m.headers.get('x-zhida-idempotency-key')).toMatch(/^email:\d+:/);
      }
    }

    // What arrived before the kill was never answered, so never marked delivered: each went out again, same key.
    const keysOf = (requests: typeof receiver.received) => requests.map((r) => r.headers['idempotency-key'] as string);
    const resent = new Set(keysOf(receiver.received.slice(webhooksAtKill)));
    for (const key of keysOf(receiver.received.slice(0, webhooksAtKill))) expect(resent, key).toContain(key);
    const mailKeys = (mails: Mail[]) => mails.map((m) => m.headers.get('x-zhida-idempotency-key')!);
    const remailed = new Set(mailKeys(mail.mails.slice(mailsAtKill)));
    for (const key of mailKeys(mail.mails.slice(0, mailsAtKill))) expect(remailed, key).toContain(key);

    // 6. The demo enterprise reads the notice on its notifications page, once.
    const reader = await signIn({ base: server.base, browser }, DEMO.enterprise);
    await reader.page.getByRole('menuitem', { name: '通知' }).click();
    const notice = reader.page.getByTestId('notification').filter({ hasText: TITLE });
    await notice.first().waitFor();
    expect(await notice.count()).toBe(1);
    const text = await notice.textContent();
    expect(text).toContain('新符合');
    expect(text).toContain('金额：20万元');
    await screenshot(reader.page, 'push-notifications');
    await closePage(reader.page, reader.errors);
  }, 600_000);
});

/** The demo enterprise's settings: a refused webhook URL shown in words, then a saved subscription. */
async function subscribeInBrowser(page: Page, base: string, webhookUrl: string): Promise<void> {
  await page.getByRole('menuitem', { name: '订阅设置' }).click();
  await page.waitForURL(`${base}/enterprises/${DEMO_USCC}/subscription`);
  const current = page.getByTestId('subscription-current');
  await current.getByText('尚未设置订阅').waitFor();
  expect(await page.getByTestId('secret-state').textContent()).toBe('未设置');

  // Topics from the list, an issuing region, a minimum in 万元, e-mail and webhook.
  await page.getByLabel('政策主题', { exact: true }).click();
  await page.keyboard.type('人工智能');
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: /^人工智能$/ })
    .click();
  await page.keyboard.press('Escape');
  await page.getByLabel('不限地区').click();
  await page.keyboard.type('江苏省');
  await page.locator('.ant-cascader-menu-item[data-path-key="320000"]').click();
  await page.keyboard.press('Escape');
  await page.getByLabel('最低金额', { exact: true }).fill('10');
  await page.getByTestId('min-amount-yuan').getByText('即 100,000 元').waitFor();
  await page.getByLabel('邮箱', { exact: true }).fill(DEMO_EMAIL);
  await page.getByLabel('Webhook 签名密钥', { exact: true }).fill(DEMO_SECRET);

  // A URL the server refuses: its words, on the field and above the button.
  await page.getByLabel('Webhook 地址', { exact: true }).fill('ftp://127.0.0.1/hook');
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByRole('alert').filter({ hasText: '订阅设置有误，请按提示修改。' }).waitFor();
  expect(await page.getByRole('alert').first().textContent()).toContain('webhook.url');
  await page.getByText('Webhook 地址须以 http:// 或 https:// 开头。').waitFor();

  await page.getByLabel('Webhook 地址', { exact: true }).fill(webhookUrl);
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByText('订阅设置已保存').waitFor();
  // The saved state, as the server answered it; the secret is not shown, only that one is set.
  await current.getByText(DEMO_EMAIL).waitFor();
  const saved = await current.textContent();
  for (const words of ['人工智能', '江苏省', '10万元', webhookUrl, '已设置', '即时推送'])
    expect(saved).toContain(words);
  expect(await page.getByTestId('secret-state').textContent()).toBe('已设置');
  expect(await page.getByLabel('Webhook 签名密钥', { exact: true }).inputValue()).toBe('');
  expect(await page.getByLabel('Webhook 签名密钥', { exact: true }).getAttribute('placeholder')).toBe(
    '留空则保留已设置的密钥',
  );
  await screenshot(page, 'push-subscription');

  // Read again from the server: the form shows what is stored.
  await page.reload();
  await page.getByTestId('subscription-current').getByText(DEMO_EMAIL).waitFor();
  expect(await page.getByLabel('邮箱', { exact: true }).inputValue()).toBe(DEMO_EMAIL);
  expect(await page.getByLabel('Webhook 地址', { exact: true }).inputValue()).toBe(webhookUrl);
  expect(await page.getByLabel('最低金额', { exact: true }).inputValue()).toBe('10.0000');
}

/** The rule editor: 苏州 enterprises of at least 10 persons get 20万元. Returns how many the dialog says were told. */
async function publishInBrowser(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/rules/new`);
  await page.getByLabel('政策编号').fill(POLICY_ID);
  await page.getByLabel('政策名称').fill(TITLE);
  const chooseSuzhou = async (picker: ReturnType<Page['getByLabel']>) => {
    await picker.click();
    await page.keyboard.type('苏州市');
    // the search's result, not the menu of a picker closed before
    await page
      .getByRole('menuitemcheckbox', { name: '江苏省 / 苏州市', exact: true })
      .filter({ visible: true })
      .click();
    await page.keyboard.press('Escape');
  };
  await chooseSuzhou(page.getByLabel('地区（可多选）').first());
  await page.getByLabel('文章标题').fill('苏州市人工智能应用奖励');
  await page.getByLabel('措施原文').fill('对从业人员10人以上的苏州企业，给予20万元人工智能应用奖励。');

  // Employees at least 10 (the form's first condition), and within 苏州.
  const eligibility = page.getByTestId('eligibility-builder');
  await eligibility.locator('[data-path="eligibility.all[0]"]').getByLabel('值').fill('10');
  await eligibility.getByRole('button', { name: '添加条件' }).click();
  const region = eligibility.locator('[data-path="eligibility.all[1]"]');
  await region.getByLabel('条件类型').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: /^地区范围$/ })
    .click();
  await chooseSuzhou(region.getByLabel('地区（可多选）'));

  // A fixed sum of 20万元.
  await page.getByLabel('规定金额').click();
  await page.getByTestId('benefit-builder').getByLabel('金额', { exact: true }).fill(String(AMOUNT));

  const preview = page.getByTestId('preview');
  await expect.poll(() => preview.getAttribute('data-state'), { timeout: 30_000 }).toBe('valid');
  await page.getByRole('button', { name: /发\s*布/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('新政策已发布（第 1 版）').waitFor();
  const counts = await dialog.getByTestId('notified').locator('.ant-statistic-content-value').allTextContents();
  return Number(counts[0]!.replace(/\D/g, ''));
}
