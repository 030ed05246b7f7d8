import type { TFunction } from 'i18next';
import type { MatchReport, Policy } from '../../server/api.ts';
import type { Language } from '../i18n/i18n.ts';
import { describeBenefit, describeCondition } from './describeRule.ts';
import { factsInWords } from './facts.ts';

// A step of the engine's trace in the reader's words. The engine describes each step in its own terse English
// ("metrics.energySavedTce > 0"); the step's path names the node of the policy it evaluated, so with the policy at
// hand the node is described as the policy page describes it. Without it, the fact names alone are put in words.

type TraceStep = MatchReport['matches'][number]['trace'][number];

/** The node at a trace path ("eligibility.all[1]", "benefit.tiers[2].benefit") of the policy, if there is one. */
function nodeAt(policy: Policy, path: string): unknown {
  let node: unknown = policy;
  for (const part of path.split('.')) {
    const match = /^(\w+)(?:\[(\d+)\])?$/.exec(part);
    if (!match || typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[match[1]!];
    if (match[2] !== undefined) node = Array.isArray(node) ? node[Number(match[2])] : undefined;
  }
  return node;
}

export function stepInWords(step: TraceStep, policy: Policy | undefined, t: TFunction, language: Language): string {
  const words = { t, language };
  const value = (key: string) => String(step.values[key] ?? '…');
  if (step.path === 'validity') {
    if (step.values.validFrom == null && step.values.validTo == null) return t('trace.always', { date: value('date') });
    return t('trace.validity', { from: value('validFrom'), to: value('validTo'), date: value('date') });
  }
  if (step.path === 'stacking') return t('trace.stacking', { by: value('supersededBy') });
  const node = policy ? nodeAt(policy, step.path) : undefined;
  if (typeof node === 'object' && node !== null) {
    if (step.path.startsWith('eligibility')) return describeCondition(node as Policy['eligibility'], words).text;
    if ('kind' in node) return describeBenefit(node as NonNullable<Policy['benefit']>, words).text;
  }
  return factsInWords(step.description, t, language);
}
