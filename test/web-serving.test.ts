import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { webRoutes } from '../src/server/routes/web.ts';
import { openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// How the process serves the built web app (src/server/routes/web.ts): its page for every client-side route, hashed
// files cached for good, the page itself never, the API's unknown paths still JSON, and helmet's CSP intact.

describe('serving the web app', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers / and every client-side route with the page, never cached, under a CSP without inline script', async () => {
    for (const path of ['/', '/login', '/policies/sh-mfg.basic-research', '/library/articles/3?x=1']) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      const csp = response.headers.get('content-security-policy')!;
      expect(/script-src ([^;]*)/.exec(csp)![1]).toBe("'self'");
      const html = await response.text();
      expect(html).toContain('<div id="root"></div>');
      // Every script is a file the CSP lets in: none inline.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves the hashed files for a year, and a missing one as a 404, not as the page', async () => {
    const html = await (await fetch(base)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await fetch(base + script);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/gone-1234.js`)).status).toBe(404);
  });

  it('keeps unknown API paths and the probes JSON 404s', async () => {
    for (const path of ['/api/nothing', '/api/rules/x/y/z', '/healthz/more']) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { id: string } }).error.id).toBe('http.not_found');
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('hides its routes from the OpenAPI document but /', async () => {
    const document = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/'))).toEqual(
      expect.arrayContaining(['/']),
    );
    expect(Object.keys(document.paths)).not.toContain('/*');
  });

  it('says how to build the app when dist/web holds no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'zhida-web-'));
    const bare = Fastify();
    await bare.register(webRoutes(empty));
    try {
      const response = await bare.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('npm run build:web');
      expect((await bare.inject({ method: 'GET', url: '/library' })).statusCode).toBe(404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
