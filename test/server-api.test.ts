import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import type { MatchReport } from '../src/core/rules/types.ts';
import { buildApp } from '../src/server/app.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// The API over real HTTP on both databases, seeded as `zhida serve` seeds a fresh one.

describe.each(DIALECTS)('HTTP API on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 20 });
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = async (path: string) => {
    const response = await fetch(base + path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('seeds once: a second start ingests nothing and generates no one', async () => {
    const again = await seedDemo(database, { enterprises: 20 });
    expect(again.documents.map((d) => d.status)).toEqual(['unchanged']);
    expect(again.enterprises).toBe(0);
  });

  it('searches the library, traditional characters too', async () => {
    const simplified = await get('/api/policies/search?q=' + encodeURIComponent('脑机接口') + '&limit=3');
    const traditional = await get('/api/policies/search?q=' + encodeURIComponent('腦機接口') + '&limit=3');
    expect(simplified.status).toBe(200);
    const titles = (simplified.body.results as { title: string }[]).map((r) => r.title);
    expect(titles).toHaveLength(3);
    for (const title of titles) expect(title).toContain('脑机接口');
    expect(traditional.body.results).toEqual(simplified.body.results);
  });

  it('refuses a bad filter with its id', async () => {
    const response = await get('/api/policies/search?q=x&year=abc');
    expect(response.status).toBe(400);
    expect((response.body.error as { id: string }).id).toBe('http.invalid_request');
    const region = await get('/api/policies/search?q=x&region=' + encodeURIComponent('火星'));
    expect(region.status).toBe(400);
    expect((region.body.error as { id: string }).id).toBe('search.bad_filter');
  });

  it('lists the published pack and shows one policy', async () => {
    const list = await fetch(base + '/api/rules').then((r) => r.json() as Promise<{ id: string }[]>);
    expect(list.length).toBeGreaterThan(50);
    const one = await get('/api/rules/' + encodeURIComponent(list[0]!.id));
    expect(one.status).toBe(200);
    expect((await get('/api/rules/no-such-policy')).status).toBe(404);
  });

  it('matches a profile sent in the request', async () => {
    const uscc = makeUscc({ region: '310115', body: 'MA1K4AB0' });
    const response = await fetch(base + '/api/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        year: 2026,
        profile: { uscc, name: '示例企业', region: '310115', metrics: { '2026': { basicResearchSpend: 60_000_000 } } },
      }),
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as MatchReport;
    expect(report.uscc).toBe(uscc);
    const research = report.matches.find((m) => m.policy.title.includes('基础研究'));
    expect(research).toMatchObject({ status: 'eligible', amount: { min: 5_000_000, max: 5_000_000 } });
  });

  it('says what is wrong with a bad profile', async () => {
    const response = await fetch(base + '/api/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ year: 2026, profile: { uscc: '123', name: 'x', region: '310115' } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { id: string; message: string } };
    expect(body.error.message).toContain('uscc');
  });
});
