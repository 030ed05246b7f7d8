import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePage, DEMO, openPage, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// What every signed-in account reads, in a real browser: the policy library with its filters and an article with
// what was found in it, the dashboard's charts; and the administrator's audit log. Signing in, wrong and right.

describe('the web app for everyone signed in', () => {
  let world: WebWorld;

  beforeAll(async () => {
    world = await startWebWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('refuses a wrong password in words, then signs in', async () => {
    const { page, errors } = await openPage(world);
    await page.goto(`${world.base}/dashboard`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').fill(DEMO.coordinator.username);
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    expect(await page.getByRole('alert').textContent()).toContain('用户名或密码错误。');
    await screenshot(page, 'login');
    await page.getByLabel('密码').fill(DEMO.coordinator.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // Back where the visit began.
    await page.waitForURL(/\/dashboard$/);
    await closePage(page, errors);
  });

  it('searches the library with a filter and opens an article with its sums marked', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.getByRole('menuitem', { name: '政策库' }).click();
    await page.getByLabel('搜索', { exact: true }).first().fill('人工智能');
    await page.keyboard.press('Enter');
    // The results of this search, not of the page's first (blank) one.
    const results = (...params: string[]) =>
      page
        .locator(params.map((p) => `[data-testid="search-results"][data-for*="${p}"]`).join(''))
        .getByTestId('search-result');
    await results('q=').first().waitFor();
    const all = await results('q=').count();
    expect(await page.locator('.snippet mark').first().textContent()).toMatch(/人工智能|智能/);

    // Filters: the region from the region picker (searched by name), and only articles that name a sum.
    await page.getByLabel('地区', { exact: true }).click();
    await page.keyboard.type('江苏省');
    await page.locator('.ant-cascader-menu-item[data-path-key="320000"]').click();
    await results('region=320000').first().waitFor();
    await page.getByLabel('是否含金额').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^含金额$/ })
      .click();
    await results('region=320000', 'hasAmount=true').first().waitFor();
    const jiangsu = await results('region=320000', 'hasAmount=true').allTextContents();
    expect(jiangsu.length).toBeGreaterThan(0);
    expect(jiangsu.length).toBeLessThanOrEqual(all);
    for (const text of jiangsu) expect(text).toContain('江苏');
    await screenshot(page, 'library');

    await page.getByTestId('search-result').first().getByRole('link').click();
    await page.waitForURL(/\/library\/articles\/\d+$/);
    await page.locator('.article-text .measure').first().waitFor();
    expect(await page.getByText('识别结果').count()).toBe(1);
    await screenshot(page, 'article');
    await closePage(page, errors);
  });

  it('draws the dashboard charts', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.getByRole('menuitem', { name: '数据看板' }).click();
    const charts = page.getByTestId('chart');
    await charts.first().waitFor();
    await expect.poll(() => page.locator('[data-testid="chart"] canvas').count()).toBe(5);
    await screenshot(page, 'dashboard');
    await closePage(page, errors);
  });

  it('reads the audit log as an administrator, filtered; another role is told it may not', async () => {
    const admin = await signIn(world, DEMO.admin);
    await admin.page.getByRole('menuitem', { name: '审计日志' }).click();
    await admin.page.locator('.ant-table-row').first().waitFor();
    await admin.page.getByLabel('操作人').fill('account:demo-coordinator');
    await admin.page.keyboard.press('Enter');
    await expect
      .poll(async () => new Set(await admin.page.locator('.ant-table-row td:nth-child(3)').allTextContents()))
      .toEqual(new Set(['account:demo-coordinator']));
    expect(await admin.page.locator('.ant-table-row').first().textContent()).toContain('login');
    await screenshot(admin.page, 'audit');
    await closePage(admin.page, admin.errors);

    const coordinator = await signIn(world, DEMO.coordinator);
    expect(await coordinator.page.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    await coordinator.page.goto(`${world.base}/audit`);
    await coordinator.page.getByText('您无权查看或操作此内容。').waitFor();
    await closePage(coordinator.page, coordinator.errors);
  });
});
