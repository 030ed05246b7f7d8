import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// What every route shares: the OpenAPI document and its docs page, readiness, security headers, compression and
// request ids; and the demo accounts `zhida serve` creates.

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown> };
}

describe.each(DIALECTS)('the HTTP platform on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 5 });
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('documents every route in OpenAPI 3 with a summary, tags and its responses', async () => {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApi;
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method} ${path}`, ...operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(16);
    for (const operation of operations) {
      expect(operation.summary, operation.route).toBeTruthy();
      expect(operation.tags?.length, operation.route).toBeGreaterThan(0);
    }
    expect(Object.keys(document.paths['/api/auth/me']!.get!.responses!)).toEqual(
      expect.arrayContaining(['200', '4XX']),
    );
    // The docs page's own files are not API routes.
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/api/docs'))).toEqual([]);
  });

  it('serves the docs page from its own files, with nothing fetched from elsewhere', async () => {
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(asset, `${base}/api/docs/`))).status, asset).toBe(200);
    }
    const initializer = await (await fetch(`${base}/api/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('"validatorUrl":null');
    // Helmet's CSP lets the page run: its scripts are all same-origin files.
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script>[^<]/);
  });

  it('serves the home page (the web app, or how to build it) with no inline script and a strict CSP', async () => {
    const response = await fetch(`${base}/`);
    const html = await response.text();
    // Either page: the built app (dist/web) or, before `npm run build:web`, the page saying how to build it.
    expect(html).toMatch(/<div id="root"><\/div>|npm run build:web/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = response.headers.get('content-security-policy')!;
    expect(/script-src ([^;]*)/.exec(csp)![1]!.trim()).toBe("'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('sends the security headers and a request id on every answer, errors included', async () => {
    for (const path of ['/healthz', '/api/rules', '/api/nothing', '/api/auth/me']) {
      const response = await fetch(base + path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy'), path).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
    const first = await fetch(`${base}/healthz`);
    const second = await fetch(`${base}/healthz`);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it("keeps a caller's plain x-request-id and replaces one that is not", async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'gateway-42.a' } });
    expect(kept.headers.get('x-request-id')).toBe('gateway-42.a');
    const replaced = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'x'.repeat(65) } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('compresses a large answer for a client that accepts gzip', async () => {
    // fetch would decompress by itself: ask over plain HTTP through Fastify's inject.
    const response = await app.inject({ method: 'GET', url: '/api/rules', headers: { 'accept-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const rules = JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as unknown[];
    expect(rules.length).toBeGreaterThan(50);
    const plain = await app.inject({ method: 'GET', url: '/api/rules' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('is ready while the database answers', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('creates the demo accounts once, one per role and a department, audited as system:demo', async () => {
    const again = await seedDemo(database, { enterprises: 5 });
    expect(again.accounts.map((a) => [a.username, a.role, a.created])).toEqual([
      ['demo-admin', 'admin', false],
      ['demo-operator', 'policy_operator', false],
      ['demo-coordinator', 'service_coordinator', false],
      ['demo-department', 'service_coordinator', false],
      ['demo-enterprise', 'enterprise_user', false],
    ]);
    const accounts = await database.db.selectFrom('account').selectAll().orderBy('id').execute();
    expect(accounts.map((a) => [a.username, a.department, a.region, a.uscc !== null])).toEqual([
      ['demo-admin', null, null, false],
      ['demo-operator', '上海市经济和信息化委员会', '310000', false],
      ['demo-coordinator', null, null, false],
      ['demo-department', '市发展改革委', null, false],
      ['demo-enterprise', null, null, true],
    ]);
    // The enterprise user acts for an enterprise the demo population holds.
    const enterprise = await database.db
      .selectFrom('enterprise')
      .select('uscc')
      .where('uscc', '=', accounts[4]!.uscc!)
      .executeTakeFirst();
    expect(enterprise).toBeDefined();
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'entity_id'])
      .where('entity', '=', 'account')
      .where('action', '=', 'create')
      .execute();
    expect(audit.map((a) => a.actor)).toEqual(Array(5).fill('system:demo'));
    for (const { username, password } of again.accounts) {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(login.status, username).toBe(200);
    }
  });
});

describe.each(DIALECTS)('readiness on %s', (dialect) => {
  it('answers 503 http.not_ready with the reason when the database does not answer', async () => {
    const database = await openTestDatabase(dialect);
    const app = await buildApp({ database });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await database.close();
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<{ error: { id: string; message: string } }>();
      expect(body.error.id).toBe('http.not_ready');
      expect(body.error.message).toMatch(/^the database does not answer: \S/);
      // Liveness does not depend on the database.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.drop().catch(() => undefined);
    }
  });
});
