import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDemoUscc } from '../src/services/accounts/demo-accounts.ts';
import { createAccount } from '../src/services/accounts/accounts.ts';
import { upsertFacts } from '../src/services/enterprises/profiles.ts';
import { publishAndNotify } from '../src/services/rules/authoring.ts';
import { closePage, PHONE, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// The enterprise user's pages in a real browser: its policies with sums and reasons, a policy's source sentence in
// its article, its profile with provenance, its notifications, and a refusal for another enterprise's pages.

const YEAR = new Date().getFullYear();
const USER = { username: 'sh-enterprise', password: 'sh-enterprise-2026' };

describe('the web app for an enterprise user', () => {
  let world: WebWorld;
  let uscc: string;

  beforeAll(async () => {
    world = await startWebWorld();
    // A Shanghai enterprise of the demo population reports this year's figures (the demo has earlier years only),
    // so the bundled Shanghai policies give it sums; then a new policy reaches it and it is notified.
    const row = await world.database.db
      .selectFrom('enterprise')
      .select('uscc')
      .where('region', 'like', '31%')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    uscc = row.uscc;
    const provenance = { source: '市科委', asOf: `${YEAR}-01-31`, authoritative: true };
    await upsertFacts(
      world.database,
      uscc,
      [
        { key: 'metrics.basicResearchSpend', year: YEAR, value: 60_000_000, provenance },
        { key: 'metrics.energySavedTce', year: YEAR, value: 6000, provenance },
        { key: 'qualification:国家级绿色工厂', value: YEAR, provenance },
      ],
      'test',
    );
    await createAccount(world.database, 'test', {
      ...USER,
      role: 'enterprise_user',
      displayName: '上海企业用户',
      uscc,
    });
    const published = await publishAndNotify(
      world.database,
      {
        id: 'test.sh-research-bonus',
        version: 1,
        title: '基础研究奖励（测试）',
        regions: ['310000'],
        eligibility: {
          all: [{ regionWithin: ['310000'] }, { fact: 'metrics.basicResearchSpend', op: '>', value: 0 }],
        },
        benefit: { kind: 'fixed', amount: 100_000 },
        sources: [{ document: null, article: '测试', measure: null, text: '对开展基础研究的企业给予10万元奖励。' }],
      },
      { actor: 'test', scope: null },
      YEAR,
    );
    expect(published.ok).toBe(true);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows its policies with their sums, why, and the facts still wanted', async () => {
    const { page, errors } = await signIn(world, USER);
    expect(new URL(page.url()).pathname).toBe(`/enterprises/${uscc}/policies`);
    await expect.poll(() => page.getByTestId('account-name').textContent()).toBe('上海企业用户');
    const research = page.getByTestId('match').filter({ hasText: '基础研究投入财政补助' });
    await research.waitFor();
    expect(await research.textContent()).toContain('500万元');
    expect(await page.getByTestId('match').filter({ hasText: '节能工艺升级' }).textContent()).toContain('600–1000万元');
    expect(await page.getByText('可享金额合计').locator('..').locator('..').textContent()).toMatch(/万元/);
    // Why: the trace, each step with its sentence of the policy.
    await research.getByText('为什么？查看判断依据').click();
    const quote = research.locator('.source-quote').first();
    await quote.waitFor();
    expect(await quote.textContent()).toMatch(/基础研究/);
    expect(await research.textContent()).toContain('基础研究投入');
    await screenshot(page, 'my-policies');

    await page.getByRole('tab', { name: /待补充信息/ }).click();
    const unknown = page.getByTestId('match').filter({ hasText: '补充以下信息即可判断' }).first();
    await unknown.waitFor();
    expect(await page.getByTestId('wanted-facts').textContent()).toMatch(/可判断 \d+ 项政策/);
    await closePage(page, errors);
  });

  it("opens a policy's page with its source sentence marked in the article", async () => {
    const { page, errors } = await signIn(world, USER);
    await page.getByRole('link', { name: '基础研究投入财政补助' }).click();
    await page.waitForURL(/\/policies\/sh-mfg\.basic-research$/);
    const marked = page.locator('[data-testid="source-location"] mark.highlight');
    await marked.first().waitFor();
    const sentence = (await marked.allTextContents()).join('');
    expect(sentence).toContain('支持企业加大基础研究投入力度');
    expect(await page.getByTestId('policy-benefit').textContent()).toContain('500万元');
    expect(await page.getByTestId('policy-eligibility').textContent()).toContain('注册地位于 上海市');
    await screenshot(page, 'policy');
    await closePage(page, errors);
  });

  it('shows its profile: every fact with its source, date and whether it is authoritative', async () => {
    const { page, errors } = await signIn(world, USER);
    await page.getByRole('menuitem', { name: '我的档案' }).click();
    await page.getByText('年度指标').waitFor();
    expect(await page.locator('table').filter({ hasText: '基础研究投入' }).first().textContent()).toContain('6000万元');
    expect(await page.getByText('来源：市科委').count()).toBeGreaterThan(0);
    expect(await page.getByText('权威来源').count()).toBeGreaterThan(0);
    await screenshot(page, 'profile');
    await closePage(page, errors);
  });

  it('reports a fact on its profile page: kept as self-reported, matched again, the outcome said in words', async () => {
    const { page, errors } = await signIn(world, USER);
    await page.goto(`${world.base}/enterprises/${uscc}/profile`);
    const card = page.getByTestId('report-facts');
    await card.getByLabel('从业人员（人）').fill('321');
    await card.getByRole('button', { name: '添加一项年度数据' }).click();
    await card.getByLabel('年度', { exact: true }).fill(String(YEAR - 1));
    await card.getByLabel('指标', { exact: true }).click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^营业收入$/ })
      .click();
    await card.getByLabel(/^数值/).fill('88000000');
    await card.getByRole('button', { name: /提\s*交/ }).click();
    const outcome = page.getByTestId('report-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/已保存 2 项信息.*重新匹配结果：新符合 \d+ 项/);
    // The profile shows the reported headcount as self-reported, and the history keeps the row.
    await page.getByText('321', { exact: true }).first().waitFor();
    expect(await page.getByText('企业自报').count()).toBeGreaterThan(0);
    const stored = await world.database.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'enterprise.self_report')
      .where('entity_id', '=', uscc)
      .execute();
    expect(stored).toHaveLength(1);
    await closePage(page, errors);
  });

  it('lists its notifications with the unread count in the header, and marks one read', async () => {
    const { page, errors } = await signIn(world, USER);
    const badge = page.getByTestId('unread-badge');
    await expect.poll(async () => Number((await badge.textContent())?.replace(/\D/g, '') || 0)).toBeGreaterThan(0);
    const before = Number((await badge.textContent())!.replace(/\D/g, ''));
    await page.getByRole('menuitem', { name: '通知' }).click();
    const fresh = page.getByTestId('notification').filter({ hasText: '基础研究奖励（测试）' });
    await fresh.waitFor();
    expect(await fresh.textContent()).toContain('新符合');
    await screenshot(page, 'notifications');
    await fresh.getByRole('button', { name: '标为已读' }).click();
    await fresh.getByText('已读', { exact: true }).waitFor();
    await expect.poll(async () => Number((await badge.textContent())?.replace(/\D/g, '') || 0)).toBe(before - 1);
    await closePage(page, errors);
  });

  it("refuses another enterprise's pages in words", async () => {
    const { page, errors } = await signIn(world, USER);
    await page.goto(`${world.base}/enterprises/${firstDemoUscc()}/policies`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('您无权查看或操作此内容。');
    await closePage(page, errors);
  });

  it('opens the menu from a drawer on a phone, and keeps the language chosen', async () => {
    const { page, errors } = await signIn(world, USER, PHONE);
    expect(await page.getByRole('menuitem', { name: '我的档案' }).count()).toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const item = page.getByRole('menuitem', { name: '我的档案' });
    await item.waitFor();
    // The drawer slides in: wait until it rests at the left edge.
    await expect.poll(async () => (await page.locator('.ant-drawer-content-wrapper').boundingBox())?.x).toBe(0);
    await screenshot(page, 'phone-menu');
    await item.click();
    await page.waitForURL(/\/profile$/);
    await page.getByText('年度指标').waitFor();

    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Yearly figures').waitFor();
    await page.reload();
    await page.getByText('Yearly figures').waitFor();
    await closePage(page, errors);
  });
});
