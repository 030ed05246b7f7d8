// The benchmarks' policy set: the bundled pack (78) plus variants of it (other provinces, thresholds ×1.5 and ×2,
// sum policies in stacking groups per province) and random valid policies, to any count. Seeded: the same count
// and seed give the same policies, so runs compare.
import fc from 'fast-check';
import pack from '../data/policy-pack/bulletin-2026-sample.json' with { type: 'json' };
import { policyArbitrary } from '../src/core/rules/test-arbitraries.ts';
import type { Condition, Policy } from '../src/core/rules/types.ts';
import { validatePolicy } from '../src/core/rules/validate.ts';

const PROVINCES = ['320000', '330000', '440000', '370000', '110000', '510000', '420000', '350000'];

/** The pack policy moved to another province, its numeric thresholds scaled. */
function variant(policy: Policy, i: number): Policy {
  const region = PROVINCES[i % PROVINCES.length]!;
  const scale = 1 + (i % 3) * 0.5;
  const rewrite = (c: Condition): Condition => {
    if ('all' in c) return { ...c, all: c.all.map(rewrite) };
    if ('any' in c) return { ...c, any: c.any.map(rewrite) };
    if ('not' in c) return { ...c, not: rewrite(c.not) };
    if ('regionWithin' in c) return { ...c, regionWithin: [region] };
    if ('fact' in c && c.fact.startsWith('metrics.')) {
      if ('op' in c && typeof c.value === 'number') return { ...c, value: c.value * scale };
      if ('between' in c) {
        const [lo, hi] = c.between;
        return { ...c, between: [lo === null ? null : lo * scale, hi === null ? null : hi * scale] };
      }
    }
    return c;
  };
  const moved: Policy = {
    ...policy,
    id: `${policy.id}.bench-${i}`,
    regions: [region],
    eligibility: rewrite(policy.eligibility),
  };
  // Sum policies of one province compete (就高不重复), so stacking has work to do.
  if (policy.benefit !== null) moved.stackingGroup = `bench.${region}`;
  return moved;
}

export function benchPolicies(count: number, seed: number): Policy[] {
  const base = pack as unknown as Policy[];
  const policies = [...base];
  const extra = Math.max(0, count - base.length);
  const withSums = base.filter((p) => p.benefit !== null);
  const others = base.filter((p) => p.benefit === null);
  const order = [...withSums, ...others];
  const variants = Math.ceil(extra * 0.7);
  for (let i = 0; i < variants; i++) policies.push(variant(order[i % order.length]!, i));
  const random = fc.sample(policyArbitrary, { numRuns: extra - variants, seed });
  random.forEach((p, i) => policies.push({ ...p, id: `bench.random-${i}` }));
  for (const policy of policies) {
    const checked = validatePolicy(policy);
    if (!checked.ok) throw new Error(`bench policy ${policy.id} is invalid: ${checked.errors[0]!.message}`);
  }
  return policies.slice(0, Math.max(count, 1));
}
