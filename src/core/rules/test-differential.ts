import type { EnterpriseProfile } from '../profile/types.ts';
import { evaluateWithFacts, ProfileFacts } from './evaluate.ts';
import { applyStacking } from './stacking.ts';
import type { AmountRange, Policy, Status } from './types.ts';

// The reference side of the differential tests of the bulk matcher (compile.test.ts, services/rules/bulk.test.ts):
// what the one-by-one evaluator says, stacked, in the terms the bulk results are compared in.

/** One policy's result for one enterprise, without the trace. */
export interface RowResult {
  status: Status;
  amount: AmountRange | null;
  missing: string[];
  /** the policy whose sum counts instead (就高不重复), or null */
  supersededBy: string | null;
}

export const INELIGIBLE_ROW: RowResult = { status: 'ineligible', amount: null, missing: [], supersededBy: null };

/** Every policy evaluated one by one for the profile, stacked (就高不重复), in the order given. */
export function expectedResults(policies: readonly Policy[], profile: EnterpriseProfile, year: number): RowResult[] {
  const facts = new ProfileFacts(profile, { year });
  const stacked = applyStacking(policies.map((policy) => ({ policy, evaluation: evaluateWithFacts(policy, facts) })));
  return stacked.map(({ evaluation }) => {
    const step = evaluation.trace.at(-1);
    return {
      status: evaluation.status,
      amount: evaluation.amount,
      missing: evaluation.missing,
      supersededBy: step?.path === 'stacking' ? String(step.values.supersededBy) : null,
    };
  });
}

/**
 * The profile with every year moved by `by` (metrics and award years): the demo population has figures for
 * 2023–2025, the pack's sums are for 2026–2028, so a population "one year on" exercises the sums.
 */
export function shiftYears(profile: EnterpriseProfile, by: number): EnterpriseProfile {
  const shifted: EnterpriseProfile = { ...profile };
  if (profile.metrics !== undefined) {
    shifted.metrics = Object.fromEntries(
      Object.entries(profile.metrics).map(([year, figures]) => [String(Number(year) + by), figures]),
    );
  }
  if (profile.qualifications !== undefined) {
    shifted.qualifications = profile.qualifications.map((q) =>
      q.year === undefined ? q : { ...q, year: q.year + by },
    );
  }
  return shifted;
}
