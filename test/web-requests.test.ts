import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCaller } from '../src/services/requests/access.ts';
import { requestDashboard, type RequestDashboard } from '../src/services/requests/dashboard.ts';
import { closePage, DEMO, PHONE, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// The request loop (诉求) in a real browser, each step by the account whose step it is: the enterprise files a
// request with a file (a wrong file refused in words), the coordinator assigns it with another in one bulk
// assignment (one refusal shown per id), the department starts and resolves it, the enterprise confirms and rates
// it; the timeline shows each step and the dashboard counts it. Then the inbox on a phone, and the major projects.

const DEPARTMENT = { username: 'demo-department', password: 'demo-department-2026' };
const DEVELOPMENT = '市发展改革委';
const TITLE = '新建厂房施工许可办理咨询';
const EVERYONE: RequestCaller = {
  actor: { kind: 'coordinator', accountId: 0 },
  name: 'test',
  displayName: 'test',
  scope: { kind: 'all' },
};

/** The actions on a request's timeline, oldest first. */
async function timeline(page: Page): Promise<(string | null)[]> {
  const events = page.getByTestId('timeline-event');
  await events.first().waitFor();
  return events.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-action')));
}

/** The number a dashboard card shows. */
async function stat(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`stat-${key}`).locator('.ant-statistic-content').textContent();
  return Number(text?.replace(/[^\d.]/g, ''));
}

describe('the request loop in the web app', () => {
  let world: WebWorld;
  let before: RequestDashboard;
  let id = 0;
  /** a demo request that was rejected: bulk assignment must refuse it */
  let rejected = 0;

  beforeAll(async () => {
    world = await startWebWorld();
    before = await requestDashboard(world.database, EVERYONE);
    const row = await world.database.db
      .selectFrom('request')
      .select('id')
      .where('state', '=', 'rejected')
      .executeTakeFirstOrThrow();
    rejected = Number(row.id);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('an enterprise files a request with a file; wrong files are refused in words', async () => {
    const { page, errors } = await signIn(world, DEMO.enterprise);
    await page.getByRole('menuitem', { name: '我的诉求' }).click();
    await page.waitForURL(/\/requests\/mine$/);
    await page.getByTestId('request-row').first().waitFor();
    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.waitForURL(/\/requests\/new$/);

    // The category says who answers and in how many working days.
    await page.getByRole('combobox', { name: '诉求类别' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '项目审批' }).click();
    expect(await page.getByTestId('category-info').textContent()).toContain(
      '由市发展改革委办理，交办后 5 个工作日内答复',
    );
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('诉求内容').fill('二期厂房主体结构即将完工，想了解施工许可变更需要的材料和办理时限。');

    await page.locator('input[type="file"]').setInputFiles([
      { name: '项目说明.txt', mimeType: 'text/plain', buffer: Buffer.from('二期厂房项目说明：建筑面积约2万平方米。') },
      { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\u0090\u0000') },
      { name: '图纸.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) },
    ]);
    const problems = page.getByTestId('attachment-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('setup.exe：不支持该文件类型');
    expect(await problems.textContent()).toContain('图纸.pdf：文件大小为 11.0 MB，超过 10 MB 的上限');
    expect(await page.getByTestId('chosen-file').allTextContents()).toEqual([expect.stringContaining('项目说明.txt')]);
    await screenshot(page, 'requests-new');

    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/requests\/\d+$/);
    id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByTestId('request-title').textContent()).toBe(`#${id} ${TITLE}`);
    expect(await timeline(page)).toEqual(['submit']);
    expect(await page.getByTestId('attachment').textContent()).toContain('项目说明.txt');
    expect(await page.getByTestId('state-tag').first().textContent()).toBe('已提交');
    await closePage(page, errors);
  });

  it('a coordinator assigns it with another in one bulk assignment, each with its outcome', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.getByRole('menuitem', { name: '诉求受理' }).click();
    await page.waitForURL(/\/requests\/inbox$/);
    const row = (n: number) => page.locator(`[data-testid="request-row"][data-id="${n}"]`);
    await row(id).waitFor();
    expect(await row(id).textContent()).toContain('苏州凯智精密机械有限公司');
    await row(id).locator('.ant-checkbox-input').check();
    await row(rejected).locator('.ant-checkbox-input').check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('已选 2 条');
    await screenshot(page, 'requests-inbox');

    await page.getByRole('button', { name: '批量交办（2）' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '承办部门' }).fill(DEVELOPMENT);
    await dialog.getByRole('button', { name: /交\s*办/ }).click();
    const outcomes = dialog.getByTestId('bulk-outcomes');
    await outcomes.waitFor();
    expect(await dialog.textContent()).toContain('成功 1 条，失败 1 条');
    const ok = outcomes.locator('tr').filter({ hasText: `#${id}` });
    expect(await ok.textContent()).toMatch(new RegExp(`成功.*已交办.*${DEVELOPMENT}`));
    const refused = outcomes.locator('tr').filter({ hasText: `#${rejected}` });
    expect(await refused.textContent()).toContain('当前状态下不能进行此操作。');
    await screenshot(page, 'requests-bulk-assign');
    await dialog.getByRole('button', { name: /完\s*成/ }).click();

    await row(id).getByRole('link').click();
    await page.waitForURL(new RegExp(`/requests/${id}$`));
    expect(await timeline(page)).toEqual(['submit', 'accept', 'assign']);
    expect(await page.getByTestId('timeline-event').last().textContent()).toContain(`交办至：${DEVELOPMENT}`);
    // What a coordinator may still do: reassign, escalate, comment; not what the department does.
    const actions = page.getByTestId('request-actions');
    expect(await actions.getByRole('button', { name: /改\s*派/ }).count()).toBe(1);
    expect(await actions.getByRole('button', { name: /办\s*结/ }).count()).toBe(0);
    await closePage(page, errors);
  });

  it('the department starts and resolves it from its list', async () => {
    const { page, errors } = await signIn(world, DEPARTMENT);
    await page.getByRole('menuitem', { name: '部门办理' }).click();
    await page.waitForURL(/\/requests\/department$/);
    const row = page.locator(`[data-testid="request-row"][data-id="${id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: '开始办理' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '开始办理' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByTestId('state-tag').filter({ hasText: '办理中' }).waitFor();

    await row.getByRole('button', { name: /办\s*结/ }).click();
    dialog = page.getByRole('dialog');
    // The resolution note is required: refused in words when empty.
    await dialog.getByRole('button', { name: /办\s*结/ }).click();
    await dialog.getByText('请填写办结说明').waitFor();
    await dialog.getByLabel('办结说明').fill('已与企业对接，施工许可变更材料清单已发送，承诺5个工作日内办结。');
    await dialog.getByRole('button', { name: /办\s*结/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '全部' }).click();
    await row.getByTestId('state-tag').filter({ hasText: '已办结' }).waitFor();
    await screenshot(page, 'requests-department');
    await closePage(page, errors);
  });

  it('the enterprise confirms and rates it; the timeline shows every step', async () => {
    // A taller window: the picture shows the whole timeline.
    const { page, errors } = await signIn(world, DEMO.enterprise, { width: 1280, height: 1300 });
    await page.goto(`${world.base}/requests/${id}`);
    expect(await timeline(page)).toEqual(['submit', 'accept', 'assign', 'start', 'resolve']);
    expect(await page.getByTestId('reopen-window').textContent()).toMatch(/可在 .+ 前申请重办/);
    await page.getByRole('button', { name: '确认评价' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-rate-star').nth(4).click();
    await dialog.getByLabel('评价意见').fill('响应很快，材料清单清楚。');
    await dialog.getByRole('button', { name: '确认评价' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('request-rating').waitFor();
    expect(await page.getByTestId('request-rating').getAttribute('data-rating')).toBe('5');
    expect(await timeline(page)).toEqual(['submit', 'accept', 'assign', 'start', 'resolve', 'confirm']);
    const steps = await page.getByTestId('timeline-event').allTextContents();
    expect(steps[1]).toContain('演示服务专员');
    expect(steps[3]).toContain('演示部门账号（市发展改革委）');
    expect(steps[4]).toContain('施工许可变更材料清单已发送');
    expect(steps[5]).toContain('响应很快');
    expect(await page.getByTestId('state-tag').first().textContent()).toBe('已评价');
    // Confirmed: it may still be reopened within the window, with a reason.
    expect(await page.getByTestId('request-actions').getByRole('button', { name: '申请重办' }).count()).toBe(1);
    await screenshot(page, 'requests-detail');
    await closePage(page, errors);
  });

  it('the dashboard counts it', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.getByRole('menuitem', { name: '诉求看板' }).click();
    await page.waitForURL(/\/requests\/dashboard$/);
    await page.getByTestId('stat-total').waitFor();
    expect(await stat(page, 'total')).toBe(before.totals.total + 1);
    expect(await stat(page, 'resolved')).toBe(before.totals.resolved + 1);
    expect(await page.getByTestId('stat-satisfaction').textContent()).toContain(
      `${before.totals.satisfaction.count + 1} 条评价`,
    );
    const development = page.getByTestId('department-figures').locator('tr').filter({ hasText: DEVELOPMENT });
    expect(await development.textContent()).toContain('5.0 分');
    expect(await page.getByTestId('chart').count()).toBe(3);
    await screenshot(page, 'requests-dashboard');
    await closePage(page, errors);
  });

  it('shows the inbox on a phone as cards, without a sideways scroll', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator, PHONE);
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '诉求受理' }).click();
    await page.waitForURL(/\/requests\/inbox$/);
    const card = page.locator(`[data-testid="request-row"][data-id="${id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('已评价');
    expect(await page.locator('table').count()).toBe(0);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('checkbox', { name: `选择诉求 #${id}` }).check();
    expect(await page.getByRole('button', { name: '批量交办（1）' }).isEnabled()).toBe(true);
    await screenshot(page, 'requests-inbox-phone');
    await closePage(page, errors);
  });

  it('lists the major projects with their warnings and linked requests', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.getByRole('menuitem', { name: '重大项目' }).click();
    await page.waitForURL(/\/projects$/);
    const project = page.getByTestId('project-row').first();
    await project.waitFor();
    expect(await project.textContent()).toContain('凯智精密智能制造基地（二期）');
    expect(await project.getByTestId('project-warning').textContent()).toBe('节点将到期');
    await project.getByRole('link').click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.getByTestId('milestone').first().waitFor();
    expect(await page.getByTestId('milestone').count()).toBe(3);
    expect(await page.getByTestId('request-row').first().textContent()).toContain('二期项目核准材料预审');
    await screenshot(page, 'requests-projects');
    await closePage(page, errors);
  });
  it('a coordinator enters a request taken at a visit for an enterprise, then rejects it with a reason', async () => {
    const { page, errors } = await signIn(world, DEMO.coordinator);
    await page.goto(`${world.base}/requests/inbox`);
    await page.getByRole('button', { name: '代企业登记' }).click();
    await page.waitForURL(/\/requests\/new$/);
    await page.getByRole('heading', { name: '代企业登记诉求' }).waitFor();
    const enterprise = page.getByRole('combobox', { name: '企业' });
    await enterprise.click();
    await enterprise.fill('凯智');
    await page.locator('.ant-select-item-option').filter({ hasText: '苏州凯智精密机械有限公司' }).click();
    await page.getByText('走访登记').click();
    await page.getByRole('combobox', { name: '诉求类别' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '水电气网' }).click();
    await page.getByLabel('诉求内容').fill('走访时企业反映：园区道路路灯不亮。');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/requests\/\d+$/);
    expect(await page.getByTestId('timeline-event').first().textContent()).toContain('渠道：走访登记');
    expect(await page.getByTestId('timeline-event').first().textContent()).toContain('演示服务专员');

    await page.getByTestId('request-actions').getByRole('button', { name: '不予受理' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('不予受理的理由').fill('属于市政设施管理，已请企业拨打12345热线。');
    await dialog.getByRole('button', { name: '不予受理' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('不予受理说明').waitFor();
    expect(await timeline(page)).toEqual(['submit', 'reject']);
    expect(await page.getByTestId('request-actions').count()).toBe(0);
    await closePage(page, errors);
  });
});
