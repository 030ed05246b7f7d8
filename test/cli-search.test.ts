// `zhida search` run as users run it: the real bin in a child process, on a library the test ingested.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/services/policies/ingest.ts';
import type { SearchResult } from '../src/services/policies/search.ts';
import { bulletinPath, lines, root, runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

const FIELDS = [
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
];

describe.each(DIALECTS)('zhida search on %s', (dialect) => {
  let database: TestDatabase;
  const search = (...args: string[]) => runCli(['search', ...args, '--db', database.target], database.env);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const bytes = await readFile(join(root, bulletinPath));
    await ingestDocument(database, { name: 'bulletin-2026-sample.txt', bytes }, 'test');
  });
  afterAll(() => database.drop());

  it('prints {"results": [...]} with --json, the three brain-computer-interface articles first', async () => {
    const { code, stdout, stderr } = await search('脑机接口', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout) as { results: SearchResult[] };
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual([...FIELDS].sort());
      expect(typeof result.title).toBe('string');
      expect(typeof result.section).toBe('string');
      expect(typeof result.score).toBe('number');
      expect(result.snippet).toContain('【脑机接口】');
      expect(result.source).toEqual({ name: 'bulletin-2026-sample.txt', version: 1 });
    }
    expect(results.slice(0, 3).every((r) => r.title.includes('脑机接口'))).toBe(true);
  });

  it('applies the filters given as options', async () => {
    const { code, stdout } = await search('', '--region', '苏州', '--json');
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout) as { results: SearchResult[] };
    expect(results.map((r) => r.title)).toEqual(['苏州打造六大服务平台构建一流营商环境']);
    const amounts = JSON.parse((await search('', '--has-amount', '--year', '2028', '--json')).stdout) as {
      results: SearchResult[];
    };
    expect(amounts.results.length).toBeGreaterThan(0);
    expect(amounts.results.every((r) => r.years.includes(2028))).toBe(true);
  });

  it('prints a readable list: rank, score, headline, column and source, snippet', async () => {
    const { code, stdout } = await search('腦機接口', '--limit', '2');
    expect(code).toBe(0);
    const output = lines(stdout);
    expect(output[0]).toMatch(/^1\. .*脑机接口.*\(score [\d.e+-]+\)$/);
    expect(output[1]).toMatch(/^ {3}科创聚焦 · bulletin-2026-sample\.txt v1$/);
    expect(output[2]).toContain('【脑机接口】');
    expect(output[3]).toMatch(/^2\. /);
    expect(output.at(-1)).toBe('more: --offset 2');
  });

  it('says "no results" and exits 0 when nothing matches', async () => {
    expect(await search('量子计算机')).toEqual({ code: 0, stdout: 'no results\n', stderr: '' });
    expect(JSON.parse((await search('量子计算机', '--json')).stdout)).toEqual({ results: [] });
  });

  it('reports a bad filter in one line and exits 1', async () => {
    const { code, stdout, stderr } = await search('脑机接口', '--region', '火星');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(lines(stderr)).toEqual([
      'zhida search: region: no region is called "火星"; give a six-digit GB/T 2260 code (320500) or a place name (江苏, 苏州)',
    ]);
    expect((await search('脑机接口', '--year', '20x')).stderr).toBe(
      'zhida search: year: must be a four-digit year such as 2030\n',
    );
  });
});

describe('zhida search without a library', () => {
  it('does not create one at a mistyped path', async () => {
    const { code, stderr } = await runCli(['search', '脑机接口', '--db', join(root, 'no-such-dir/zhida.db')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^zhida search: no library at .*no-such-dir\/zhida\.db; run zhida ingest first/);
  });
});
