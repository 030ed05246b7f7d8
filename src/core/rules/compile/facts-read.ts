import type { FactNeeds } from '../columns.ts';
import type { Benefit, Condition, Policy } from '../types.ts';

/** The facts and qualification names these policies read: the columns to build for them. */
export function factsRead(policies: Iterable<Policy>): FactNeeds {
  const facts = new Set<string>();
  const qualifications = new Set<string>();
  const condition = (node: Condition): void => {
    if ('all' in node) node.all.forEach(condition);
    else if ('any' in node) node.any.forEach(condition);
    else if ('not' in node) condition(node.not);
    else if ('fact' in node) facts.add(node.fact);
    else if ('qualification' in node) for (const name of node.qualification) qualifications.add(name);
    else if ('regionWithin' in node) facts.add('region');
    else if ('industryWithin' in node) facts.add('industry');
  };
  const benefit = (node: Benefit): void => {
    switch (node.kind) {
      case 'rate':
      case 'perUnit':
      case 'tiers':
        facts.add(node.of);
        if (node.kind === 'tiers') for (const tier of node.tiers) benefit(tier.benefit);
        break;
      case 'schedule':
        if (node.start !== undefined) facts.add(node.start);
        for (const entry of node.byYear) benefit(entry.benefit);
        break;
      case 'sum':
        node.parts.forEach(benefit);
        node.less?.forEach(benefit);
        break;
      case 'fixed':
        break;
    }
  };
  for (const policy of policies) {
    condition(policy.eligibility);
    if (policy.benefit !== null) benefit(policy.benefit);
  }
  // "age" reads "founded"; "sizeClass" reads industry, employees and the year's figures: built from the profile.
  return { facts, qualifications };
}
