import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeFacts, validateProfile } from '../../core/profile/facts.ts';
import { sizeClassOf } from '../../core/profile/size-class.ts';
import { validateUscc } from '../../core/profile/uscc.ts';
import { regionWithin } from '../../core/regions/region-table.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { buildDemo, generateEnterprises, generatePopulation } from './demo.ts';
import { getProfile } from './profiles.ts';

describe('generateEnterprises', () => {
  it('gives the same population for the same seed, another for another seed', () => {
    const a = [...generateEnterprises(500, 42)];
    const b = [...generateEnterprises(500, 42)];
    const c = [...generateEnterprises(500, 43)];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.filter((p, i) => p.uscc === c[i]!.uscc)).toHaveLength(0);
    // A longer run begins with the shorter one.
    expect([...generateEnterprises(100, 42)]).toEqual(a.slice(0, 100));
  });

  it('makes valid, unique profiles whose facts give back the profile', () => {
    const codes = new Set<string>();
    for (const { profile, facts } of generatePopulation(3000, 7)) {
      expect(validateUscc(profile.uscc)).toEqual({ ok: true });
      expect(validateProfile(profile)).toEqual({ profile });
      expect(mergeFacts(profile.uscc, facts).profile).toEqual(profile);
      codes.add(profile.uscc);
    }
    expect(codes.size).toBe(3000);
  });

  it('has the shape of a real population', () => {
    const profiles = [...generateEnterprises(20_000, 1)];
    const share = (test: (p: (typeof profiles)[number]) => boolean) => profiles.filter(test).length / profiles.length;
    const sizes = { large: 0, medium: 0, small: 0, micro: 0, unknown: 0 };
    for (const p of profiles) sizes[sizeClassOf(p).sizeClass ?? 'unknown']++;
    expect(sizes.micro + sizes.small).toBeGreaterThan(0.75 * profiles.length);
    expect(sizes.medium).toBeGreaterThan(0.02 * profiles.length);
    expect(sizes.large).toBeGreaterThan(0);
    expect(sizes.large).toBeLessThan(0.01 * profiles.length);
    expect(share((p) => regionWithin(p.region, '310000'))).toBeGreaterThan(0.1);
    expect(share((p) => regionWithin(p.region, '320500'))).toBeGreaterThan(0.06);
    expect(share((p) => regionWithin(p.region, '440300'))).toBeGreaterThan(0.04);
    expect(share((p) => p.industry?.startsWith('C') === true)).toBeGreaterThan(0.4);
    // Missing on purpose: unknown is not zero.
    expect(share((p) => p.industry === undefined)).toBeGreaterThan(0.01);
    expect(share((p) => p.employees === undefined)).toBeGreaterThan(0.02);
    const has = (q: string) => share((p) => p.qualifications?.some((x) => x.name === q) === true);
    expect(has('高新技术企业')).toBeGreaterThan(0.03);
    expect(has('专精特新“小巨人”企业')).toBeGreaterThan(0);
    expect(has('国家级绿色工厂')).toBeGreaterThan(0);
    expect(has('首台（套）重大技术装备') + has('首批次新材料')).toBeGreaterThan(0);
    const metric = (k: string) => share((p) => Object.values(p.metrics ?? {}).some((m) => m[k] !== undefined));
    for (const k of [
      'rdSpend',
      'basicResearchSpend',
      'energySavedTce',
      'techUpgradeFinancingCost',
      'firstSetContractAmount',
      'keyPartsStockLoan',
    ]) {
      expect(metric(k), k).toBeGreaterThan(0);
    }
    expect(
      Object.keys(profiles.find((p) => p.metrics)!.metrics!).every((y) => ['2023', '2024', '2025'].includes(y)),
    ).toBe(true);
  });
});

describe.each(DIALECTS)('zhida demo on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('stores the population with its facts, one audit entry, and refuses to run twice', async () => {
    const outcome = await buildDemo(database, { enterprises: 400, seed: 5, actor: 'test' });
    const expected = [...generatePopulation(400, 5)];
    expect(outcome).toMatchObject({
      enterprises: 400,
      seed: 5,
      facts: expected.reduce((n, e) => n + e.facts.length, 0),
    });
    const rows = await database.db
      .selectFrom('enterprise')
      .select(['uscc', 'profile', 'size_class'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.uscc)).toEqual(expected.map((e) => e.profile.uscc));
    expect(JSON.parse(rows[17]!.profile)).toEqual(expected[17]!.profile);
    expect(rows[17]!.size_class).toBe(sizeClassOf(expected[17]!.profile).sizeClass);
    const view = await getProfile(database, expected[3]!.profile.uscc);
    expect(view?.profile).toEqual(expected[3]!.profile);
    expect(view?.provenance.name).toEqual({ source: 'demo:市场监管局', asOf: '2025-12-31', authoritative: true });
    const audit = await database.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['enterprise.demo']);
    await expect(buildDemo(database, { enterprises: 10, seed: 5, actor: 'test' })).rejects.toThrow(/already holds 400/);
  });
});
