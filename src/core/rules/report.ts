import type { EnterpriseProfile } from '../profile/types.ts';
import { evaluateWithFacts, ProfileFacts, type EvaluateOptions } from './evaluate.ts';
import { applyStacking, type PolicyEvaluation } from './stacking.ts';
import type { Match, MatchReport, Policy, Status } from './types.ts';

const RANK: Record<Status, number> = { eligible: 0, unknown: 1, ineligible: 2 };

/**
 * Orders results as the contract says: eligible first, then unknown, then ineligible; within eligible and
 * unknown the largest amount first (amount.max, then amount.min; no amount last); ties by policy id.
 */
export function compareResults(a: PolicyEvaluation, b: PolicyEvaluation): number {
  const rank = RANK[a.evaluation.status] - RANK[b.evaluation.status];
  if (rank !== 0) return rank;
  if (a.evaluation.status !== 'ineligible') {
    const x = a.evaluation.amount;
    const y = b.evaluation.amount;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x.max !== y.max) return y.max - x.max;
    else if (x.min !== y.min) return y.min - x.min;
  }
  return a.policy.id < b.policy.id ? -1 : a.policy.id > b.policy.id ? 1 : 0;
}

/** The contract's Match: the policy as cited, and its evaluation. */
export function toMatch({ policy, evaluation }: PolicyEvaluation): Match {
  return {
    policy: {
      id: policy.id,
      title: policy.title,
      regions: policy.regions,
      sources: policy.sources.map((s) => ({
        document: s.document,
        article: s.article,
        measure: s.measure,
        text: s.text,
      })),
    },
    status: evaluation.status,
    amount: evaluation.amount,
    missing: evaluation.missing,
    trace: evaluation.trace,
  };
}

/** Every policy evaluated for one enterprise and year, stacked (就高不重复) and ordered as the contract says. */
export function evaluateAll(
  policies: readonly Policy[],
  profile: EnterpriseProfile,
  options: EvaluateOptions,
): PolicyEvaluation[] {
  const facts = new ProfileFacts(profile, options);
  const results = policies.map((policy) => ({ policy, evaluation: evaluateWithFacts(policy, facts) }));
  return applyStacking(results).sort(compareResults);
}

/** The contract's MatchReport of one enterprise for one year. */
export function matchReport(
  policies: readonly Policy[],
  profile: EnterpriseProfile,
  year: number,
  options: Omit<EvaluateOptions, 'year'> = {},
): MatchReport {
  return { uscc: profile.uscc, year, matches: evaluateAll(policies, profile, { ...options, year }).map(toMatch) };
}
