import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhidaError } from '../../core/errors.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { ingestDocument } from './ingest.ts';
import { searchPolicies, type SearchFilters, type SearchResult } from './search.ts';

const bulletin = readFileSync(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url));

const BRAIN_COMPUTER = [
  '上海多措并举打造全球脑机接口产品创新高地',
  '上海明确未来五年脑机接口未来产业发展目标',
  '上海多措并举加速脑机接口产品化',
];

const titles = (results: SearchResult[]) => results.map((r) => r.title);
const ids = (results: SearchResult[]) => results.map((r) => r.articleId);

describe.each(DIALECTS)('search on %s', (dialect) => {
  let database: TestDatabase;
  const search = async (query: string, filters: SearchFilters = {}) =>
    (await searchPolicies(database, query, filters)).results;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await ingestDocument(database, { name: 'bulletin.txt', bytes: bulletin }, 'test');
  });
  afterAll(() => database.drop());

  it('ranks the three brain-computer-interface articles first, best score first', async () => {
    const results = await search('脑机接口');
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(titles(results.slice(0, 3)).sort()).toEqual([...BRAIN_COMPUTER].sort());
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(0);
  });

  it('finds the same for traditional characters and full-width letters', async () => {
    expect(ids(await search('腦機接口'))).toEqual(ids(await search('脑机接口')));
    const halfWidth = await search('AI+制造');
    expect(halfWidth.length).toBeGreaterThan(0);
    expect(ids(await search('ＡＩ＋制造'))).toEqual(ids(halfWidth));
  });

  it('marks the hits in snippets cut from the article text', async () => {
    for (const result of await search('腦機接口')) {
      expect(result.snippet).toContain('【脑机接口】');
      expect(result.snippet.replace(/[【】…]/g, '').length).toBeLessThanOrEqual(80);
    }
    const [web] = (
      await searchPolicies(database, '脑机接口', { limit: 1 }, { marks: { open: '<mark>', close: '</mark>' } })
    ).results;
    expect(web!.snippet).toContain('<mark>脑机接口</mark>');
  });

  it('returns the fields of a result and no others', async () => {
    const [first] = await search('脑机接口', { limit: 1 });
    expect(Object.keys(first!).sort()).toEqual(
      [
        'articleId',
        'title',
        'section',
        'snippet',
        'score',
        'source',
        'regions',
        'issuers',
        'documents',
        'years',
        'sameAsId',
      ].sort(),
    );
    expect(first).toMatchObject({
      section: '科创聚焦',
      source: { name: 'bulletin.txt', version: 1 },
      regions: ['310000'],
      issuers: ['上海市科委'],
      documents: ['上海市脑机接口未来产业培育行动方案（2025-2030年）'],
    });
  });

  it('filters by region along the GB/T 2260 hierarchy, by code or by name', async () => {
    const jiangsu = await search('', { region: '320000', limit: 100 });
    expect(titles(jiangsu)).toContain('苏州打造六大服务平台构建一流营商环境');
    expect(titles(jiangsu).filter((t) => t.startsWith('江苏')).length).toBe(3);
    expect(jiangsu.every((r) => r.regions.some((code) => code.startsWith('32')))).toBe(true);
    expect(ids(await search('', { region: '江苏', limit: 100 }))).toEqual(ids(jiangsu));
    expect(titles(await search('', { region: '苏州' }))).toEqual(['苏州打造六大服务平台构建一流营商环境']);
    expect(titles(await search('人工智能', { region: '江苏' })).every((t) => t.startsWith('江苏'))).toBe(true);
    expect(await search('脑机接口', { region: '江苏' })).toEqual([]);
  });

  it('filters by section, issuer, year and amount', async () => {
    expect(new Set((await search('自动驾驶')).map((r) => r.section))).toEqual(
      new Set(['科创聚焦', '政策举措', '产业动向']),
    );
    expect(titles(await search('自动驾驶', { section: '政策举措' }))).toEqual([
      '上海提出四方面保障措施建设高级别自动驾驶引领区',
    ]);
    expect(titles(await search('', { issuer: '上海市科委' })).sort()).toEqual([...BRAIN_COMPUTER].sort());
    expect(titles(await search('人工智能', { year: 2030 }))).toEqual([
      '江苏出台四方面支持政策打造“人工智能＋”产业新高地',
    ]);
    const in2030 = await search('', { year: 2030, limit: 100 });
    expect(in2030.length).toBeGreaterThan(1);
    expect(in2030.every((r) => r.years.includes(2030))).toBe(true);

    const withAmount = await database.db
      .selectFrom('policy_article')
      .select('id')
      .where('has_amount', '=', 1)
      .where('current', '=', 1)
      .execute();
    expect(ids(await search('', { hasAmount: true, limit: 100 })).sort((a, b) => a - b)).toEqual(
      withAmount.map((a) => a.id).sort((a, b) => a - b),
    );
    expect(ids(await search('', { hasAmount: false, limit: 100 }))).toHaveLength(20 - withAmount.length);
  });

  it('lists the newest articles for an empty query and pages with limit and offset', async () => {
    const all = await searchPolicies(database, '', { limit: 100 });
    expect(all.results).toHaveLength(20);
    expect(all.hasMore).toBe(false);
    expect(all.results.every((r) => r.score === 0)).toBe(true);
    const first = await searchPolicies(database, '脑机接口', { limit: 2 });
    expect(first.hasMore).toBe(true);
    const second = await searchPolicies(database, '脑机接口', { limit: 2, offset: 2 });
    expect([...ids(first.results), ...ids(second.results)]).toEqual(ids(await search('脑机接口')));
  });

  it('finds nothing for words the library lacks', async () => {
    expect(await search('量子计算机')).toEqual([]);
    expect(await search('！？😀')).toEqual([]);
  });

  it('finds only the current version of a changed document', async () => {
    const changed = Buffer.from(bulletin.toString('utf8').replace('最高不超过1000万元', '最高不超过1500万元'));
    const other = await openTestDatabase(dialect);
    try {
      await ingestDocument(other, { name: 'bulletin.txt', bytes: bulletin }, 'test');
      await ingestDocument(other, { name: 'bulletin.txt', bytes: changed }, 'test');
      for (const filters of [{}, { issuer: '上海市科委' }, { region: '上海' }]) {
        const { results } = await searchPolicies(other, '脑机接口', filters);
        expect(titles(results).sort()).toEqual([...BRAIN_COMPUTER].sort());
        expect(results.every((r) => r.source.version === 2)).toBe(true);
      }
      expect((await searchPolicies(other, '', { limit: 100 })).results).toHaveLength(20);
      if (dialect === 'sqlite') {
        // The FTS5 index follows its content table through the triggers (this throws when they disagree).
        await sql`insert into policy_search_fts (policy_search_fts, rank) values ('integrity-check', 1)`.execute(
          other.db,
        );
      }
    } finally {
      await other.drop();
    }
  });

  it('rejects a query over 200 characters', async () => {
    await expect(searchPolicies(database, '脑'.repeat(201))).rejects.toMatchObject({ id: 'search.bad_query' });
  });

  it.each<[SearchFilters, RegExp]>([
    [{ region: '火星' }, /no region is called "火星"/],
    [{ region: '999999' }, /region/],
    [{ year: 20 }, /year: must be a four-digit year/],
    [{ year: Number.NaN }, /year/],
    [{ limit: 0 }, /limit: must be a whole number from 1 to 100/],
    [{ limit: 101 }, /limit/],
    [{ offset: -1 }, /offset/],
    [{ section: ' ' }, /section: must not be empty/],
  ])('rejects bad filters %j', async (filters, message) => {
    const error = await searchPolicies(database, '脑机接口', filters).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZhidaError);
    expect(error).toMatchObject({ id: 'search.bad_filter' });
    expect((error as Error).message).toMatch(message);
  });
});

describe('search on both dialects', () => {
  it('orders the same top three for 脑机接口, best first on each', async () => {
    const tops: string[][] = [];
    for (const dialect of DIALECTS) {
      const database = await openTestDatabase(dialect);
      try {
        await ingestDocument(database, { name: 'bulletin.txt', bytes: bulletin }, 'test');
        const { results } = await searchPolicies(database, '脑机接口');
        expect(results[0]!.score).toBeGreaterThanOrEqual(results[2]!.score);
        expect(results[2]!.score).toBeGreaterThan(results[3]?.score ?? 0);
        tops.push(titles(results.slice(0, 3)).sort());
      } finally {
        await database.drop();
      }
    }
    expect(tops[1]).toEqual(tops[0]);
  });
});
