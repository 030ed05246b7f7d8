import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../src/core/rules/types.ts';
import { authoritativeCandidates, type GrantCandidate } from '../src/services/grants/authoritative.ts';
import type { GrantListDetail } from '../src/services/grants/lists.ts';
import { regionAward } from './helpers/policies.ts';
import { callApi, tokenFor } from './helpers/push.ts';
import { closePage, DEMO, openPage, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// A 免申即享 list through every state in a real browser, each step by the account whose step it is: an administrator
// runs the list and reviews it (an entry excluded with a reason; a confirmation sent on a stale page refused in
// words), confirms it (frozen, exported, pushed); the demo enterprise accepts on its own page; the administrator opens
// 意愿确认 with an answer-by date, starts payment (publishing is refused in words while the accepted entry is unpaid),
// records the payment, publishes and archives; the history shows every step with who took it; and the public notice,
// read signed out, names the enterprise paid and its sum.
//
// No bundled policy reaches the demo enterprise (苏州) with a sum: the pack's one 免申即享 policy, 上海's 绿色工厂
// award, goes to enterprises first named this year, and the demo population's awards end in 2025. So the test
// publishes its own 江苏 auto-grant policy first, through the API, on the qualifications the demo population has
// from authoritative sources; the demo operator's region is 上海, so the administrator works on the list.

const YEAR = new Date().getFullYear();
const DEMO_USCC = '91320509MA00087E8P';
const DEMO_NAME = '苏州凯智精密机械有限公司';
const POLICY: Policy = {
  ...regionAward('test.js-quality-sme', '320000', 100_000),
  title: '江苏省优质中小企业免申即享奖励（测试）',
  autoGrant: true,
  eligibility: { all: [{ regionWithin: ['320000'] }, { qualification: ['专精特新中小企业', '高新技术企业'] }] },
};
const ZONE = 'Asia/Shanghai';

/** A date as the app prints it (zh-CN, China's calendar day). */
function day(date: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, dateStyle: 'medium' }).format(
    new Date(`${date}T12:00:00+08:00`),
  );
}

/** China's date `days` from today, YYYY-MM-DD. */
function chinaDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Waits until the steps show `state` as the one in progress. */
async function atStep(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="grant-step"][data-step="${state}"][data-status="process"]`).waitFor();
}

/** The number a figure shows. */
async function figure(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`figure-${key}`).locator('.ant-statistic-content').textContent();
  return Number(text?.replace(/[^\d.]/g, ''));
}

/** Takes the list's next step through its confirmation; `fill` fills the form first. */
async function nextStep(
  page: Page,
  label: string | RegExp,
  fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  const button = page.getByTestId('next-step');
  expect(await button.textContent()).toMatch(label);
  await button.click();
  const dialog = page.getByRole('dialog');
  await fill?.(dialog);
  await dialog.getByRole('button', { name: label }).click();
  return dialog;
}

describe('a 免申即享 list in the web app', () => {
  let world: WebWorld;
  let admin: string;
  let candidates: GrantCandidate[];
  /** the entry excluded in review, and one that declines through the API */
  let excluded: GrantCandidate;
  let decliner: GrantCandidate;
  let listId = 0;

  beforeAll(async () => {
    world = await startWebWorld();
    admin = await tokenFor(world.database, { username: DEMO.admin.username });
    const published = await callApi(world.base, admin, 'POST', '/api/rules', { policy: POLICY });
    expect(published.status).toBe(200);
    candidates = await authoritativeCandidates(world.database, POLICY, YEAR);
    expect(candidates.map((c) => c.uscc)).toContain(DEMO_USCC);
    const others = candidates.filter((c) => c.uscc !== DEMO_USCC);
    expect(others.length).toBeGreaterThanOrEqual(2);
    [excluded, decliner] = others as [GrantCandidate, GrantCandidate];
  });
  afterAll(async () => {
    await world?.close();
  });

  it('an administrator runs a list, excludes an entry with a reason, and confirms it on a fresh page', async () => {
    const { page, errors } = await signIn(world, DEMO.admin);
    await page.getByRole('menuitem', { name: '免申即享' }).click();
    await page.waitForURL(/\/grants$/);
    await page.getByText('还没有免申即享名单。').waitFor();

    // The new run offers the published 免申即享 policies: the test's and the pack's 绿色工厂 award.
    await page.getByRole('button', { name: '运行新名单' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '政策' }).click();
    const options = page.locator('.ant-select-item-option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(
      expect.arrayContaining([POLICY.title, '首次评为国家级绿色工厂一次性奖励']),
    );
    await options.filter({ hasText: POLICY.title }).click();
    await dialog.getByRole('button', { name: /运\s*行/ }).click();
    await page.waitForURL(/\/grants\/\d+$/);
    listId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByTestId('grant-title').textContent()).toBe(POLICY.title);
    await atStep(page, 'compared');

    // Exactly the enterprises eligible on authoritative facts, the demo enterprise among them, 10万元 each.
    expect(await figure(page, 'entries')).toBe(candidates.length);
    const rows = page.getByTestId('grant-entry');
    await rows.first().waitFor();
    expect((await rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-uscc')))).sort()).toEqual(
      candidates.map((c) => c.uscc).sort(),
    );
    const demoRow = page.locator(`[data-testid="grant-entry"][data-uscc="${DEMO_USCC}"]`);
    expect(await demoRow.textContent()).toContain(DEMO_NAME);
    expect(await demoRow.textContent()).toContain('10万元');

    // Excluded with a reason: the reason is required, in words.
    const row = page.locator(`[data-testid="grant-entry"][data-uscc="${excluded.uscc}"]`);
    await row.getByRole('button', { name: /排\s*除/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /排\s*除/ }).click();
    await dialog.getByText('请填写排除原因').waitFor();
    await dialog.getByLabel('排除原因').fill('企业已迁出江苏省，核实后不再纳入');
    await dialog.getByRole('button', { name: /排\s*除/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByTestId('exclude-reason').waitFor();
    expect(await row.getByTestId('exclude-reason').textContent()).toBe('企业已迁出江苏省，核实后不再纳入');
    expect(await figure(page, 'excluded')).toBe(1);
    expect(await figure(page, 'included')).toBe(candidates.length - 1);

    // Someone else changes the list meanwhile: this page's confirmation is refused in words, then sent again.
    const entries = await callApi<{ items: { id: number; uscc: string }[] }>(
      world.base,
      admin,
      'GET',
      `/api/grants/${listId}/entries?limit=500`,
    );
    const other = entries.body.items.find((e) => e.uscc === decliner.uscc)!;
    for (const step of ['exclude', 'include']) {
      const changed = await callApi(world.base, admin, 'POST', `/api/grants/entries/${other.id}/${step}`, {
        reason: '复核',
      });
      expect(changed.status).toBe(200);
    }
    dialog = await nextStep(page, '确认名单并推送', (d) => d.getByLabel('备注（可选）').fill('经办人复核无误'));
    await dialog.getByRole('alert').filter({ hasText: '名单刚被他人更新，请刷新名单后重试。' }).waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('grant.conflict');
    await dialog.getByTestId('reload-list').click();
    await dialog.waitFor({ state: 'hidden' });
    dialog = await nextStep(page, '确认名单并推送', (d) => d.getByLabel('备注（可选）').fill('经办人复核无误'));
    await dialog.waitFor({ state: 'hidden' });
    await atStep(page, 'pushed');
    expect(await page.locator('[data-testid="grant-step"][data-status="finish"]').allTextContents()).toEqual([
      '系统比对',
    ]);

    // Frozen: no more exclusions; the workbook for the paying department holds the included entries.
    expect(await page.getByRole('button', { name: /排\s*除/ }).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grant-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const usccs = sheet
      .getColumn(1)
      .values.slice(2)
      .map((v) => String(v));
    expect(usccs.sort()).toEqual(
      candidates
        .filter((c) => c !== excluded)
        .map((c) => c.uscc)
        .sort(),
    );
    await closePage(page, errors);
  });

  it('the demo enterprise is told and accepts on its own page', async () => {
    const { page, errors } = await signIn(world, DEMO.enterprise);
    await page.getByRole('menuitem', { name: '通知' }).click();
    await page.getByTestId('notification').first().waitFor();
    expect(await page.getByTestId('notification').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(`免申即享：${POLICY.title}`)]),
    );

    await page.getByRole('menuitem', { name: '免申即享' }).click();
    await page.waitForURL(new RegExp(`/enterprises/${DEMO_USCC}/grants$`));
    const card = page.getByTestId('my-grant');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain(POLICY.title);
    expect(await card.getByTestId('grant-state').textContent()).toBe('精准推送');
    expect(await card.getByTestId('my-grant-amount').textContent()).toBe('10万元');
    expect(await card.getByTestId('response-tag').textContent()).toBe('待答复');
    await card.getByRole('button', { name: '确认领取' }).click();
    await card.locator('[data-testid="response-tag"][data-response="accepted"]').waitFor();
    // An answer may be changed until payment starts: accepted, it offers to decline.
    expect(await card.getByRole('button', { name: /放\s*弃/ }).count()).toBe(1);
    expect(await card.getByRole('button', { name: '确认领取' }).count()).toBe(0);
    await closePage(page, errors);
  });

  it('the administrator takes it through 意愿确认, payment, 公示 and archive; the history shows every step', async () => {
    const respondBy = chinaDate(14);
    const { page, errors } = await signIn(world, DEMO.admin, { width: 1280, height: 1600 });
    await page.goto(`${world.base}/grants/${listId}`);
    await atStep(page, 'pushed');

    let dialog = await nextStep(page, '开启意愿确认', (d) => d.getByLabel('答复截止日期（可选）').fill(respondBy));
    await dialog.waitFor({ state: 'hidden' });
    await atStep(page, 'confirming');
    expect(await page.getByTestId('grant-respond-by').textContent()).toBe(`答复截止：${day(respondBy)}`);

    // Another enterprise on the list declines, through the API, with its reason.
    const enterprise = await tokenFor(world.database, { username: 'grant-decliner', uscc: decliner.uscc });
    const mine = await callApi<{ id: number }[]>(
      world.base,
      enterprise,
      'GET',
      `/api/enterprises/${decliner.uscc}/grants`,
    );
    const declined = await callApi(
      world.base,
      enterprise,
      'POST',
      `/api/enterprises/${decliner.uscc}/grants/${mine.body[0]!.id}/response`,
      { answer: 'decline', reason: '已享受同类政策' },
    );
    expect(declined.status).toBe(200);

    dialog = await nextStep(page, '开始兑付');
    await dialog.waitFor({ state: 'hidden' });
    await atStep(page, 'paying');
    expect(await figure(page, 'accepted')).toBe(1);
    expect(await figure(page, 'declined')).toBe(1);
    expect(await figure(page, 'noResponse')).toBe(candidates.length - 3);
    expect(await figure(page, 'awaitingPayment')).toBe(1);

    // Publishing is refused, in words, while the accepted entry has no payment outcome.
    expect(await page.getByTestId('awaiting-payment').textContent()).toBe('还有 1 家已确认领取的企业未登记兑付结果。');
    dialog = await nextStep(page, '发布公示');
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('名单当前状态下不能进行此操作。');
    expect(await refusal.textContent()).toContain('1 accepted entries have no payment outcome yet');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The payment: a reference is required; the sum defaults to the listed one.
    await page.getByRole('tab', { name: /待兑付/ }).click();
    const row = page.locator(`[data-testid="grant-entry"][data-uscc="${DEMO_USCC}"]`);
    // Only the accepted entry awaits payment (the tab's page replaces the full list once read).
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '待兑付' }).waitFor();
    await expect.poll(() => page.getByTestId('grant-entry').count(), { timeout: 30_000 }).toBe(1);
    await row.waitFor();
    await row.getByRole('button', { name: '登记兑付' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('兑付日期').fill(chinaDate());
    await dialog.getByRole('button', { name: '登记兑付' }).click();
    await dialog.getByText('请填写支付凭证号').waitFor();
    await dialog.getByLabel('支付凭证号').fill('ZF-2026-000173');
    await dialog.getByRole('button', { name: '登记兑付' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: /已兑付/ }).click();
    await row.getByTestId('paid-detail').waitFor();
    expect(await row.getByTestId('paid-detail').textContent()).toBe(
      `${day(chinaDate())} 兑付 10万元，凭证 ZF-2026-000173`,
    );

    dialog = await nextStep(page, '发布公示');
    await dialog.waitFor({ state: 'hidden' });
    await atStep(page, 'published');
    expect(await page.getByTestId('grant-notice-link').getAttribute('href')).toBe(`/notices/${listId}`);
    dialog = await nextStep(page, /归\s*档/);
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="grant-state"][data-state="archived"]').first().waitFor();
    expect(await page.locator('[data-testid="grant-step"][data-status="finish"]').count()).toBe(5);
    expect(await page.getByText('名单已归档，流程结束。').count()).toBe(1);

    // The audit trail: every step and change, who made it, when.
    const items = page.getByTestId('history-item');
    const actions = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-action')));
    expect(actions).toEqual([
      'compare',
      'exclude',
      'exclude',
      'include',
      'confirm',
      'respond',
      'open_confirmation',
      'respond',
      'start_payment',
      'payment',
      'publish',
      'archive',
    ]);
    const actors = await page.getByTestId('history-actor').allTextContents();
    expect(actors).toEqual([
      'demo-admin',
      'demo-admin',
      'demo-admin',
      'demo-admin',
      'demo-admin',
      'demo-enterprise',
      'demo-admin',
      'grant-decliner',
      'demo-admin',
      'demo-admin',
      'demo-admin',
      'demo-admin',
    ]);
    const texts = await items.allTextContents();
    expect(texts[0]).toContain(`${candidates.length} 家企业符合条件`);
    expect(texts[1]).toContain(excluded.uscc);
    expect(texts[1]).toContain('企业已迁出江苏省，核实后不再纳入');
    expect(texts[4]).toContain(`已向 ${candidates.length - 1} 家企业推送通知`);
    expect(texts[4]).toContain('经办人复核无误');
    expect(texts[5]).toContain(`${DEMO_USCC}：确认领取`);
    expect(texts[6]).toContain(`答复截止：${day(respondBy)}`);
    expect(texts[7]).toContain('已享受同类政策');
    expect(texts[9]).toContain('已兑付 10万元');
    expect(texts[9]).toContain('ZF-2026-000173');
    expect(texts[11]).toContain('已归档');

    const detail = await callApi<GrantListDetail>(world.base, admin, 'GET', `/api/grants/${listId}`);
    expect(detail.body).toMatchObject({ state: 'archived', counts: { paid: 1, paidAmount: 100_000 } });
    // The picture without the step's passing message.
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
    await screenshot(page, 'grants-list');
    await closePage(page, errors);
  });

  it('anyone reads the notice signed out: the enterprise paid and its sum, nothing more', async () => {
    const { page, errors } = await openPage(world);
    await page.goto(`${world.base}/notices`);
    const notice = page.locator(`[data-testid="notice-row"][data-id="${listId}"]`);
    await notice.waitFor();
    expect(await notice.textContent()).toContain(POLICY.title);
    expect(await notice.textContent()).toContain('1 家企业，合计 10万元');
    await notice.getByRole('link', { name: POLICY.title }).click();
    await page.waitForURL(new RegExp(`/notices/${listId}$`));
    await page.getByTestId('notice-entry').first().waitFor();
    expect(await page.getByTestId('notice-title').textContent()).toBe(`${POLICY.title} 兑付公示`);
    const entries = await page.getByTestId('notice-entry').allTextContents();
    expect(entries).toEqual([`1${DEMO_NAME}10万元`]);
    expect(await page.getByTestId('notice-total').textContent()).toContain('10万元');
    // Names and sums only: no code, and still signed out (no sign-in page in between).
    expect(await page.locator('body').textContent()).not.toContain(DEMO_USCC);
    expect(await page.getByRole('link', { name: /登\s*录/ }).count()).toBe(1);
    await closePage(page, errors);
  });
});
