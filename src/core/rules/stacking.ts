import type { Evaluation, Policy, TraceStep } from './types.ts';

/** A policy with its evaluation for one enterprise and year. */
export interface PolicyEvaluation {
  policy: Policy;
  evaluation: Evaluation;
}

/**
 * 就高不重复: of the eligible policies of one stacking group, only the one with the largest amount counts.
 *
 * Within each group, the eligible results with an amount compete: the largest `amount.max` wins, then the
 * largest `amount.min`, then the smaller policy id. Every other eligible result of the group that has an amount
 * is kept, with its status, but its amount becomes null and its trace ends with a "stacking" step naming the
 * policy that supersedes it. Unknown and ineligible results, and eligible ones whose amount is not known, are
 * left as they are: they cannot be compared yet. The input is not changed; the output keeps its order.
 */
export function applyStacking<T extends PolicyEvaluation>(results: readonly T[]): T[] {
  const winners = new Map<string, T>();
  for (const result of results) {
    const group = result.policy.stackingGroup;
    if (group === undefined || !competes(result)) continue;
    const best = winners.get(group);
    if (best === undefined || beats(result, best)) winners.set(group, result);
  }
  if (winners.size === 0) return results.slice();
  return results.map((result) => {
    const group = result.policy.stackingGroup;
    const winner = group === undefined ? undefined : winners.get(group);
    if (winner === undefined || winner === result || !competes(result)) return result;
    const step: TraceStep = {
      path: 'stacking',
      description: `就高不重复: superseded by ${winner.policy.id} (${winner.policy.title}) in stacking group ${group}`,
      values: {
        stackingGroup: group!,
        supersededBy: winner.policy.id,
        amountMax: result.evaluation.amount!.max,
        winnerAmountMax: winner.evaluation.amount!.max,
      },
      result: null,
    };
    const evaluation: Evaluation = { ...result.evaluation, amount: null, trace: [...result.evaluation.trace, step] };
    return { ...result, evaluation };
  });
}

function competes(result: PolicyEvaluation): boolean {
  return result.evaluation.status === 'eligible' && result.evaluation.amount !== null;
}

function beats(a: PolicyEvaluation, b: PolicyEvaluation): boolean {
  const x = a.evaluation.amount!;
  const y = b.evaluation.amount!;
  if (x.max !== y.max) return x.max > y.max;
  if (x.min !== y.min) return x.min > y.min;
  return a.policy.id < b.policy.id;
}
