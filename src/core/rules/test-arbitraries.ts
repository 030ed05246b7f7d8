import fc from 'fast-check';
import type { EnterpriseProfile } from '../profile/types.ts';
import { METRICS, QUALIFICATIONS } from './facts.ts';
import type { Benefit, Comparison, Condition, Policy } from './types.ts';

// fast-check generators of valid policies and of profiles, for the property tests of the evaluator and for the
// differential tests of the bulk matcher (which must agree with the evaluator on every input). The values
// cluster on the figures the pack uses so boundaries (含/不含) are hit often.

export const YEAR = 2026;

const REGIONS = ['310000', '310115', '310104', '320000', '320506', '320571', '440300', '440305', '370102'];
const INDUSTRIES = ['C', 'C39', 'C397', 'C3973', 'C3911', 'C36', 'I6520', 'I65', 'J6731', 'L72', 'Q84', 'O8010'];
const QUALIFICATION_NAMES = Object.keys(QUALIFICATIONS);
/** Metrics the size rule does not read alone (建筑业's totalAssets would make sizeClass depend on its absence). */
const METRIC_KEYS = Object.keys(METRICS).filter((key) => key !== 'totalAssets');

const 万 = 10_000;
const INTERESTING = [0, 1, 999 * 万, 1000 * 万, 4999.99 * 万, 5000 * 万, 9999 * 万, 1e8, 2e8, 6000, 8000 * 万, 0.5, -1];

export const amountValue = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.integer({ min: -1000, max: 3e8 }),
  fc.double({ min: -1e3, max: 1e9, noNaN: true, noDefaultInfinity: true }),
);

const yearValue = fc.integer({ min: YEAR - 4, max: YEAR + 1 });

export const profileArbitrary: fc.Arbitrary<EnterpriseProfile> = fc.record(
  {
    uscc: fc.constant('91310115MA1H7GXXXX'),
    name: fc.constant('测试企业'),
    region: fc.constantFrom(...REGIONS),
    industry: fc.constantFrom(...INDUSTRIES),
    founded: fc.constantFrom('2010-03-15', '2023-07-01', '2024-12-31', '2026-01-01'),
    employees: fc.constantFrom(0, 5, 19, 20, 99, 100, 299, 300, 1000, 5000),
    qualifications: fc.array(
      fc.record({ name: fc.constantFrom(...QUALIFICATION_NAMES), year: yearValue }, { requiredKeys: ['name'] }),
      { maxLength: 4 },
    ),
    metrics: fc.dictionary(
      fc.constantFrom(String(YEAR - 1), String(YEAR), String(YEAR + 1)),
      fc.dictionary(fc.constantFrom(...METRIC_KEYS), amountValue, { maxKeys: 6 }),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['uscc', 'name', 'region'] },
);

const numericFact = fc.oneof(
  fc.constantFrom(...METRIC_KEYS).map((key) => `metrics.${key}`),
  fc.constantFrom('metrics.revenue@-1', 'employees', 'age'),
);

const comparison = fc.constantFrom<Comparison>('=', '!=', '<', '<=', '>', '>=');

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: numericFact, op: comparison, value: fc.constantFrom(...INTERESTING) }),
  fc
    .record({
      fact: numericFact,
      bounds: fc.tuple(fc.option(fc.constantFrom(...INTERESTING)), fc.option(fc.constantFrom(...INTERESTING))),
      inclusive: fc.tuple(fc.boolean(), fc.boolean()),
    })
    .filter(({ bounds: [a, b] }) => a !== null || b !== null)
    .map(({ fact, bounds: [a, b], inclusive }): Condition => {
      const [lower, upper] = a !== null && b !== null && a > b ? [b, a] : [a, b];
      const flags: [boolean, boolean] = lower !== null && lower === upper ? [true, true] : inclusive;
      return { fact, between: [lower, upper], inclusive: flags };
    }),
  fc.record({
    fact: fc.constant('industry'),
    in: fc.uniqueArray(fc.constantFrom(...INDUSTRIES), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    fact: fc.constant('sizeClass'),
    in: fc.subarray(['large', 'medium', 'small', 'micro'], { minLength: 1 }),
  }),
  fc
    .record({
      qualification: fc.uniqueArray(fc.constantFrom(...QUALIFICATION_NAMES), { minLength: 1, maxLength: 2 }),
      window: fc.option(fc.tuple(fc.integer({ min: -3, max: 0 }), fc.integer({ min: 0, max: 1 }))),
    })
    .map(({ qualification, window }): Condition =>
      window === null ? { qualification } : { qualification, fromYear: window[0], toYear: window[1], relative: true },
    ),
  fc.record({ regionWithin: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }) }),
  fc.record({ industryWithin: fc.uniqueArray(fc.constantFrom(...INDUSTRIES), { minLength: 1, maxLength: 2 }) }),
);

export const conditionArbitrary: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition;

const money = fc.constantFrom(0, 200_000, 5_000_000, 10_000_000, 20_000_000);
const range = (values: number[]) =>
  fc.oneof(
    fc.constantFrom(...values),
    fc
      .tuple(fc.constantFrom(...values), fc.constantFrom(...values))
      .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
  );

const simpleBenefit: fc.Arbitrary<Benefit> = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), amount: money, upTo: fc.boolean() }),
  fc.record(
    {
      kind: fc.constant('rate' as const),
      of: numericFact,
      rate: range([0, 0.8, 1.3, 3, 30, 100]),
      cap: money,
      upTo: fc.boolean(),
    },
    { requiredKeys: ['kind', 'of', 'rate'] },
  ),
  fc.record(
    { kind: fc.constant('perUnit' as const), of: numericFact, perUnit: range([0, 1000, 2000]), cap: money },
    { requiredKeys: ['kind', 'of', 'perUnit'] },
  ),
);

const tiers: fc.Arbitrary<Benefit> = fc
  .record({
    of: numericFact,
    cuts: fc.uniqueArray(fc.constantFrom(...INTERESTING), { minLength: 1, maxLength: 3 }),
    lowerInclusive: fc.boolean(),
    benefits: fc.array(simpleBenefit, { minLength: 4, maxLength: 4 }),
  })
  .map(({ of, cuts, lowerInclusive, benefits }): Benefit => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const bounds = [null, ...sorted, null];
    const flags: [boolean, boolean] = [lowerInclusive, !lowerInclusive];
    return {
      kind: 'tiers',
      of,
      tiers: bounds
        .slice(0, -1)
        .map((min, i) => ({ min, max: bounds[i + 1]!, inclusive: flags, benefit: benefits[i]! })),
    };
  });

export const benefitArbitrary: fc.Arbitrary<Benefit> = fc.oneof(
  simpleBenefit,
  tiers,
  fc.record({
    kind: fc.constant('schedule' as const),
    start: fc.constantFrom(...QUALIFICATION_NAMES).map((name) => `qualifications.${name}`),
    byYear: fc
      .uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
      .chain((years) => fc.tuple(...years.sort().map((year) => simpleBenefit.map((benefit) => ({ year, benefit }))))),
  }),
  fc.record(
    {
      kind: fc.constant('sum' as const),
      parts: fc.array(simpleBenefit, { minLength: 1, maxLength: 2 }),
      less: fc.array(simpleBenefit, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['kind', 'parts'] },
  ),
);

let counter = 0;

export const policyArbitrary: fc.Arbitrary<Policy> = fc
  .record({
    eligibility: conditionArbitrary,
    benefit: fc.option(benefitArbitrary),
    stackingGroup: fc.option(fc.constantFrom('g1', 'g2')),
    validity: fc.option(fc.constantFrom<[string, string]>(['2026-01-01', '2028-12-31'], ['2024-01-01', '2025-12-31'])),
  })
  .map(({ eligibility, benefit, stackingGroup, validity }) => {
    const policy: Policy = {
      id: `random.${counter++}`,
      version: 1,
      title: '随机政策',
      regions: ['310000'],
      eligibility,
      benefit,
      sources: [{ document: null, article: '随机', measure: 1, text: '随机生成的政策。' }],
    };
    if (stackingGroup !== null) policy.stackingGroup = stackingGroup;
    if (validity !== null) [policy.validFrom, policy.validTo] = validity;
    return policy;
  });
