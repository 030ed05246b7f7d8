import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileToFacts } from '../src/core/profile/facts.ts';
import { shiftYears } from '../src/core/rules/test-differential.ts';
import { listMatches } from '../src/db/rules.repository.ts';
import { generateEnterprises } from '../src/services/enterprises/demo.ts';
import { storeFacts } from '../src/services/enterprises/profiles.ts';
import { qualifyPolicy, type QualifyResult } from '../src/services/rules/bulk.ts';
import { runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// `zhida qualify` and `zhida match-refresh` as users run them, on both dialects, over a demo population moved one
// year on (its figures for 2026, the pack's first year).

const dir = mkdtempSync(join(tmpdir(), 'zhida-qualify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = ['uscc', 'name', 'region', 'industry', 'status', 'amount_min', 'amount_max', 'missing', 'superseded_by'];

/** The service's rows as the CSV and XLSX cells say them. */
function asCells(result: QualifyResult): (string | number | null)[][] {
  return result.rows.map((row) => [
    row.uscc,
    row.name,
    row.region,
    row.industry,
    row.status,
    row.amount?.min ?? null,
    row.amount?.max ?? null,
    row.missing.join(';'),
    row.supersededBy,
  ]);
}

describe.each(DIALECTS)('zhida qualify and match-refresh on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    const provenance = { source: 'test', asOf: '2026-12-31', authoritative: true };
    const batches = [...generateEnterprises(800, 5)].map((profile) => {
      const { uscc, ...rest } = shiftYears(profile, 1);
      return { uscc, facts: profileToFacts(rest, provenance) };
    });
    await database.db.transaction().execute(async (trx) => {
      const outcome = await storeFacts(trx, batches);
      expect(outcome.refused).toEqual([]);
    });
  });
  afterAll(() => database.drop());

  const cli = (...args: string[]) => runCli([...args, '--db', database.target], database.env);

  it('match-refresh stores every match of the year and says how many', async () => {
    const { code, stdout, stderr } = await cli('match-refresh', '--year', '2026', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as { policies: number; enterprises: number; eligible: number; unknown: number };
    expect(outcome).toMatchObject({ year: 2026, policies: 78, enterprises: 800, replaced: 0 });
    const rows = await listMatches(database.db, { year: 2026 });
    expect(rows).toHaveLength(outcome.eligible + outcome.unknown);
    const text = await cli('match-refresh', '--year', '2026');
    expect(text.stdout).toMatch(
      new RegExp(
        `^refreshed 2026: 78 policies × 800 enterprises → ${outcome.eligible} eligible and ` +
          `${outcome.unknown} unknown matches stored \\(replacing ${rows.length}\\) in [0-9.]+ s\\n$`,
      ),
    );
    const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'match.refresh').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor).toMatch(/^cli:/);
  });

  it('prints CSV with a byte-order mark and a header, one row per qualifying enterprise', async () => {
    const { code, stdout, stderr } = await cli('qualify', 'sh-mfg.energy-saving', '--year', '2026');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.startsWith('\uFEFFuscc,name,region,industry,status,')).toBe(true);
    expect(stdout).toContain('\r\n');
    const records = parse(stdout.slice(1), { relax_column_count: false }) as string[][];
    expect(records[0]).toEqual(HEADER);
    const expected = await qualifyPolicy(database, 'sh-mfg.energy-saving', 2026);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(expected.rows.every((row) => row.status === 'eligible')).toBe(true);
    const cells = asCells(expected).map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
    expect(records.slice(1)).toEqual(cells);
  });

  it('writes JSON {policy, year, count, rows}, unknown ones too when asked', async () => {
    const { code, stdout } = await cli(
      'qualify',
      'sh-mfg.basic-research',
      '--year',
      '2026',
      '--include-unknown',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      policy: unknown;
      year: number;
      count: number;
      rows: Record<string, unknown>[];
    };
    expect(Object.keys(json)).toEqual(['policy', 'year', 'count', 'rows']);
    expect(json.policy).toEqual({
      id: 'sh-mfg.basic-research',
      title: '基础研究投入财政补助',
      version: 1,
      status: 'published',
    });
    const expected = await qualifyPolicy(database, 'sh-mfg.basic-research', 2026, { includeUnknown: true });
    expect(json.count).toBe(expected.rows.length);
    expect(json.rows.some((row) => row.status === 'unknown')).toBe(true);
    expect(Object.keys(json.rows[0]!)).toEqual(HEADER);
    expect(json.rows.map((row) => row.uscc)).toEqual(expected.rows.map((row) => row.uscc));
    const unknown = json.rows.find((row) => row.status === 'unknown')!;
    expect(unknown.missing).toEqual(['metrics.basicResearchSpend']);
  });

  it('writes XLSX to --out', async () => {
    const out = join(dir, `${dialect}.xlsx`);
    const { code, stdout, stderr } = await cli(
      'qualify',
      'suzhou-services.enterprise-platform',
      '--year',
      '2026',
      '--out',
      out,
    );
    expect([code, stdout, stderr]).toEqual([0, '', '']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as never);
    const sheet = workbook.worksheets[0]!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(HEADER);
    const expected = await qualifyPolicy(database, 'suzhou-services.enterprise-platform', 2026);
    expect(expected.rows.length).toBeGreaterThan(10);
    expect(values.slice(1).map((row) => Array.from(row.slice(0, 5), (cell) => cell ?? null))).toEqual(
      asCells(expected).map((row) => row.slice(0, 5)),
    );
  });

  it('refuses an unknown policy with one line and exit 1', async () => {
    const { code, stdout, stderr } = await cli('qualify', 'no.such-policy', '--year', '2026');
    expect([code, stdout, stderr]).toEqual([1, '', 'zhida qualify: no policy with the id no.such-policy\n']);
  });
});

describe('zhida qualify usage', () => {
  it('wants a policy id, a known format, xlsx with --out, and an existing SQLite file', async () => {
    expect((await runCli(['qualify'])).code).toBe(2);
    expect((await runCli(['qualify', 'x', '--format', 'pdf'])).stderr).toContain('expected csv, xlsx or json');
    expect((await runCli(['qualify', 'x', '--format', 'xlsx'])).stderr).toContain('--format xlsx needs --out FILE');
    expect((await runCli(['qualify', 'x', '--year', '26'])).code).toBe(2);
    const missing = join(dir, 'none.db');
    expect(await runCli(['qualify', 'x', '--db', missing])).toEqual({
      code: 1,
      stdout: '',
      stderr: `zhida qualify: no library at ${missing}; fill one with zhida demo, or pass --db\n`,
    });
  });
});
