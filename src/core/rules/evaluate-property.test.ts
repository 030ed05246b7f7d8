import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import pack from '../../../data/policy-pack/bulletin-2026-sample.json' with { type: 'json' };
import type { EnterpriseProfile } from '../profile/types.ts';
import { evaluatePolicy } from './evaluate.ts';
import { evaluateAll, matchReport } from './report.ts';
import { policyArbitrary, profileArbitrary, YEAR } from './test-arbitraries.ts';
import type { Policy, Status } from './types.ts';
import { validatePolicy } from './validate.ts';

const packPolicies = pack as unknown as Policy[];
const anyPolicy = fc.oneof(policyArbitrary, fc.constantFrom(...packPolicies));

/** Every way of forgetting one fact of a profile (the fact becomes unknown, never zero or "not held"). */
function forgettable(profile: EnterpriseProfile): ((p: EnterpriseProfile) => EnterpriseProfile)[] {
  const ways: ((p: EnterpriseProfile) => EnterpriseProfile)[] = [];
  for (const key of ['industry', 'founded', 'employees', 'qualifications', 'metrics'] as const) {
    if (profile[key] !== undefined) {
      ways.push((p) => {
        const copy = structuredClone(p);
        delete copy[key];
        return copy;
      });
    }
  }
  ways.push((p) => ({ ...structuredClone(p), region: '' }));
  for (const [year, figures] of Object.entries(profile.metrics ?? {})) {
    for (const key of Object.keys(figures)) {
      ways.push((p) => {
        const copy = structuredClone(p);
        delete copy.metrics![year]![key];
        return copy;
      });
    }
  }
  (profile.qualifications ?? []).forEach((q, i) => {
    if (q.year !== undefined) {
      ways.push((p) => {
        const copy = structuredClone(p);
        delete copy.qualifications![i]!.year;
        return copy;
      });
    }
  });
  return ways;
}

describe('evaluation properties', () => {
  it('the generated policies are valid', () => {
    fc.assert(
      fc.property(policyArbitrary, (policy) => {
        const result = validatePolicy(policy);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, even on malformed profiles', () => {
    const malformed = fc.record({
      uscc: fc.string(),
      name: fc.string(),
      region: fc.oneof(fc.string(), fc.anything()),
      industry: fc.anything(),
      founded: fc.anything(),
      employees: fc.anything(),
      qualifications: fc.oneof(fc.anything(), fc.array(fc.anything())),
      metrics: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('2025', '2026'), fc.anything())),
    });
    fc.assert(
      fc.property(anyPolicy, fc.oneof(profileArbitrary, malformed as fc.Arbitrary<unknown>), (policy, profile) => {
        evaluatePolicy(policy, profile as EnterpriseProfile, { year: YEAR });
      }),
      { numRuns: 1000 },
    );
  });

  it('gives 0 ≤ min ≤ max, no amount when ineligible, and missing facts sorted and unique', () => {
    fc.assert(
      fc.property(anyPolicy, profileArbitrary, (policy, profile) => {
        const { status, amount, missing } = evaluatePolicy(policy, profile, { year: YEAR });
        if (amount !== null) {
          expect(amount.min).toBeGreaterThanOrEqual(0);
          expect(amount.min).toBeLessThanOrEqual(amount.max);
        }
        if (status === 'ineligible') expect({ amount, missing }).toEqual({ amount: null, missing: [] });
        expect(missing).toEqual([...new Set(missing)].sort());
        if (status === 'unknown') expect(missing.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('forgetting a fact never decides a result the other way: it can only become unknown', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        profileArbitrary.chain((profile) => {
          const ways = forgettable(profile);
          return fc.tuple(
            fc.constant(profile),
            ways.length ? fc.constantFrom(...ways) : fc.constant((p: EnterpriseProfile) => p),
          );
        }),
        (policy, [profile, forget]) => {
          const before = evaluatePolicy(policy, profile, { year: YEAR }).status;
          const after = evaluatePolicy(policy, forget(profile), { year: YEAR }).status;
          expect([before, 'unknown']).toContain(after);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an unknown result becomes eligible or ineligible once its missing facts are known, never needing others', () => {
    // Completing a profile with every fact decides every policy.
    const complete: EnterpriseProfile = {
      uscc: 'x',
      name: 'x',
      region: '310115',
      industry: 'C3973',
      founded: '2020-01-01',
      employees: 50,
      qualifications: [],
      metrics: Object.fromEntries(
        [YEAR - 1, YEAR].map((y) => [
          String(y),
          {
            revenue: 1e7,
            output: 1,
            rdSpend: 1,
            basicResearchSpend: 5e7,
            energySavedTce: 1,
            techUpgradeFinancingCost: 1,
            firstSetContractAmount: 1,
            keyPartsStockLoan: 1,
            listedRent: 1,
            totalAssets: 1,
          },
        ]),
      ),
    };
    fc.assert(
      fc.property(anyPolicy, (policy) => {
        const status: Status = evaluatePolicy(policy, complete, { year: YEAR }).status;
        expect(status).not.toBe('unknown');
      }),
      { numRuns: 500 },
    );
  });

  it('decides the same without the trace: status, amount and missing facts, stacked and ordered alike', () => {
    const summary = ({ policy, evaluation }: ReturnType<typeof evaluateAll>[number]) => ({
      id: policy.id,
      status: evaluation.status,
      amount: evaluation.amount,
      missing: evaluation.missing,
    });
    fc.assert(
      fc.property(fc.array(anyPolicy, { minLength: 1, maxLength: 12 }), profileArbitrary, (policies, profile) => {
        for (const policy of policies) {
          const { trace, ...traced } = evaluatePolicy(policy, profile, { year: YEAR });
          expect(trace.length).toBeGreaterThan(0);
          expect(evaluatePolicy(policy, profile, { year: YEAR, trace: false })).toEqual({ ...traced, trace: [] });
        }
        // Distinct ids: the pack's policies may be drawn twice.
        const distinct = [...new Map(policies.map((p) => [p.id, p])).values()];
        expect(evaluateAll(distinct, profile, { year: YEAR, trace: false }).map(summary)).toEqual(
          evaluateAll(distinct, profile, { year: YEAR }).map(summary),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('stacks to at most one counted sum per group, and orders the report as the contract says', () => {
    fc.assert(
      fc.property(fc.array(policyArbitrary, { minLength: 1, maxLength: 12 }), profileArbitrary, (policies, profile) => {
        const results = evaluateAll(policies, profile, { year: YEAR });
        const counted = new Map<string, number>();
        for (const { policy, evaluation } of results) {
          if (policy.stackingGroup && evaluation.status === 'eligible' && evaluation.amount !== null) {
            counted.set(policy.stackingGroup, (counted.get(policy.stackingGroup) ?? 0) + 1);
          }
        }
        for (const n of counted.values()) expect(n).toBe(1);
        const report = matchReport(policies, profile, YEAR);
        const rank = { eligible: 0, unknown: 1, ineligible: 2 };
        const ranks = report.matches.map((m) => rank[m.status]);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        const eligible = report.matches.filter((m) => m.status === 'eligible').map((m) => m.amount?.max ?? -1);
        expect(eligible).toEqual([...eligible].sort((a, b) => b - a));
      }),
      { numRuns: 300 },
    );
  });
});
