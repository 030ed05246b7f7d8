/* eslint-disable @typescript-eslint/no-explicit-any -- each case breaks one node of an otherwise valid policy */
import { describe, expect, it } from 'vitest';
import { formatErrors, validatePack, validatePolicy } from './validate.ts';

const TEXT = '达到或者超过1亿元/年的，给予一次性财政补助1000万元；5000万元（含）至1亿元（不含）/年的，给予500万元。';

/** A valid policy; each test breaks one node of a copy. */
function base(): Record<string, unknown> {
  return {
    id: 'test.basic-research',
    version: 1,
    title: '基础研究投入补助',
    regions: ['310000'],
    validFrom: '2026-01-01',
    validTo: '2028-12-31',
    eligibility: {
      all: [
        { regionWithin: ['310000'] },
        { industryWithin: ['C39'] },
        { fact: 'metrics.basicResearchSpend', between: [50_000_000, null], inclusive: [true, false] },
      ],
    },
    benefit: {
      kind: 'tiers',
      of: 'metrics.basicResearchSpend',
      tiers: [
        { min: 50_000_000, max: 100_000_000, inclusive: [true, false], benefit: { kind: 'fixed', amount: 5_000_000 } },
        {
          min: 100_000_000,
          max: null,
          benefit: { kind: 'fixed', amount: 10_000_000 },
          source: '达到或者超过1亿元/年的',
        },
      ],
    },
    sources: [{ document: '某行动方案', article: '上海实施四大行动', measure: 2, text: TEXT }],
  };
}

/** base() with `edit` applied, validated; returns "path: message" lines. */
function errorsOf(edit: (p: Record<string, any>) => void): string[] {
  const policy = base();
  edit(policy);
  const result = validatePolicy(policy);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validatePolicy', () => {
  it('accepts a valid policy and returns it typed', () => {
    const result = validatePolicy(base());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy.id).toBe('test.basic-research');
  });

  it.each([
    [
      'a between whose lower bound is above its upper bound',
      (p: any) => (p.eligibility.all[2] = { fact: 'employees', between: [5000, 1000] }),
      'eligibility.all[2].between: lower bound 5000 is above upper bound 1000',
    ],
    [
      'a between that holds no value',
      (p: any) => (p.eligibility.all[2] = { fact: 'employees', between: [10, 10], inclusive: [true, false] }),
      'eligibility.all[2].between: no value lies between 10 and 10',
    ],
    [
      'a between open at both ends',
      (p: any) => (p.eligibility.all[2] = { fact: 'employees', between: [null, null] }),
      'eligibility.all[2].between: both bounds are open: give a lower bound, an upper bound or both',
    ],
    [
      'an unknown fact key',
      (p: any) => (p.eligibility.all[2] = { fact: 'turnover', op: '>', value: 1 }),
      'eligibility.all[2].fact: unknown fact "turnover"',
    ],
    [
      'an unknown metric',
      (p: any) => (p.eligibility.all[2].fact = 'metrics.profit'),
      'eligibility.all[2].fact: unknown metric "profit" (see docs/rules.md)',
    ],
    [
      'an unknown operator',
      (p: any) => (p.eligibility.all[2] = { fact: 'employees', op: '=>', value: 5 }),
      'eligibility.all[2].op: unknown operator "=>" (expected = != < <= > >=)',
    ],
    [
      'an ordering operator on a text fact',
      (p: any) => (p.eligibility.all[2] = { fact: 'industry', op: '<', value: 'C39' }),
      'eligibility.all[2].op: "industry" is text: only = and != compare it',
    ],
    [
      'a value of the wrong type',
      (p: any) => (p.eligibility.all[2] = { fact: 'employees', op: '>', value: '100' }),
      'eligibility.all[2].value: "100" is not a number',
    ],
    [
      'an empty all',
      (p: any) => (p.eligibility = { all: [] }),
      'eligibility.all: empty "all": list at least one condition',
    ],
    [
      'an empty any deep down',
      (p: any) => (p.eligibility.all[1] = { not: { any: [] } }),
      'eligibility.all[1].not.any: empty "any": list at least one condition',
    ],
    [
      'an unknown condition',
      (p: any) => (p.eligibility.all[0] = { regionIn: ['310000'] }),
      'eligibility.all[0]: unknown condition "regionIn" (expected all, any, not, fact with op/between/in, qualification, regionWithin or industryWithin)',
    ],
    [
      'a bad region code in a condition',
      (p: any) => (p.eligibility.all[0].regionWithin = ['310000', '999999']),
      'eligibility.all[0].regionWithin[1]: "999999" is not a GB/T 2260 region code',
    ],
    [
      'a bad region code of the policy',
      (p: any) => (p.regions = ['31']),
      'regions[0]: "31" is not a GB/T 2260 region code',
    ],
    [
      'a bad industry code',
      (p: any) => (p.eligibility.all[1].industryWithin = ['C99']),
      'eligibility.all[1].industryWithin[0]: "C99" is not a GB/T 4754-2017 industry code',
    ],
    [
      'an unknown qualification',
      (p: any) => (p.eligibility.all[1] = { qualification: ['绿色工厂'] }),
      'eligibility.all[1].qualification[0]: unknown qualification "绿色工厂" (see docs/rules.md)',
    ],
    [
      'a qualification window backwards',
      (p: any) => (p.eligibility.all[1] = { qualification: ['国家级绿色工厂'], fromYear: 2026, toYear: 2024 }),
      'eligibility.all[1]: fromYear 2026 is after toYear 2024',
    ],
    [
      'tiers out of order',
      (p: any) => p.benefit.tiers.reverse(),
      "benefit.tiers[1]: out of order: its lower bound 50000000 is below tier 0's 100000000",
    ],
    [
      'tiers overlapping inside',
      (p: any) => (p.benefit.tiers[1].min = 90_000_000),
      'benefit.tiers[1]: overlaps tier 0: 90000000 lies inside tier 0',
    ],
    [
      'tiers both including their shared bound (含 twice)',
      (p: any) => (p.benefit.tiers[0].inclusive = [true, true]),
      'benefit.tiers[1]: overlaps tier 0: both include 100000000 (含)',
    ],
    [
      'a tier whose bounds are reversed',
      (p: any) => (p.benefit.tiers[0].max = 40_000_000),
      'benefit.tiers[0]: lower bound 50000000 is above upper bound 40000000',
    ],
    [
      'a negative cap',
      (p: any) => (p.benefit = { kind: 'rate', of: 'metrics.firstSetContractAmount', rate: 30, cap: -1 }),
      'benefit.cap: negative cap -1',
    ],
    [
      'a negative fixed amount in a tier',
      (p: any) => (p.benefit.tiers[0].benefit.amount = -5),
      'benefit.tiers[0].benefit.amount: negative amount -5',
    ],
    [
      'a rate above 100',
      (p: any) => (p.benefit = { kind: 'rate', of: 'metrics.keyPartsStockLoan', rate: [0.8, 130] }),
      'benefit.rate: rate 130% is outside 0–100',
    ],
    [
      'a rate range backwards',
      (p: any) => (p.benefit = { kind: 'rate', of: 'metrics.keyPartsStockLoan', rate: [1.3, 0.8] }),
      'benefit.rate: lower rate 1.3 is above upper rate 0.8',
    ],
    [
      'a rate of a text fact',
      (p: any) => (p.benefit = { kind: 'rate', of: 'industry', rate: 3 }),
      'benefit.of: "industry" is not a number',
    ],
    [
      'an unknown benefit kind',
      (p: any) => (p.benefit = { kind: 'grant', amount: 5 }),
      'benefit.kind: unknown benefit kind "grant" (expected fixed, rate, perUnit, tiers, schedule, sum)',
    ],
    [
      'a schedule with repeated years',
      (p: any) =>
        (p.benefit = {
          kind: 'schedule',
          byYear: [
            { year: 2026, benefit: { kind: 'fixed', amount: 1 } },
            { year: 2026, benefit: { kind: 'fixed', amount: 2 } },
          ],
        }),
      'benefit.byYear[1].year: years must ascend without repeats: 2026 follows 2026',
    ],
    [
      'a programme schedule from year 0',
      (p: any) =>
        (p.benefit = {
          kind: 'schedule',
          start: 'qualifications.安居创业帮扶计划',
          byYear: [{ year: 0, benefit: { kind: 'fixed', amount: 1 } }],
        }),
      'benefit.byYear[0].year: programme years count from 1',
    ],
    [
      'missing sources',
      (p: any) => delete p.sources,
      'sources: missing: cite at least one source (document, article, measure, text)',
    ],
    [
      'empty sources',
      (p: any) => (p.sources = []),
      'sources: missing: cite at least one source (document, article, measure, text)',
    ],
    ['a source without its text', (p: any) => (p.sources[0].text = ''), "sources[0].text: must be the measure's text"],
    [
      'a node sentence not quoted from the sources',
      (p: any) => (p.benefit.tiers[1].source = '超过1亿元的'),
      `benefit.tiers[1].source: "超过1亿元的" is not quoted from any of the policy's sources`,
    ],
    [
      'a missing benefit',
      (p: any) => delete p.benefit,
      'benefit: missing: a benefit formula, or null when no sum is stated',
    ],
    [
      'an unknown key',
      (p: any) => (p.eligibility.all[0].strict = true),
      'eligibility.all[0].strict: unknown key "strict"',
    ],
    ['a bad date', (p: any) => (p.validTo = '2028-02-30'), 'validTo: "2028-02-30" is not an ISO date (YYYY-MM-DD)'],
    [
      'validity backwards',
      (p: any) => (p.validFrom = '2029-01-01'),
      'validTo: 2028-12-31 is before validFrom 2029-01-01',
    ],
    [
      'a bad id',
      (p: any) => (p.id = 'Basic Research'),
      'id: must be lowercase letters, digits, ".", "-" or "_" (starting with a letter or digit)',
    ],
  ])('names the node of %s', (_what, edit, expected) => {
    expect(errorsOf(edit)).toEqual([expected]);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf((p) => {
      p.regions = [];
      p.eligibility.all[0].regionWithin = ['x'];
      p.benefit.kind = 'bonus';
    });
    expect(errors).toEqual([
      'regions: must list the issuing regions (GB/T 2260 codes)',
      'eligibility.all[0].regionWithin[0]: "x" is not a GB/T 2260 region code',
      'benefit.kind: unknown benefit kind "bonus" (expected fixed, rate, perUnit, tiers, schedule, sum)',
    ]);
  });

  it('refuses what is not a policy object', () => {
    expect(validatePolicy([])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'a policy must be a JSON object' }],
    });
    expect(validatePolicy(null).ok).toBe(false);
  });

  it('formats errors one per line', () => {
    expect(formatErrors([{ path: 'a.b', message: 'wrong' }])).toBe('a.b: wrong');
  });
});

describe('validatePack', () => {
  it('prefixes paths with the policy index and refuses repeated ids', () => {
    const broken = base();
    broken.version = 0;
    const result = validatePack([base(), base(), broken]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: '[1].id', message: '"test.basic-research" is also policy [0]' },
        { path: '[2].version', message: 'must be a whole number from 1' },
      ],
    });
  });

  it('refuses what is not an array', () => {
    expect(validatePack({}).ok).toBe(false);
  });
});
