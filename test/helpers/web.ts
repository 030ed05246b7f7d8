import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { seedDemo } from '../../src/services/demo-seed.ts';
import { openTestDatabase, type TestDatabase } from './databases.ts';

// The browser tests' world: a database seeded as `zhida serve` seeds one (the bundled bulletin, a demo population,
// one account per role, this year's matches), the real application on a free port serving the built web app, and
// Debian's Chromium driven by playwright-core (no browser is downloaded).

export const DEMO = {
  admin: { username: 'demo-admin', password: 'demo-admin-2026' },
  operator: { username: 'demo-operator', password: 'demo-operator-2026' },
  coordinator: { username: 'demo-coordinator', password: 'demo-coordinator-2026' },
  enterprise: { username: 'demo-enterprise', password: 'demo-enterprise-2026' },
} as const;

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface WebWorld {
  base: string;
  browser: Browser;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // The machine has no network but loopback: Chromium's own background connections would only fail.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function startWebWorld(enterprises = 200): Promise<WebWorld> {
  const database = await openTestDatabase('sqlite', { pack: true });
  await seedDemo(database, { enterprises });
  const app: FastifyInstance = await buildApp({ database });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    base,
    browser,
    database,
    close: async () => {
      await browser.close();
      await app.close();
      await database.drop();
    },
  };
}

/** A fresh browser context (its own cookies) with a page that fails the test on any uncaught script error. */
export async function openPage(
  world: Pick<WebWorld, 'browser'>,
  viewport = DESKTOP,
): Promise<{ page: Page; errors: string[] }> {
  const context = await world.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** Signs in through the sign-in page and waits for the account's landing page. */
export async function signIn(
  world: Pick<WebWorld, 'base' | 'browser'>,
  who: { username: string; password: string },
  viewport = DESKTOP,
): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(world, viewport);
  const { page } = opened;
  await page.goto(`${world.base}/login`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return opened;
}

/** Saves a screenshot under docs/screenshots when ZHIDA_SCREENSHOTS=1 (CI and ordinary runs leave them alone). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.ZHIDA_SCREENSHOTS !== '1') return;
  mkdirSync('docs/screenshots', { recursive: true });
  // Typing into a form scrolls it: the picture shows the page from its top, the header included.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
}

/** No page of the test threw: a React error would otherwise pass unnoticed behind an error boundary. */
export async function closePage(page: Page, errors: string[]): Promise<void> {
  await page.context().close();
  expect(errors).toEqual([]);
}
