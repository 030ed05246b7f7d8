import { regionsWithin } from '../regions/region-path.ts';
import { evaluatePolicy } from '../rules/evaluate.ts';
import type { Condition, Policy } from '../rules/types.ts';

// Which enterprises a policy can reach at all. Most policies are issued for a region and say so in their
// eligibility: a regionWithin at the top (or among the members of a top-level all). Every enterprise whose region
// fails that test is ineligible, whatever else it holds, so a trigger that recomputes one policy need only read
// the enterprises whose region may pass (through the index on enterprise.region) instead of all of them.

/** The region codes a condition requires (one regionWithin at the top or inside top-level alls), or null. */
function required(condition: Condition): string[] | null {
  if ('regionWithin' in condition) return condition.regionWithin;
  if ('all' in condition) {
    for (const member of condition.all) {
      const codes = required(member);
      if (codes !== null) return codes;
    }
  }
  return null;
}

/**
 * Per policy, the codes its eligibility requires the enterprise's region to lie within; null when some policy
 * requires none (it may reach any enterprise, so nothing can be skipped).
 */
export function requiredRegions(policies: readonly Policy[]): string[][] | null {
  const out: string[][] = [];
  for (const policy of policies) {
    const codes = required(policy.eligibility);
    if (codes === null) return null;
    out.push(codes);
  }
  return out;
}

/**
 * The region values an enterprise may have and still not be ineligible for one of the policies: every GB/T 2260
 * code within a required region, and the empty one (a missing region is unknown, not ineligible), each confirmed by
 * the evaluator itself, so a value is kept exactly when the one-by-one evaluation would keep it. `values` defaults
 * to those candidates; any other value (not within, or not a code) is ineligible.
 */
export function reachableRegions(
  requirements: readonly string[][],
  values: readonly string[] = candidateRegions(requirements),
): string[] {
  const tests: Policy[] = requirements.map((codes, i) => ({
    id: `scope-${i}`,
    version: 1,
    title: 'scope',
    regions: [],
    eligibility: { regionWithin: codes },
    benefit: null,
    sources: [],
  }));
  return values.filter((region) =>
    tests.some((test) => evaluatePolicy(test, { uscc: '', name: '', region }, { year: 2000 }).status !== 'ineligible'),
  );
}

/** Every code within a required region, and the empty value. */
export function candidateRegions(requirements: readonly string[][]): string[] {
  const out = new Set<string>(['']);
  for (const codes of requirements) for (const code of codes) for (const within of regionsWithin(code)) out.add(within);
  return [...out];
}
