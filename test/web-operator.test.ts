import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePage, DEMO, screenshot, signIn, startWebWorld, type WebWorld } from './helpers/web.ts';

// A policy operator's day in a real browser: upload a notice, review what was found in it, write a policy from one
// of its measures in the form editor with the live preview, publish it, see who qualifies, export them, withdraw it.

const NOTICE = readFileSync(new URL('fixtures/web-notice.txt', import.meta.url));
const POLICY_ID = 'sh-digital.smart-factory';

describe('the web app for a policy operator', () => {
  let world: WebWorld;

  beforeAll(async () => {
    world = await startWebWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('uploads a document, writes a policy from a measure, previews, publishes, exports and withdraws it', async () => {
    const { page, errors } = await signIn(world, DEMO.operator);
    expect(new URL(page.url()).pathname).toBe('/rules');

    // Upload: the document's bytes, then the review of its extraction.
    await page.getByRole('menuitem', { name: '上传文件' }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'notice.txt',
      mimeType: 'text/plain',
      buffer: NOTICE,
    });
    await page.waitForURL(/\/upload\/sources\/\d+$/);
    await page.getByText('新文件').waitFor();
    const sums = await page.locator('.article-text mark.amount').allTextContents();
    expect(sums).toEqual(expect.arrayContaining(['100万元', '最高不超过50万元']));
    expect(await page.locator('.article-text mark.rate').allTextContents()).toContain('50%');
    await screenshot(page, 'upload-review');

    // The second measure (智能工厂, 100万元) becomes a draft in the form editor.
    await page
      .getByTestId('measure')
      .filter({ hasText: '智能工厂' })
      .getByRole('button', { name: /据此创建政策/ })
      .click();
    await page.waitForURL(/\/rules\/new$/);
    expect(await page.getByLabel('政策名称').inputValue()).toBe('支持智能工厂建设');
    expect(await page.getByLabel('金额', { exact: true }).inputValue()).toBe('1000000');
    await page.getByLabel('政策编号').fill(POLICY_ID);

    // A second condition, built in the form: employees at least 10.
    const eligibility = page.getByTestId('eligibility-builder');
    await eligibility.getByRole('button', { name: '添加条件' }).click();
    const added = eligibility.locator('[data-path="eligibility.all[1]"]');
    await added.getByLabel('值').fill('10');

    // The live preview settles on a valid policy with its counts.
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 20_000 }).toBe('valid');
    expect(await preview.textContent()).toMatch(/参与评估的企业\s*\d+/);
    await screenshot(page, 'rule-editor');

    // A mistake is shown by its path, and fixed.
    await page.getByLabel('政策编号').fill('Bad Id');
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 20_000 }).toBe('invalid');
    expect(await page.getByTestId('validation-error').first().textContent()).toContain('id');
    await page.getByLabel('政策编号').fill(POLICY_ID);
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 20_000 }).toBe('valid');

    await page.getByRole('button', { name: /发\s*布/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新政策已发布（第 1 版）').waitFor();
    expect(await dialog.getByTestId('notified').textContent()).toContain('新符合');
    await screenshot(page, 'published');

    // Who qualifies, and the list as XLSX.
    // The dialog opens with an animation; on a loaded machine a click during it can be lost, so the click is
    // repeated until the app has moved to the list (a client-side route: no page load to wait for).
    const qualifying = new RegExp(`/rules/${POLICY_ID.replace('.', '\\.')}/qualifying$`);
    await expect
      .poll(
        async () => {
          if (!qualifying.test(page.url())) {
            await dialog
              .getByRole('button', { name: '符合条件的企业' })
              .click({ timeout: 5_000 })
              .catch(() => undefined);
          }
          return qualifying.test(page.url());
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(true);
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await screenshot(page, 'qualifying');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 XLSX/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an XLSX is a ZIP

    // Withdraw it from the list, with a reason.
    await page.getByRole('menuitem', { name: '政策规则' }).click();
    await page.getByLabel('按编号或名称筛选').fill(POLICY_ID);
    const row = page.locator('.ant-table-row').filter({ hasText: POLICY_ID });
    await row.waitFor();
    await screenshot(page, 'rules');
    await row.getByRole('button', { name: /撤\s*回/ }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel('撤回原因（记入审计日志）').fill('测试撤回');
    await confirm.getByRole('button', { name: '确定撤回' }).click();
    await page.getByText('已撤回「支持智能工厂建设」').waitFor();
    // The row stays, marked withdrawn (an author may edit and republish it), with nothing left to withdraw.
    await row.locator('.ant-tag', { hasText: '已撤回' }).waitFor();
    expect(await row.getByRole('button', { name: /撤\s*回/ }).count()).toBe(0);
    await closePage(page, errors);
  });
});
