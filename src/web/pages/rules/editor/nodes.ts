import type { Policy } from '../../../../server/api.ts';

// The node kinds the form offers, and a fresh node of each: what a node becomes when its kind is changed in the
// builder (keeping the sentence it cites).

export type Condition = Policy['eligibility'];
export type Benefit = NonNullable<Policy['benefit']>;

export const CONDITION_KINDS = [
  'all',
  'any',
  'not',
  'compare',
  'between',
  'in',
  'qualification',
  'regionWithin',
  'industryWithin',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export const BENEFIT_KINDS = [
  'fixed',
  'rate',
  'perUnit',
  'tiers',
  'schedule',
  'sum',
] as const satisfies readonly Benefit['kind'][];

export function conditionKind(condition: Condition): ConditionKind {
  if ('all' in condition) return 'all';
  if ('any' in condition) return 'any';
  if ('not' in condition) return 'not';
  if ('qualification' in condition) return 'qualification';
  if ('regionWithin' in condition) return 'regionWithin';
  if ('industryWithin' in condition) return 'industryWithin';
  if ('between' in condition) return 'between';
  return 'in' in condition ? 'in' : 'compare';
}

export function newCondition(kind: ConditionKind, source?: string): Condition {
  const cited = source ? { source } : {};
  switch (kind) {
    case 'all':
      return { ...cited, all: [newCondition('compare')] };
    case 'any':
      return { ...cited, any: [newCondition('compare')] };
    case 'not':
      return { ...cited, not: newCondition('compare') };
    case 'compare':
      return { ...cited, fact: 'employees', op: '>=', value: 0 };
    case 'between':
      return { ...cited, fact: 'metrics.revenue', between: [0, null], inclusive: [true, true] };
    case 'in':
      return { ...cited, fact: 'sizeClass', in: ['small', 'micro'] };
    case 'qualification':
      return { ...cited, qualification: ['高新技术企业'] };
    case 'regionWithin':
      return { ...cited, regionWithin: [] };
    case 'industryWithin':
      return { ...cited, industryWithin: [] };
  }
}

export function newBenefit(kind: Benefit['kind'], source?: string): Benefit {
  const cited = source ? { source } : {};
  switch (kind) {
    case 'fixed':
      return { ...cited, kind, amount: 0 };
    case 'rate':
      return { ...cited, kind, of: 'metrics.revenue', rate: 10 };
    case 'perUnit':
      return { ...cited, kind, of: 'metrics.energySavedTce', perUnit: 1000 };
    case 'tiers':
      return { ...cited, kind, of: 'metrics.revenue', tiers: [{ min: 0, max: null, benefit: newBenefit('fixed') }] };
    case 'schedule':
      return { ...cited, kind, byYear: [{ year: new Date().getFullYear(), benefit: newBenefit('fixed') }] };
    case 'sum':
      return { ...cited, kind, parts: [newBenefit('fixed')] };
  }
}

/** The policy a new form starts from: an operator's own region as the policy's region and first condition. */
export function blankPolicy(region: string | null): Policy {
  const regions = region ? [region] : [];
  return {
    id: '',
    version: 1,
    title: '',
    regions,
    eligibility: { all: regions.length > 0 ? [{ regionWithin: regions }] : [newCondition('compare')] },
    benefit: null,
    sources: [{ document: null, article: '', measure: null, text: '' }],
  };
}
