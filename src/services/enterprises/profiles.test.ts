import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../core/profile/facts.ts';
import { makeUscc } from '../../core/profile/uscc.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { getProfile, upsertFacts } from './profiles.ts';

const USCC = makeUscc({ region: '440305', body: 'MA5XYW12' });
const registry = { source: '市场监管局', asOf: '2025-06-30', authoritative: true };
const survey = { source: 'self-reported', asOf: '2025-06-30', authoritative: false };

describe.each(DIALECTS)('profiles on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('creates an enterprise from its facts and recomputes the profile and size class as facts come', async () => {
    const first: Fact[] = [
      { key: 'name', value: '深圳示例智能科技有限公司', provenance: registry },
      { key: 'region', value: '440305', provenance: registry },
      { key: 'industry', value: 'C3964', provenance: registry },
      { key: 'employees', value: 15, provenance: registry },
    ];
    const created = await upsertFacts(database, USCC, first, 'test');
    expect(created.sizeClass).toMatchObject({ sizeClass: 'micro' }); // under 20 persons: micro, revenue or not

    // The same day, a self-report says 400: the authoritative 15 stands. A later filing says 320: it wins.
    await upsertFacts(database, USCC, [{ key: 'employees', value: 400, provenance: survey }], 'test');
    expect((await getProfile(database, USCC))?.profile.employees).toBe(15);
    const later = await upsertFacts(
      database,
      USCC,
      [
        { key: 'employees', value: 320, provenance: { ...registry, source: '人社局', asOf: '2025-12-31' } },
        {
          key: 'metrics.revenue',
          year: 2025,
          value: 250_000_000,
          provenance: { ...registry, source: '税务局', asOf: '2026-05-31' },
        },
      ],
      'test',
    );
    expect(later.profile).toMatchObject({ employees: 320, metrics: { '2025': { revenue: 250_000_000 } } });
    expect(later.provenance.employees?.source).toBe('人社局');
    expect(later.sizeClass).toMatchObject({ sizeClass: 'medium', sector: '工业' });
    expect(later.facts).toHaveLength(7);
    const row = await database.db.selectFrom('enterprise').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ employees: 320, size_class: 'medium', industry: 'C3964' });
    const audit = await database.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['enterprise.create', 'enterprise.update', 'enterprise.update']);
  });

  it('refuses facts that would make the profile invalid, and writes none of them', async () => {
    const before = (await getProfile(database, USCC))!.facts.length;
    await expect(
      upsertFacts(
        database,
        USCC,
        [{ key: 'region', value: '449999', provenance: { ...registry, asOf: '2026-01-01' } }],
        'test',
      ),
    ).rejects.toThrow(/region: 449999 is not a GB\/T 2260 region code/);
    const other = makeUscc({ region: '440305', body: 'MA5XYW13' });
    await expect(
      upsertFacts(database, other, [{ key: 'employees', value: 3, provenance: registry }], 'test'),
    ).rejects.toThrow(/needs its name and region/);
    expect((await getProfile(database, USCC))!.facts).toHaveLength(before);
    expect(await getProfile(database, other)).toBeUndefined();
  });
});
