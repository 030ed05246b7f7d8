import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchReport, Status } from '../src/core/rules/types.ts';
import { openDatabase } from '../src/db/database.ts';
import { runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// `zhida match` as users run it, on a fresh database of each dialect: the bundled pack answers.

const dir = mkdtempSync(join(tmpdir(), 'zhida-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeProfile(name: string, profile: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof profile === 'string' ? profile : JSON.stringify(profile));
  return path;
}

const 万 = 10_000;
const pudong = writeProfile('pudong.json', {
  uscc: '91310115MA1H7GXH5D',
  name: '浦东测试集成电路有限公司',
  region: '310115',
  industry: 'C3973',
  qualifications: [
    { name: '国家级绿色工厂', year: 2026 },
    { name: '首台（套）重大技术装备', year: 2025 },
  ],
  metrics: { '2026': { basicResearchSpend: 5000 * 万, energySavedTce: 6000, firstSetContractAmount: 8000 * 万 } },
});
const suzhou = writeProfile('suzhou.json', {
  uscc: '91320506MA1K2P3Q83',
  name: '苏州测试有限公司',
  region: '320506',
  metrics: { '2026': { basicResearchSpend: 2 * 100_000_000 } },
});

const RANK: Record<Status, number> = { eligible: 0, unknown: 1, ineligible: 2 };

describe.each(DIALECTS)('zhida match on %s', (dialect) => {
  let database: TestDatabase;
  let target: string;
  beforeAll(async () => {
    // A fresh database: SQLite, a file the command creates; PostgreSQL, an empty schema (the pack not loaded).
    if (dialect === 'sqlite') {
      target = join(dir, 'fresh.db');
    } else {
      database = await openTestDatabase('postgres');
      target = database.target;
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  const match = (profile: string, ...more: string[]) =>
    runCli(['match', '--profile', profile, '--year', '2026', '--db', target, ...more], database?.env ?? {});

  it('prints the MatchReport: eligible by amount, then unknown, then ineligible', async () => {
    const { code, stdout, stderr } = await match(pudong);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as MatchReport;
    expect(Object.keys(report)).toEqual(['uscc', 'year', 'matches']);
    expect(report).toMatchObject({ uscc: '91310115MA1H7GXH5D', year: 2026 });
    for (const m of report.matches) {
      expect(Object.keys(m)).toEqual(['policy', 'status', 'amount', 'missing', 'trace']);
      expect(Object.keys(m.policy)).toEqual(['id', 'title', 'regions', 'sources']);
      for (const s of m.policy.sources) expect(Object.keys(s)).toEqual(['document', 'article', 'measure', 'text']);
      expect(m.trace.length).toBeGreaterThan(0);
    }
    const ranks = report.matches.map((m) => RANK[m.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(report.matches.slice(0, 4).map((m) => [m.policy.id, m.status, m.amount])).toEqual([
      ['sh-mfg.first-set', 'eligible', { min: 0, max: 2000 * 万 }],
      ['sh-mfg.energy-saving', 'eligible', { min: 600 * 万, max: 1000 * 万 }],
      ['sh-mfg.basic-research', 'eligible', { min: 500 * 万, max: 500 * 万 }],
      ['sh-mfg.green-factory', 'eligible', { min: 20 * 万, max: 20 * 万 }],
    ]);
    const techUpgrade = report.matches.find((m) => m.policy.id === 'sh-mfg.tech-upgrade');
    expect(techUpgrade).toMatchObject({ status: 'unknown', missing: ['metrics.techUpgradeFinancingCost'] });
    expect(techUpgrade?.policy.sources).toHaveLength(2);
  });

  it('answers again from the same database, the pack not stored twice', async () => {
    const { code, stdout } = await match(suzhou, '--compact');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as MatchReport;
    const basic = report.matches.find((m) => m.policy.id === 'sh-mfg.basic-research');
    expect(basic).toMatchObject({ status: 'ineligible', amount: null });
    expect(report.matches.find((m) => m.policy.id === 'suzhou-services.enterprise-platform')?.status).toBe('eligible');
    expect(new Set(report.matches.map((m) => m.policy.id)).size).toBe(report.matches.length);
    const opened = dialect === 'sqlite' ? await openDatabase(target) : database;
    const versions = await opened.db.selectFrom('policy_version').select('policy_id').execute();
    if (dialect === 'sqlite') await opened.close();
    expect(versions).toHaveLength(report.matches.length);
  });

  it('refuses a bad profile with one line and exit 1', async () => {
    const bad = writeProfile('bad.json', { uscc: '91310115MA1H7GXH5D', name: 'x', region: '999999' });
    const { code, stdout, stderr } = await match(bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`zhida match: ${bad}: not a valid profile: region: 999999 is not a GB/T 2260 region code\n`);
    const notJson = writeProfile('not.json', '{"uscc":');
    const second = await match(notJson);
    expect(second.code).toBe(1);
    expect(second.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(second.stderr).toContain(`zhida match: ${notJson}: not a JSON profile:`);
    expect((await match(join(dir, 'missing.json'))).stderr).toBe(
      `zhida match: ${join(dir, 'missing.json')}: no such file\n`,
    );
  });
});

describe('zhida match usage', () => {
  it('wants --profile and a four-digit --year', async () => {
    expect((await runCli(['match', '--year', '2026'])).code).toBe(2);
    const { code, stderr } = await runCli(['match', '--profile', 'x.json', '--year', '26']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a four-digit year');
  });
});
