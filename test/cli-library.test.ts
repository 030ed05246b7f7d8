// `zhida ingest`, `zhida stats` and `zhida digest` run as users run them: the real bin in a child process,
// real files and directories, on SQLite and on PostgreSQL.
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../src/core/formats/limits.ts';
import { bulletinPath, lines, root, runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { libraryProblems } from './helpers/library.ts';

const notice = `关于支持中小企业数字化转型的若干措施

为加快中小企业数字化转型，制定以下措施。
一、对完成数字化改造的企业，按照项目投资额的20%给予补助，最高不超过200万元。
二、到2027年，培育数字化转型示范企业100家。
`;

interface IngestSummary {
  database: string;
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  failed: number;
  articles: number;
  measures: number;
  seconds: number;
  failures: { path: string; error: string }[];
  sources: { path: string; name: string; status: string; version?: number; articles?: number; error?: string }[];
}

let dir: string;
let outside: string;
let bulletin: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-cli-library-'));
  outside = await mkdtemp(join(tmpdir(), 'zhida-cli-outside-'));
  bulletin = await readFile(join(root, bulletinPath));
  const tree = join(dir, 'tree');
  await mkdir(join(tree, 'notices', 'deep'), { recursive: true });
  await mkdir(join(tree, '.hidden'));
  await writeFile(join(tree, 'bulletin.txt'), bulletin);
  await writeFile(join(tree, 'notices', 'deep', 'notice.dat'), notice); // any extension: detected from bytes
  await writeFile(join(tree, 'notices', 'empty.txt'), '');
  await writeFile(join(tree, '.hidden', 'secret.txt'), notice);
  await writeFile(join(tree, '.dotfile.txt'), notice);
  await writeFile(join(tree, 'huge.txt'), '');
  await truncate(join(tree, 'huge.txt'), MAX_INPUT_BYTES + 1); // sparse: over the limit without the disk
  await writeFile(join(outside, 'elsewhere.txt'), notice);
  await symlink(join(outside, 'elsewhere.txt'), join(tree, 'link-out.txt'));
  await symlink(join(tree, 'bulletin.txt'), join(tree, 'notices', 'link-in.txt'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe.each(DIALECTS)('zhida ingest, stats and digest on %s', (dialect) => {
  let database: TestDatabase;
  const zhida = (...args: string[]) => runCli([...args, '--db', database.target], database.env);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('walks a directory: names by relative path, skips hidden files, reports each failure', async () => {
    const tree = join(dir, 'tree');
    const { code, stdout, stderr } = await zhida('ingest', tree, '--json');
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as IngestSummary;
    expect(summary.sources.map((s) => [s.name, s.status])).toEqual([
      ['bulletin.txt', 'new'],
      ['huge.txt', 'failed'],
      ['link-out.txt', 'failed'],
      ['notices/deep/notice.dat', 'new'],
      ['notices/empty.txt', 'failed'],
      ['notices/link-in.txt', 'new'],
    ]);
    expect(summary).toMatchObject({ files: 6, new: 3, updated: 0, unchanged: 0, failed: 3 });
    expect(summary.articles).toBe(20 + 1 + 20);
    expect(summary.database).toBe(dialect === 'sqlite' ? database.target : database.location);
    expect(summary.failures.map((f) => f.error)).toEqual([
      `the file is ${MAX_INPUT_BYTES + 1} bytes, over the limit of ${MAX_INPUT_BYTES} bytes`,
      'the file cannot be read: a symbolic link out of the directory, not followed',
      'the file is empty',
    ]);
    // stderr: where the library is, once, then one line per failure.
    expect(lines(stderr)).toEqual([
      `zhida ingest: library at ${summary.database}`,
      `zhida ingest: ${join(tree, 'huge.txt')}: ${summary.failures[0]!.error}`,
      `zhida ingest: ${join(tree, 'link-out.txt')}: ${summary.failures[1]!.error}`,
      `zhida ingest: ${join(tree, 'notices', 'empty.txt')}: the file is empty`,
    ]);
    expect(await libraryProblems(database.db)).toEqual([]);
  });

  it('names a file given alone by its base name; the same bytes again change nothing', async () => {
    const file = join(dir, 'tree', 'bulletin.txt');
    const first = await zhida('ingest', file);
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      '1 file: 0 new, 0 updated, 1 unchanged, 0 failed',
      expect.stringMatching(/^stored 0 articles and 0 measures in [\d.]+ s$/),
    ]);
    const again = await zhida('ingest', join(dir, 'tree'), '--json');
    const summary = JSON.parse(again.stdout) as IngestSummary;
    expect(summary).toMatchObject({ new: 0, unchanged: 3, failed: 3 });
  });

  it('stores changed bytes as the next version', async () => {
    const changed = join(dir, `changed-${dialect}`);
    await mkdir(changed);
    await writeFile(join(changed, 'bulletin.txt'), bulletin.toString('utf8').replace('1000万元', '1500万元'));
    const { code, stdout } = await zhida('ingest', join(changed, 'bulletin.txt'), '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as IngestSummary).sources).toEqual([
      expect.objectContaining({ name: 'bulletin.txt', status: 'updated', version: 2, articles: 20 }),
    ]);
  });

  it('stats counts sources, current articles and measures, and every version', async () => {
    const { code, stdout, stderr } = await zhida('stats', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(stats).slice(0, 3)).toEqual(['sources', 'articles', 'measures']);
    expect(stats).toMatchObject({ sources: 3, versions: 4, articles: 41, allArticles: 61 });
    const measures = await database.db
      .selectFrom('policy_measure as m')
      .innerJoin('policy_article as a', 'a.id', 'm.article_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('a.current', '=', 1)
      .executeTakeFirstOrThrow();
    expect(stats.measures).toBe(Number(measures.n));
    expect(stats.allMeasures).toBeGreaterThan(stats.measures!);

    const text = await zhida('stats');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^sources\s+3$/m);
  });

  it('digest writes Markdown and HTML bulletins of the newest articles', async () => {
    const md = await zhida('digest');
    expect(md.stderr).toBe('');
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('# 政策简报\n')).toBe(true);
    expect(md.stdout).toMatch(/^## 科创聚焦$/m);
    expect(md.stdout).toMatch(/^### 上海多措并举打造全球脑机接口产品创新高地$/m);
    expect(md.stdout).toMatch(/^一是/m);

    const out = join(dir, `digest-${dialect}.html`);
    const html = await zhida('digest', '--format', 'html', '--limit', '3', '--out', out);
    expect(html.code).toBe(0);
    expect(html.stdout).toBe('');
    const page = await readFile(out, 'utf8');
    expect(page.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(page.match(/<h3>/g)).toHaveLength(3);

    const future = await zhida('digest', '--since', '2999-01-01');
    expect(future.code).toBe(0);
    expect(future.stdout).toContain('此期间没有新收录的政策。');
  });

  it('refuses wrong usage with status 2 and a missing library with status 1', async () => {
    const [since, format, limit, noPaths, missing] = await Promise.all([
      zhida('digest', '--since', '2026-02-30'),
      zhida('digest', '--format', 'pdf'),
      zhida('digest', '--limit', '0'),
      runCli(['ingest']),
      runCli(['stats', '--db', join(dir, 'no-such.db')]),
    ]);
    expect([since.code, format.code, limit.code, noPaths.code]).toEqual([2, 2, 2, 2]);
    expect(since.stderr).toContain('--since needs a day as YYYY-MM-DD');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no library at');
  });
});
