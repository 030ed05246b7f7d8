import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { ZhidaError } from '../../core/errors.ts';
import type { EnterpriseProfile } from '../../core/profile/types.ts';
import { policyArbitrary, profileArbitrary, YEAR } from '../../core/rules/test-arbitraries.ts';
import { expectedResults, shiftYears, type RowResult } from '../../core/rules/test-differential.ts';
import type { Policy } from '../../core/rules/types.ts';
import { listMatches, type PolicyMatchRow } from '../../db/rules.repository.ts';
import { generateEnterprises } from '../enterprises/demo.ts';
import { qualifyPolicy, refreshMatches, REFRESH_ACTION } from './bulk.ts';
import { publishedPolicies } from './policies.ts';
import { publishPolicy } from './publish.ts';

// Bulk matching through the database, on both dialects: refreshMatches and qualifyPolicy must give what the
// one-by-one evaluator gives, row by row (the columnar engine itself is held to it in core/rules/compile.test.ts
// with many more runs; here the paging, the storage and the reading back are under test too).

/** The stored row as a result: a pair without a row is ineligible; amounts and missing facts as stored. */
function storedResult(row: PolicyMatchRow | undefined): Omit<RowResult, 'supersededBy'> {
  if (row === undefined) return { status: 'ineligible', amount: null, missing: [] };
  return {
    status: row.status,
    amount: row.amount_min === null ? null : { min: row.amount_min, max: row.amount_max! },
    missing: JSON.parse(row.missing) as string[],
  };
}

/** The evaluator's result as the table stores it (−0 is 0). */
function asStored({ status, amount, missing }: RowResult): Omit<RowResult, 'supersededBy'> {
  return { status, amount: amount === null ? null : { min: amount.min + 0, max: amount.max + 0 }, missing };
}

describe.each(DIALECTS)('bulk matching on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  async function reset(): Promise<void> {
    await database.db.deleteFrom('policy_match').execute();
    await database.db.deleteFrom('enterprise').execute();
    await database.db.deleteFrom('policy_version').execute();
    await database.db.deleteFrom('policy').execute();
  }

  /** Stores the profiles as enterprises as they are (rough ones too: the matcher must cope with any stored JSON). */
  async function storeProfiles(profiles: readonly EnterpriseProfile[], keepCodes = false): Promise<number[]> {
    if (profiles.length === 0) return [];
    const now = new Date().toISOString();
    const code = (profile: EnterpriseProfile, i: number): string =>
      keepCodes ? profile.uscc : `TEST${String(i).padStart(14, '0')}`;
    const rows = await database.db
      .insertInto('enterprise')
      .values(
        profiles.map((profile, i) => ({
          uscc: code(profile, i),
          name: `测试企业${i}`,
          region: typeof profile.region === 'string' ? profile.region : '',
          industry: typeof profile.industry === 'string' ? profile.industry : null,
          profile: JSON.stringify(profile),
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'uscc'])
      .execute();
    const byUscc = new Map(rows.map((row) => [row.uscc, row.id]));
    return profiles.map((profile, i) => byUscc.get(code(profile, i))!);
  }

  async function publish(policies: readonly Policy[]): Promise<void> {
    for (const policy of policies) {
      const outcome = await publishPolicy(database, policy, 'test');
      expect(outcome.ok).toBe(true);
    }
  }

  it('refreshMatches stores exactly what the evaluator says, over random policies and profiles', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(policyArbitrary, { minLength: 1, maxLength: 6, selector: (p) => p.id }),
        fc.array(profileArbitrary, { minLength: 0, maxLength: 15 }),
        fc.integer({ min: 1, max: 8 }),
        async (policies, profiles, pageSize) => {
          await reset();
          await publish(policies);
          const ids = await storeProfiles(profiles);
          const outcome = await refreshMatches(database, YEAR, { actor: 'test', pageSize });
          const rows = await listMatches(database.db, { year: YEAR });
          const byPair = new Map(rows.map((row) => [`${row.policy_id} ${row.enterprise_id}`, row]));
          let stored = 0;
          profiles.forEach((profile, i) => {
            const expected = expectedResults(policies, profile, YEAR);
            policies.forEach((policy, p) => {
              const row = byPair.get(`${policy.id} ${ids[i]}`);
              if (row !== undefined) stored++;
              expect({ policy, profile, result: storedResult(row) }).toEqual({
                policy,
                profile,
                result: asStored(expected[p]!),
              });
            });
          });
          expect(rows).toHaveLength(stored);
          expect(outcome).toMatchObject({ year: YEAR, policies: policies.length, enterprises: profiles.length });
          expect(outcome.eligible + outcome.unknown).toBe(rows.length);
          expect(new Set(rows.map((row) => row.policy_version))).toEqual(new Set(rows.length ? [1] : []));
        },
      ),
      { numRuns: 20 },
    );
  });

  describe('with the bundled pack over a demo population', () => {
    const year = 2026;
    let pack: Policy[];
    let profiles: Map<number, EnterpriseProfile>;
    beforeAll(async () => {
      await reset();
      const withPack = await openTestDatabase(dialect, { pack: true });
      try {
        pack = await publishedPolicies(withPack);
      } finally {
        await withPack.drop();
      }
      await publish(pack);
      // The demo's figures are for 2023–2025; one year on, so the pack's 2026 sums have figures to work on.
      const population = [...generateEnterprises(600, 11)].map((profile) => shiftYears(profile, 1));
      const ids = await storeProfiles(population, true);
      profiles = new Map(ids.map((id, i) => [id, population[i]!]));
    });

    it('refreshes every match row by row as the evaluator, replaces the year in one go and audits it', async () => {
      const first = await refreshMatches(database, year, { actor: 'cli:test', pageSize: 150 });
      expect(first).toMatchObject({ year, policies: pack.length, enterprises: 600, replaced: 0 });
      expect(first.eligible).toBeGreaterThan(100);
      expect(first.unknown).toBeGreaterThan(10);
      const again = await refreshMatches(database, year, { actor: 'cli:test' });
      expect(again).toMatchObject({ replaced: first.eligible + first.unknown, eligible: first.eligible });

      const rows = await listMatches(database.db, { year });
      expect(rows).toHaveLength(first.eligible + first.unknown);
      const byPair = new Map(rows.map((row) => [`${row.policy_id} ${row.enterprise_id}`, row]));
      expect(rows.filter((row) => row.amount_max !== null).length).toBeGreaterThan(5);
      for (const [id, profile] of profiles) {
        const expected = expectedResults(pack, profile, year);
        pack.forEach((policy, p) => {
          expect(storedResult(byPair.get(`${policy.id} ${id}`))).toEqual(asStored(expected[p]!));
        });
      }
      const audit = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', REFRESH_ACTION)
        .where('actor', '=', 'cli:test')
        .orderBy('id')
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({ actor: 'cli:test', entity: 'policy_match', entity_id: String(year) });
      expect(JSON.parse(audit[1]!.detail)).toMatchObject({ policies: pack.length, enterprises: 600 });
      // Another year's rows are left alone.
      await refreshMatches(database, year + 1, { actor: 'cli:test' });
      expect(await listMatches(database.db, { year })).toHaveLength(rows.length);
    });

    it('qualifyPolicy lists the enterprises that qualify, as the evaluator says', async () => {
      for (const id of ['sh-mfg.basic-research', 'sh-mfg.energy-saving', 'suzhou-services.enterprise-platform']) {
        const p = pack.findIndex((policy) => policy.id === id);
        expect(p).toBeGreaterThanOrEqual(0);
        const result = await qualifyPolicy(database, id, year, { includeUnknown: true, pageSize: 70 });
        expect(result.policy).toMatchObject({ id, version: 1, status: 'published' });
        const expected = [...profiles.values()]
          .map((profile) => ({ uscc: profile.uscc, result: asStored(expectedResults(pack, profile, year)[p]!) }))
          .filter(({ result }) => result.status !== 'ineligible');
        expect(
          result.rows.map(({ uscc, status, amount, missing }) => ({ uscc, result: { status, amount, missing } })),
        ).toEqual(expect.arrayContaining(expected));
        expect(result.rows).toHaveLength(expected.length);
        const eligibleOnly = await qualifyPolicy(database, id, year);
        expect(eligibleOnly.rows).toEqual(result.rows.filter((row) => row.status === 'eligible'));
      }
      const energy = await qualifyPolicy(database, 'sh-mfg.energy-saving', year);
      expect(energy.rows.filter((row) => row.amount !== null).length).toBeGreaterThan(0);
      const first = energy.rows[0]!;
      expect(Object.keys(first)).toEqual([
        'uscc',
        'name',
        'region',
        'industry',
        'status',
        'amount',
        'missing',
        'supersededBy',
      ]);
      const maxima = energy.rows.map((row) => row.amount?.max ?? -1);
      expect(maxima).toEqual([...maxima].sort((a, b) => b - a));
    });

    it('qualifyPolicy refuses an unknown policy', async () => {
      const failure = await qualifyPolicy(database, 'no.such-policy', year).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ZhidaError);
      expect(failure).toMatchObject({ id: 'policy.not_found', message: 'no policy with the id no.such-policy' });
    });
  });
});
