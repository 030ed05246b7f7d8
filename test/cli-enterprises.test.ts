// `zhida enterprises import`, `zhida enterprises show` and `zhida demo` as users run them (node bin/zhida.js),
// against both databases.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import { runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

const GOOD = makeUscc({ region: '320583', body: 'MA1QQQ01' });
const OTHER = makeUscc({ region: '320583', body: 'MA1QQQ02' });
const BAD = OTHER.slice(0, 17) + (OTHER[17] === '1' ? '2' : '1');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-cli-enterprises-'));
  await writeFile(
    join(dir, 'feed.csv'),
    `uscc,name,region,industry,employees,revenue:2025\n${GOOD},昆山示例精密有限公司,320583,C3484,45,30000000\n${BAD},昆山另一有限公司,320583,C3484,12,\n`,
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业');
  sheet.addRow(['统一社会信用代码', '企业名称', '行政区划代码', '资质']);
  sheet.addRow([OTHER, '昆山另一有限公司', '320583', '国家级绿色工厂:2022']);
  await workbook.xlsx.writeFile(join(dir, 'more.xlsx'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('zhida enterprises and demo on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('imports the good rows, lists the bad one, exits 1', async () => {
    const result = await runCli(
      [
        'enterprises',
        'import',
        join(dir, 'feed.csv'),
        '--db',
        database.target,
        '--source',
        '市场监管局',
        '--authoritative',
        '--as-of',
        '2025-12-31',
      ],
      database.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('imported feed.csv: 1 of 2 rows (1 created, 0 updated, 5 facts), 1 rejected\n');
    expect(result.stderr).toMatch(
      new RegExp(
        `^zhida enterprises import: .*feed.csv: row 3: uscc: check character \\(character 18\\) is "${BAD[17]}", expected "${OTHER[17]}"\\n$`,
      ),
    );
  });

  it('imports an XLSX file cleanly with --json, and shows a profile with its provenance', async () => {
    const imported = await runCli(
      ['enterprises', 'import', join(dir, 'more.xlsx'), '--db', database.target, '--json'],
      database.env,
    );
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      format: 'xlsx',
      rows: 1,
      accepted: 1,
      rejected: 0,
      rejections: [],
    });

    const shown = await runCli(['enterprises', 'show', GOOD, '--db', database.target], database.env);
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout);
    expect(view.profile).toEqual({
      uscc: GOOD,
      name: '昆山示例精密有限公司',
      region: '320583',
      industry: 'C3484',
      employees: 45,
      metrics: { '2025': { revenue: 30_000_000 } },
    });
    expect(view.provenance.employees).toEqual({ source: '市场监管局', asOf: '2025-12-31', authoritative: true });
    expect(view.sizeClass).toMatchObject({ sizeClass: 'small' });
    const missing = await runCli(['enterprises', 'show', BAD, '--db', database.target], database.env);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
  });

  it('builds a demo population only in an empty enterprise table', async () => {
    const refused = await runCli(['demo', '--enterprises', '50', '--db', database.target], database.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^zhida demo: the database already holds 2 enterprises/);
    const usage = await runCli(['demo', '--enterprises', 'lots', '--db', database.target], database.env);
    expect(usage.code).toBe(2);
  });
});

describe('zhida demo', () => {
  it('creates N enterprises with --json output', async () => {
    const target = join(dir, 'demo.db');
    const result = await runCli(['demo', '--enterprises', '300', '--seed', '9', '--db', target, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ enterprises: 300, seed: 9 });
  });
});
