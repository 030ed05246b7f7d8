import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import pack from '../../../data/policy-pack/bulletin-2026-sample.json' with { type: 'json' };
import { generateEnterprises } from '../../services/enterprises/population.ts';
import type { EnterpriseProfile } from '../profile/types.ts';
import { allFacts, buildColumns, type FactNeeds } from './columns.ts';
import {
  amountAt,
  CHUNK,
  compilePolicy,
  ELIGIBLE,
  factsRead,
  matchColumns,
  supersededAt,
  UNKNOWN,
  type PolicyMatches,
} from './compile.ts';
import { policyArbitrary, profileArbitrary, YEAR } from './test-arbitraries.ts';
import { expectedResults, INELIGIBLE_ROW, shiftYears, type RowResult } from './test-differential.ts';
import type { Policy } from './types.ts';

const packPolicies = pack as unknown as Policy[];

/** The bulk result of `row` for policy `p` (a row not listed is ineligible). */
function bulkResult(matches: PolicyMatches[], p: number, row: number): RowResult {
  const m = matches[p]!;
  let lo = 0;
  let hi = m.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m.rows[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  if (lo === m.count || m.rows[lo] !== row) return INELIGIBLE_ROW;
  const winner = supersededAt(m, lo);
  return {
    status: m.status[lo] === ELIGIBLE ? 'eligible' : m.status[lo] === UNKNOWN ? 'unknown' : 'ineligible',
    amount: amountAt(m, lo),
    missing: [...m.missingLists[m.missing[lo]!]!],
    supersededBy: winner < 0 ? null : matches[winner]!.policy.id,
  };
}

/** Both ways of evaluating conditions: fused into one generated loop (with guards), and node by node. */
const MODES = [{ fuse: true }, { fuse: false }] as const;

function expectAgreement(policies: readonly Policy[], profiles: readonly EnterpriseProfile[], needs?: FactNeeds) {
  const columns = buildColumns(profiles, YEAR, { needs: needs ?? factsRead(policies) });
  const expected = profiles.map((profile) => expectedResults(policies, profile, YEAR));
  for (const mode of MODES) {
    const matches = matchColumns(policies.map((policy) => compilePolicy(policy, columns, mode)));
    profiles.forEach((profile, row) => {
      policies.forEach((policy, p) => {
        const actual = bulkResult(matches, p, row);
        if (JSON.stringify(actual) !== JSON.stringify(expected[row]![p])) {
          expect({ mode, policy, profile, actual }).toEqual({ mode, policy, profile, actual: expected[row]![p] });
        }
      });
    });
  }
}

/** Profiles as they come from imports and hand-written files: some facts absent, empty or of the wrong type. */
const roughProfile: fc.Arbitrary<EnterpriseProfile> = fc
  .tuple(
    profileArbitrary,
    fc.constantFrom('none', 'no-region', 'odd-industry', 'no-list', 'undated', 'text-figure', 'bad-date'),
  )
  .map(([profile, change]) => {
    const p = structuredClone(profile) as EnterpriseProfile & Record<string, unknown>;
    if (change === 'no-region') p.region = '';
    if (change === 'odd-industry') p.industry = 'Z99';
    if (change === 'no-list') delete p.qualifications;
    if (change === 'undated') p.qualifications = (p.qualifications ?? []).map((q) => ({ name: q.name }));
    if (change === 'text-figure' && p.metrics?.[String(YEAR)]) {
      (p.metrics[String(YEAR)] as Record<string, unknown>).revenue = '1000';
    }
    if (change === 'bad-date') p.founded = 'yesterday';
    return p;
  });

const anyProfile = fc.oneof(profileArbitrary, roughProfile);

describe('the compiled columnar matcher agrees with the evaluator', () => {
  it('on random policies and random profiles (status, amount, missing facts, stacking)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: policyArbitrary }, fc.constantFrom(...packPolicies)), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(anyProfile, { minLength: 1, maxLength: 40 }),
        (policies, profiles) => expectAgreement(policies, profiles),
      ),
      { numRuns: 400 },
    );
  });

  it('on competing policies of one stacking group (就高不重复, ties to the smaller id)', () => {
    // Eligible everywhere the profiles are, so their sums compete.
    const everywhere = { any: ['310000', '320000', '440000', '370000'].map((code) => ({ regionWithin: [code] })) };
    const competing = policyArbitrary.map((policy): Policy => ({
      ...policy,
      eligibility: everywhere,
      stackingGroup: 'g',
    }));
    fc.assert(
      fc.property(
        fc.array(competing, { minLength: 2, maxLength: 6 }),
        fc.array(profileArbitrary, { maxLength: 20 }),
        (policies, profiles) => expectAgreement(policies, profiles),
      ),
      { numRuns: 200 },
    );
  });

  it('with every fact built, not only those the policies read', () => {
    fc.assert(
      fc.property(
        fc.array(policyArbitrary, { minLength: 1, maxLength: 4 }),
        fc.array(anyProfile, { maxLength: 20 }),
        (policies, profiles) => expectAgreement(policies, profiles, allFacts()),
      ),
      { numRuns: 100 },
    );
  });

  it('across chunk boundaries, and for a range of rows only', () => {
    const profiles = fc.sample(anyProfile, { numRuns: CHUNK + 300, seed: 7 });
    const policies = [...fc.sample(policyArbitrary, { numRuns: 12, seed: 11 }), ...packPolicies.slice(0, 6)];
    expectAgreement(policies, profiles);
    const columns = buildColumns(profiles, YEAR, { needs: factsRead(policies) });
    const compiled = policies.map((policy) => compilePolicy(policy, columns));
    const whole = matchColumns(compiled);
    const part = matchColumns(compiled, { start: CHUNK - 5, end: CHUNK + 200 });
    policies.forEach((_, p) => {
      for (let row = CHUNK - 5; row < CHUNK + 200; row++) {
        expect(bulkResult(part, p, row)).toEqual(bulkResult(whole, p, row));
      }
      expect(part[p]!.rows.every((row) => row >= CHUNK - 5 && row < CHUNK + 200)).toBe(true);
    });
  });

  it('on the bundled pack over a seeded demo population: figures for the year, figures missing, out of force', () => {
    const demo = [...generateEnterprises(2000, 42)];
    // The demo's figures are for 2023–2025: one year on they meet the pack's 2026 sums; as they are, 2026's figures
    // are missing (unknown) and 2025 is before the manufacturing plan is in force.
    const cases = [
      { profiles: demo.map((profile) => shiftYears(profile, 1)), year: 2026 },
      { profiles: demo, year: 2026 },
      { profiles: demo, year: 2025 },
    ];
    for (const { profiles, year } of cases) {
      const columns = buildColumns(profiles, year, { needs: factsRead(packPolicies) });
      const matches = matchColumns(packPolicies.map((policy) => compilePolicy(policy, columns)));
      profiles.forEach((profile, row) => {
        const expected = expectedResults(packPolicies, profile, year);
        packPolicies.forEach((_, p) => expect(bulkResult(matches, p, row)).toEqual(expected[p]));
      });
      // The population is not trivial for the pack: some enterprises qualify, some are unknown.
      const count = (test: (m: PolicyMatches, j: number) => boolean) =>
        matches.reduce((n, m) => n + Array.from({ length: m.count }, (_, j) => j).filter((j) => test(m, j)).length, 0);
      expect(count((m, j) => m.status[j] === ELIGIBLE)).toBeGreaterThan(100);
      expect(count((m, j) => m.status[j] === UNKNOWN)).toBeGreaterThan(100);
      if (year === 2026 && profiles !== demo) expect(count((m, j) => amountAt(m, j) !== null)).toBeGreaterThan(20);
    }
  });

  it('refuses columns that lack a fact the policy reads, and policies compiled against other columns', () => {
    const columns = buildColumns([], YEAR, { needs: { facts: new Set(['region']), qualifications: new Set() } });
    const basic = packPolicies.find((p) => p.id === 'sh-mfg.basic-research')!;
    expect(() => compilePolicy(basic, columns)).toThrow('the columns do not hold metrics.basicResearchSpend');
    const other = buildColumns([], YEAR);
    const regional: Policy = {
      ...basic,
      id: 'test.regional',
      eligibility: { regionWithin: ['310000'] },
      benefit: null,
    };
    expect(() => matchColumns([compilePolicy(basic, other), compilePolicy(regional, columns)])).toThrow(
      'compiled against other columns',
    );
    expect(matchColumns([])).toEqual([]);
  });
});
