import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../core/profile/uscc.ts';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { importEnterprises } from './import.ts';
import { getProfile } from './profiles.ts';

const A = makeUscc({ region: '320505', body: 'MA1AAAA1' });
const B = makeUscc({ region: '310115', body: 'MA1BBBB2' });
const C = makeUscc({ region: '440305', body: 'MA1CCCC3' });
const D = makeUscc({ region: '330106', body: 'MA1DDDD4' });
/** B with its last character changed: a wrong check character. */
const B_WRONG = B.slice(0, 17) + (B[17] === 'A' ? 'B' : 'A');

const HEADER = [
  'uscc',
  'name',
  'region',
  'industry',
  'founded',
  'employees',
  'qualifications',
  'revenue:2025',
  'rdSpend:2025',
];

function csv(rows: (string | number)[][]): Uint8Array {
  const quote = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return new TextEncoder().encode(rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n');
}

async function xlsx(rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const opts = { actor: 'test', now: new Date('2026-01-15T08:00:00Z') };

describe.each(DIALECTS)('enterprise import on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  const count = (table: 'enterprise' | 'enterprise_fact' | 'enterprise_import' | 'audit_log') =>
    countRows(database.db, table);

  it('lands the good rows of a CSV and lists each bad one with its row number and reason', async () => {
    const bytes = csv([
      HEADER,
      [
        A,
        '苏州甲精密机械有限公司',
        '320505',
        'C3484',
        '2016-05-20',
        120,
        '高新技术企业:2023;专精特新中小企业',
        '85,000,000',
        4000000,
      ],
      [B_WRONG, '上海乙科技有限公司', '310115', 'I6513', '2019-01-02', 30, '', 1e7, ''],
      [C, '深圳丙电子有限公司', '440305', '3962', '2020/3/5', 'many', '', '', ''],
      [D, '杭州丁有限公司', '330199', 'C3911', '', '', '', '', ''],
      [D, '杭州丁有限公司', '330106', 'C3911', '', '', '', '', ''],
      [C, '深圳丙电子有限公司', '440305', 'C3999', '2020-02-30', 10, '', -5, ''],
    ]);
    const outcome = await importEnterprises(
      database,
      { name: 'feed.csv', bytes },
      { ...opts, source: '市场监管局', authoritative: true, asOf: '2025-12-31' },
    );
    expect(outcome).toMatchObject({
      format: 'csv',
      rows: 6,
      accepted: 1,
      rejected: 5,
      created: 1,
      updated: 0,
      facts: 9,
    });
    expect(outcome.rejections.map((r) => [r.row, r.reasons])).toEqual([
      [3, [expect.stringMatching(/^uscc: check character \(character 18\) is "."/)]],
      [4, ['employees: "many" is not a whole number ≥ 0', 'uscc: appears in rows 4, 7 of this file']],
      [5, ['region: 330199 is not a GB/T 2260 region code', 'uscc: appears in rows 5, 6 of this file']],
      [6, ['uscc: appears in rows 5, 6 of this file']],
      [
        7,
        [
          'industry: C3999 is not a GB/T 4754-2017 code',
          'founded: "2020-02-30" is not a date (write YYYY-MM-DD)',
          'revenue:2025: "-5" is not a number ≥ 0',
          'uscc: appears in rows 4, 7 of this file',
        ],
      ],
    ]);
    expect(await count('enterprise')).toBe(1);
    expect(await count('enterprise_fact')).toBe(9);

    const view = await getProfile(database, A);
    expect(view?.profile).toEqual({
      uscc: A,
      name: '苏州甲精密机械有限公司',
      region: '320505',
      industry: 'C3484',
      founded: '2016-05-20',
      employees: 120,
      qualifications: [{ name: '专精特新中小企业' }, { name: '高新技术企业', year: 2023 }],
      metrics: { '2025': { revenue: 85_000_000, rdSpend: 4_000_000 } },
    });
    expect(view?.provenance['metrics.2025.revenue']).toEqual({
      source: '市场监管局',
      asOf: '2025-12-31',
      authoritative: true,
    });
    expect(view?.sizeClass).toMatchObject({ sizeClass: 'small', sector: '工业' }); // 120 persons: small
    const row = await database.db.selectFrom('enterprise').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ uscc: A, region: '320505', industry: 'C3484', employees: 120, size_class: 'small' });
    const record = await database.db.selectFrom('enterprise_import').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      file_name: 'feed.csv',
      rows: 6,
      accepted: 1,
      rejected: 5,
      actor: 'test',
      authoritative: 1,
    });
    const facts = await database.db.selectFrom('enterprise_fact').select('batch_id').distinct().execute();
    expect(facts).toEqual([{ batch_id: record.id }]);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'enterprise.import')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ accepted: 1, rejected: 5, created: 1 });
  });

  it('reads XLSX with Chinese headers, date and number cells, and updates an enterprise by its later facts', async () => {
    const bytes = await xlsx([
      [
        '统一社会信用代码',
        '企业名称',
        '行政区划代码',
        '行业代码',
        '成立日期',
        '从业人员',
        '资质',
        '营业收入:2025',
        '研发投入:2024',
      ],
      [A, null, null, null, null, 350, '国家级绿色工厂:2021', 450_000_000, 9_000_000],
      [B, '上海乙科技有限公司', 310115, 'I6513', new Date(Date.UTC(2019, 0, 2)), 30, null, null, null],
      [C, null, null, 'C3962', null, 8, null, null, null],
      // An all-digit code typed into a number cell: Excel kept 15 digits of it.
      [9.11e17, '数字单元格', '110000', null, null, null, null, null, null],
    ]);
    const outcome = await importEnterprises(database, { name: 'survey.xlsx', bytes }, { ...opts, asOf: '2026-01-10' });
    expect(outcome).toMatchObject({ format: 'xlsx', rows: 4, accepted: 2, rejected: 2, created: 1, updated: 1 });
    expect(outcome.rejections).toEqual([
      { row: 4, uscc: C, reasons: ['a new enterprise needs its name and region'] },
      { row: 5, uscc: null, reasons: [expect.stringMatching(/^uscc: the cell holds a number/)] },
    ]);

    const a = await getProfile(database, A);
    // The later self-reported figures replace the registry's of 2025-12-31; the name stays.
    expect(a?.profile).toMatchObject({ name: '苏州甲精密机械有限公司', employees: 350 });
    expect(a?.profile.metrics).toEqual({
      '2024': { rdSpend: 9_000_000 },
      '2025': { revenue: 450_000_000, rdSpend: 4_000_000 },
    });
    expect(a?.provenance.employees).toEqual({ source: 'import:survey.xlsx', asOf: '2026-01-10', authoritative: false });
    expect(a?.provenance.name?.source).toBe('市场监管局');
    expect(a?.sizeClass).toMatchObject({ sizeClass: 'medium' }); // 350 persons, 4.5亿: medium (large needs 1000)
    expect(a?.facts).toHaveLength(13);
    const b = await getProfile(database, B);
    expect(b?.profile).toMatchObject({ region: '310115', founded: '2019-01-02', industry: 'I6513' });
    expect(await count('enterprise')).toBe(2);
    expect(await getProfile(database, C)).toBeUndefined();
  });

  it('writes nothing for a file that cannot be read or whose header is wrong', async () => {
    const before = await Promise.all([
      count('enterprise'),
      count('enterprise_fact'),
      count('enterprise_import'),
      count('audit_log'),
    ]);
    const attempts: [string, Uint8Array, RegExp][] = [
      ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /XLSX file cannot be read as a table/],
      ['quotes.csv', new TextEncoder().encode(`uscc,name\n"${A},x\n`), /CSV file cannot be read as a table/],
      [
        'header.csv',
        csv([
          ['uscc', 'employes'],
          [A, 3],
        ]),
        /unknown column "employes"/,
      ],
      [
        'metric.csv',
        csv([
          ['uscc', 'turnover:2025'],
          [A, 3],
        ]),
        /unknown column "turnover:2025"/,
      ],
      [
        'twice.csv',
        csv([
          ['uscc', 'name', '企业名称'],
          [A, 'x', 'y'],
        ]),
        /names name twice/,
      ],
      ['nouscc.csv', csv([['name'], ['x']]), /no uscc/],
      ['old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /save it as .xlsx or .csv/],
    ];
    for (const [name, bytes, message] of attempts) {
      await expect(importEnterprises(database, { name, bytes }, opts), name).rejects.toThrow(message);
    }
    expect(
      await Promise.all([
        count('enterprise'),
        count('enterprise_fact'),
        count('enterprise_import'),
        count('audit_log'),
      ]),
    ).toEqual(before);
  });

  it('reads a GBK CSV as Excel on Chinese Windows saves it', async () => {
    const { default: iconv } = await import('iconv-lite');
    const text = `统一社会信用代码,企业名称,行政区划代码\r\n${D},杭州丁有限公司,330106\r\n`;
    const outcome = await importEnterprises(database, { name: 'gbk.csv', bytes: iconv.encode(text, 'gbk') }, opts);
    expect(outcome).toMatchObject({ accepted: 1, rejected: 0, created: 1 });
    expect((await getProfile(database, D))?.profile.name).toBe('杭州丁有限公司');
  });
});
