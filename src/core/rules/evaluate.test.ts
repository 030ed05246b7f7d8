import { describe, expect, it } from 'vitest';
import type { EnterpriseProfile, Provenance } from '../profile/types.ts';
import { evaluatePolicy } from './evaluate.ts';
import { matchReport } from './report.ts';
import { applyStacking } from './stacking.ts';
import type { Benefit, Condition, Policy } from './types.ts';
import { validatePolicy } from './validate.ts';

const TEXT = '符合条件的，给予支持。';

function policy(eligibility: Condition, benefit: Benefit | null = null, extra: Partial<Policy> = {}): Policy {
  const p: Policy = {
    id: 'test.policy',
    version: 1,
    title: '测试政策',
    regions: ['310000'],
    eligibility,
    benefit,
    sources: [{ document: null, article: '测试', measure: 1, text: TEXT }],
    ...extra,
  };
  const checked = validatePolicy(p);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return p;
}

const profile = (extra: Partial<EnterpriseProfile> = {}): EnterpriseProfile => ({
  uscc: '91310115MA1H7GXXXX',
  name: '测试企业',
  region: '310115',
  ...extra,
});

const withMetrics = (figures: Record<string, number>, year = '2026', extra: Partial<EnterpriseProfile> = {}) =>
  profile({ metrics: { [year]: figures }, ...extra });

const T = { fact: 'employees', op: '>=', value: 0 } as const; // true when employees is known
const F = { fact: 'employees', op: '<', value: 0 } as const; // false when employees is known
const U = { fact: 'metrics.rdSpend', op: '>', value: 0 } as const; // unknown: rdSpend is never given below

describe('three-valued logic (Kleene)', () => {
  const known = profile({ employees: 10 });
  const status = (c: Condition) => evaluatePolicy(policy(c), known, { year: 2026 }).status;

  it.each([
    ['all of true, true', { all: [T, T] }, 'eligible'],
    ['all with a false beats unknown', { all: [U, F] }, 'ineligible'],
    ['all with an unknown and no false', { all: [T, U] }, 'unknown'],
    ['any with a true beats unknown', { any: [U, T] }, 'eligible'],
    ['any with an unknown and no true', { any: [F, U] }, 'unknown'],
    ['any of false, false', { any: [F, F] }, 'ineligible'],
    ['not true', { not: T }, 'ineligible'],
    ['not false', { not: F }, 'eligible'],
    ['not unknown', { not: U }, 'unknown'],
  ] as [string, Condition, string][])('%s', (_what, condition, expected) => {
    expect(status(condition)).toBe(expected);
  });

  it('lists only the facts that would decide an unknown, sorted and unique', () => {
    const c: Condition = {
      all: [
        {
          any: [
            { fact: 'metrics.revenue', op: '>', value: 1 },
            { fact: 'metrics.output', op: '>', value: 1 },
          ],
        },
        { fact: 'metrics.revenue', op: '<', value: 100 },
        { any: [T, { fact: 'metrics.rdSpend', op: '>', value: 0 }] }, // decided true: rdSpend does not matter
      ],
    };
    const result = evaluatePolicy(policy(c), known, { year: 2026 });
    expect(result.status).toBe('unknown');
    expect(result.missing).toEqual(['metrics.output', 'metrics.revenue']);
  });

  it('lists nothing missing once a condition is false', () => {
    const result = evaluatePolicy(policy({ all: [U, F] }), known, { year: 2026 });
    expect(result).toMatchObject({ status: 'ineligible', missing: [], amount: null });
  });
});

describe('conditions', () => {
  const ev = (c: Condition, p: EnterpriseProfile, year = 2026) => evaluatePolicy(policy(c), p, { year });

  it.each([
    ['=', 5, 'eligible'],
    ['!=', 5, 'ineligible'],
    ['<', 6, 'eligible'],
    ['<=', 5, 'eligible'],
    ['>', 5, 'ineligible'],
    ['>=', 5, 'eligible'],
  ] as const)('compares employees 5 %s %d', (op, value, expected) => {
    expect(ev({ fact: 'employees', op, value }, profile({ employees: 5 })).status).toBe(expected);
  });

  it.each([
    [999, [true, true], 'ineligible'],
    [1000, [true, true], 'eligible'],
    [1000, [false, true], 'ineligible'],
    [5000, [true, true], 'eligible'],
    [5000, [true, false], 'ineligible'],
    [4999.99, [true, false], 'eligible'],
  ] as const)('between 1000 and 5000: %d with inclusive %j', (value, inclusive, expected) => {
    const c: Condition = { fact: 'metrics.revenue', between: [1000, 5000], inclusive: [...inclusive] };
    expect(ev(c, withMetrics({ revenue: value })).status).toBe(expected);
  });

  it('reads an open-ended between', () => {
    const c: Condition = { fact: 'metrics.revenue', between: [null, 100], inclusive: [true, false] };
    expect(ev(c, withMetrics({ revenue: -5 })).status).toBe('eligible');
    expect(ev(c, withMetrics({ revenue: 100 })).status).toBe('ineligible');
  });

  it('reads metrics of the evaluation year, and of earlier years with @-1', () => {
    const p = profile({ metrics: { '2025': { revenue: 10 }, '2026': { revenue: 20 } } });
    expect(ev({ fact: 'metrics.revenue', op: '=', value: 20 }, p).status).toBe('eligible');
    expect(ev({ fact: 'metrics.revenue@-1', op: '=', value: 10 }, p).status).toBe('eligible');
    expect(ev({ fact: 'metrics.revenue', op: '=', value: 10 }, p, 2025).status).toBe('eligible');
    const missing = ev({ fact: 'metrics.revenue@-1', op: '=', value: 10 }, p, 2025);
    expect(missing).toMatchObject({ status: 'unknown', missing: ['metrics.revenue@-1'] });
  });

  it('checks set membership', () => {
    const c: Condition = { fact: 'industry', in: ['C3973', 'I6520'] };
    expect(ev(c, profile({ industry: 'I6520' })).status).toBe('eligible');
    expect(ev(c, profile({ industry: 'C3911' })).status).toBe('ineligible');
    expect(ev(c, profile()).missing).toEqual(['industry']);
  });

  it('checks regions by the GB/T 2260 hierarchy', () => {
    const c: Condition = { regionWithin: ['310000'] };
    expect(ev(c, profile({ region: '310115' })).status).toBe('eligible');
    expect(ev(c, profile({ region: '310000' })).status).toBe('eligible');
    expect(ev(c, profile({ region: '320506' })).status).toBe('ineligible');
    expect(ev({ regionWithin: ['320500'] }, profile({ region: '320506' })).status).toBe('eligible');
    expect(ev(c, profile({ region: '' }))).toMatchObject({ status: 'unknown', missing: ['region'] });
  });

  it('checks industries by the GB/T 4754 hierarchy', () => {
    const c: Condition = { industryWithin: ['C397'] };
    expect(ev(c, profile({ industry: 'C3973' })).status).toBe('eligible');
    expect(ev(c, profile({ industry: 'C3911' })).status).toBe('ineligible');
    expect(ev({ industryWithin: ['C'] }, profile({ industry: 'C3911' })).status).toBe('eligible');
    expect(ev(c, profile())).toMatchObject({ status: 'unknown', missing: ['industry'] });
  });

  it('computes the size class, naming the facts it needs when they are missing', () => {
    const c: Condition = { fact: 'sizeClass', in: ['small', 'micro'] };
    // 工业: 从业人员 20–300 and 营业收入 300–2000万元 → small
    const small = withMetrics({ revenue: 10_000_000 }, '2026', { industry: 'C3911', employees: 50 });
    expect(ev(c, small).status).toBe('eligible');
    const large = withMetrics({ revenue: 500_000_000 }, '2026', { industry: 'C3911', employees: 2000 });
    expect(ev(c, large).status).toBe('ineligible');
    expect(ev(c, profile({ industry: 'C3911', employees: 50 }))).toMatchObject({
      status: 'unknown',
      missing: ['metrics.revenue'],
    });
    expect(ev(c, profile({ employees: 50 })).missing).toEqual(['industry']);
  });

  it('computes age in whole years on the evaluation date', () => {
    const c: Condition = { fact: 'age', op: '<', value: 3 };
    expect(ev(c, profile({ founded: '2023-07-02' })).status).toBe('eligible'); // 2 on 2026-07-01
    expect(ev(c, profile({ founded: '2023-07-01' })).status).toBe('ineligible'); // 3 that day
    expect(ev(c, profile()).missing).toEqual(['founded']);
  });

  describe('qualifications within a year window', () => {
    const firstThisYear: Condition = { qualification: ['国家级绿色工厂'], fromYear: 0, toYear: 0, relative: true };
    it.each([
      [[{ name: '国家级绿色工厂', year: 2026 }], 'eligible', []],
      [[{ name: '国家级绿色工厂', year: 2025 }], 'ineligible', []],
      [[{ name: '国家级绿色工厂', year: 2027 }], 'ineligible', []],
      [[{ name: '国家级绿色工厂' }], 'unknown', ['qualifications.国家级绿色工厂']],
      [[{ name: '高新技术企业', year: 2026 }], 'ineligible', []],
      [[], 'ineligible', []],
      [undefined, 'unknown', ['qualifications']],
    ])('%j', (qualifications, expected, missing) => {
      const result = ev(firstThisYear, profile(qualifications ? { qualifications } : {}));
      expect(result.status).toBe(expected);
      expect(result.missing).toEqual(missing);
    });

    it('reads absolute windows and no window', () => {
      const p = profile({ qualifications: [{ name: '高新技术企业', year: 2019 }] });
      expect(ev({ qualification: ['高新技术企业'], fromYear: 2018, toYear: 2020 }, p).status).toBe('eligible');
      expect(ev({ qualification: ['高新技术企业'], fromYear: 2020 }, p).status).toBe('ineligible');
      expect(
        ev({ qualification: ['高新技术企业'] }, profile({ qualifications: [{ name: '高新技术企业' }] })).status,
      ).toBe('eligible');
    });
  });
});

describe('validity dates', () => {
  const p = policy({ regionWithin: ['310000'] }, null, { validFrom: '2026-01-01', validTo: '2028-12-31' });
  it.each([
    [2025, undefined, 'ineligible'],
    [2026, undefined, 'eligible'],
    [2028, undefined, 'eligible'],
    [2029, undefined, 'ineligible'],
    [2025, '2025-12-31', 'ineligible'],
    [2026, '2026-01-01', 'eligible'],
  ])('year %d, date %s', (year, date, expected) => {
    const result = evaluatePolicy(p, profile(), date ? { year, date } : { year });
    expect(result.status).toBe(expected);
    expect(result.trace[0]).toMatchObject({ path: 'validity' });
  });
});

describe('amounts', () => {
  const eligible: Condition = { regionWithin: ['310000'] };
  const amount = (benefit: Benefit, figures: Record<string, number> = {}, extra: Partial<EnterpriseProfile> = {}) =>
    evaluatePolicy(policy(eligible, benefit), withMetrics(figures, '2026', extra), { year: 2026 });

  it('gives a fixed sum, and 0–X for "up to"', () => {
    expect(amount({ kind: 'fixed', amount: 200_000 }).amount).toEqual({ min: 200_000, max: 200_000 });
    expect(amount({ kind: 'fixed', amount: 200_000, upTo: true }).amount).toEqual({ min: 0, max: 200_000 });
  });

  it.each([
    [{ kind: 'rate', of: 'metrics.revenue', rate: 30 }, 1_000_000, { min: 300_000, max: 300_000 }],
    [{ kind: 'rate', of: 'metrics.revenue', rate: 30, cap: 200_000 }, 1_000_000, { min: 200_000, max: 200_000 }],
    [{ kind: 'rate', of: 'metrics.revenue', rate: 30, upTo: true, cap: 200_000 }, 1_000_000, { min: 0, max: 200_000 }],
    [{ kind: 'rate', of: 'metrics.revenue', rate: [0.8, 1.3] }, 12_345_678, { min: 98_765.42, max: 160_493.81 }],
    [{ kind: 'perUnit', of: 'metrics.revenue', perUnit: [1000, 2000], cap: 10_000_000 }, 6000, { min: 6e6, max: 1e7 }],
    [
      { kind: 'perUnit', of: 'metrics.revenue', perUnit: [1000, 2000], cap: 10_000_000 },
      20_000,
      { min: 1e7, max: 1e7 },
    ],
    [{ kind: 'rate', of: 'metrics.revenue', rate: 30 }, -100, { min: 0, max: 0 }],
  ] as [Benefit, number, object][])('%j of %d', (benefit, revenue, expected) => {
    expect(amount(benefit, { revenue }).amount).toEqual(expected);
  });

  it('keeps the status and names the fact when the sum needs a missing one', () => {
    const result = amount({ kind: 'rate', of: 'metrics.firstSetContractAmount', rate: 30 });
    expect(result).toMatchObject({ status: 'eligible', amount: null, missing: ['metrics.firstSetContractAmount'] });
  });

  it('gives no amount when no tier holds', () => {
    const tiers: Benefit = {
      kind: 'tiers',
      of: 'metrics.revenue',
      tiers: [{ min: 10, max: null, benefit: { kind: 'fixed', amount: 1 } }],
    };
    const result = amount(tiers, { revenue: 5 });
    expect(result).toMatchObject({ status: 'eligible', amount: null, missing: [] });
    expect(result.trace.at(-1)?.description).toContain('no tier holds');
  });

  it('follows a calendar schedule', () => {
    const schedule: Benefit = {
      kind: 'schedule',
      byYear: [
        { year: 2026, benefit: { kind: 'fixed', amount: 100 } },
        { year: 2027, benefit: { kind: 'fixed', amount: 50 } },
      ],
    };
    const p = policy(eligible, schedule);
    expect(evaluatePolicy(p, profile(), { year: 2026 }).amount).toEqual({ min: 100, max: 100 });
    expect(evaluatePolicy(p, profile(), { year: 2027 }).amount).toEqual({ min: 50, max: 50 });
    expect(evaluatePolicy(p, profile(), { year: 2028 }).amount).toBeNull();
  });

  it('adds parts and takes away deductions, never below 0', () => {
    const sum: Benefit = {
      kind: 'sum',
      parts: [
        { kind: 'fixed', amount: 1000 },
        { kind: 'rate', of: 'metrics.revenue', rate: [1, 2] },
      ],
      less: [{ kind: 'rate', of: 'metrics.output', rate: 10 }],
    };
    expect(amount(sum, { revenue: 10_000, output: 2000 }).amount).toEqual({ min: 900, max: 1000 });
    expect(amount(sum, { revenue: 10_000, output: 20_000 }).amount).toEqual({ min: 0, max: 0 });
    expect(amount(sum, { revenue: 10_000 })).toMatchObject({ amount: null, missing: ['metrics.output'] });
  });

  it('computes no amount for an ineligible result', () => {
    const result = evaluatePolicy(policy({ regionWithin: ['320000'] }, { kind: 'fixed', amount: 5 }), profile(), {
      year: 2026,
    });
    expect(result).toEqual(expect.objectContaining({ status: 'ineligible', amount: null, missing: [] }));
  });
});

describe('trace', () => {
  it('records every step with the values seen and the source sentence', () => {
    const p = policy(
      { all: [{ regionWithin: ['310000'] }, { fact: 'metrics.revenue', op: '>', value: 0, source: '符合条件的' }] },
      { kind: 'rate', of: 'metrics.revenue', rate: 10, cap: 50, source: '给予支持' },
    );
    const { trace } = evaluatePolicy(p, withMetrics({ revenue: 1000 }), { year: 2026 });
    expect(trace).toEqual([
      { path: 'eligibility', description: 'all of', values: {}, result: 'eligible', source: TEXT },
      {
        path: 'eligibility.all[0]',
        description: 'region within 310000',
        values: { region: '310115' },
        result: 'eligible',
        source: TEXT,
      },
      {
        path: 'eligibility.all[1]',
        description: 'metrics.revenue > 0',
        values: { 'metrics.revenue': 1000 },
        result: 'eligible',
        source: '符合条件的',
      },
      {
        path: 'benefit',
        description: '10% of metrics.revenue = 100, capped at 50',
        values: { 'metrics.revenue': 1000 },
        result: { min: 50, max: 50 },
        source: '给予支持',
      },
    ]);
  });
});

describe('authoritative facts only (免申即享)', () => {
  it('treats facts that are not authoritative as missing', () => {
    const p = policy({ all: [{ regionWithin: ['310000'] }, { fact: 'metrics.revenue', op: '>', value: 0 }] });
    const subject = withMetrics({ revenue: 10 });
    const official: Provenance = { source: '市场监管局', asOf: '2026-01-01', authoritative: true };
    const self: Provenance = { source: 'self-reported', asOf: '2026-01-01', authoritative: false };
    const provenance = (fact: string) => (fact === 'region' ? official : self);
    expect(evaluatePolicy(p, subject, { year: 2026 }).status).toBe('eligible');
    const result = evaluatePolicy(p, subject, { year: 2026, authoritativeOnly: { provenance } });
    expect(result).toMatchObject({ status: 'unknown', missing: ['metrics.revenue'] });
    const all = () => official;
    expect(evaluatePolicy(p, subject, { year: 2026, authoritativeOnly: { provenance: all } }).status).toBe('eligible');
  });
});

describe('stacking (就高不重复)', () => {
  const grant = (id: string, amount: number, group = 'g') =>
    policy({ regionWithin: ['310000'] }, { kind: 'fixed', amount }, { id, stackingGroup: group });

  it('keeps only the largest eligible amount of a group and marks the others', () => {
    const policies = [grant('a', 100), grant('b', 300), grant('c', 200), grant('d', 50, 'other')];
    const results = policies.map((p) => ({ policy: p, evaluation: evaluatePolicy(p, profile(), { year: 2026 }) }));
    const stacked = applyStacking(results);
    expect(stacked.map((r) => [r.policy.id, r.evaluation.status, r.evaluation.amount?.max ?? null])).toEqual([
      ['a', 'eligible', null],
      ['b', 'eligible', 300],
      ['c', 'eligible', null],
      ['d', 'eligible', 50],
    ]);
    expect(stacked[0]!.evaluation.trace.at(-1)).toEqual({
      path: 'stacking',
      description: '就高不重复: superseded by b (测试政策) in stacking group g',
      values: { stackingGroup: 'g', supersededBy: 'b', amountMax: 100, winnerAmountMax: 300 },
      result: null,
    });
    expect(results[0]!.evaluation.amount).toEqual({ min: 100, max: 100 }); // the input is not changed
  });

  it('leaves unknown and ineligible results alone', () => {
    const unknown = policy(
      { fact: 'metrics.revenue', op: '>', value: 0 },
      { kind: 'fixed', amount: 900 },
      {
        id: 'u',
        stackingGroup: 'g',
      },
    );
    const results = [grant('a', 100), unknown].map((p) => ({
      policy: p,
      evaluation: evaluatePolicy(p, profile(), { year: 2026 }),
    }));
    const stacked = applyStacking(results);
    expect(stacked.map((r) => r.evaluation.amount)).toEqual([
      { min: 100, max: 100 },
      { min: 900, max: 900 },
    ]);
  });
});

describe('matchReport', () => {
  it('orders eligible by amount, then unknown, then ineligible', () => {
    const policies = [
      policy({ regionWithin: ['320000'] }, { kind: 'fixed', amount: 1e9 }, { id: 'z-elsewhere' }),
      policy({ fact: 'metrics.revenue', op: '>', value: 0 }, null, { id: 'y-unknown' }),
      policy({ regionWithin: ['310000'] }, null, { id: 'x-no-sum' }),
      policy({ regionWithin: ['310000'] }, { kind: 'fixed', amount: 10, upTo: true }, { id: 'w-small' }),
      policy({ regionWithin: ['310000'] }, { kind: 'fixed', amount: 500 }, { id: 'v-large' }),
    ];
    const report = matchReport(policies, profile(), 2026);
    expect(report.uscc).toBe('91310115MA1H7GXXXX');
    expect(report.year).toBe(2026);
    expect(report.matches.map((m) => [m.policy.id, m.status])).toEqual([
      ['v-large', 'eligible'],
      ['w-small', 'eligible'],
      ['x-no-sum', 'eligible'],
      ['y-unknown', 'unknown'],
      ['z-elsewhere', 'ineligible'],
    ]);
    expect(Object.keys(report.matches[0]!)).toEqual(['policy', 'status', 'amount', 'missing', 'trace']);
    expect(Object.keys(report.matches[0]!.policy)).toEqual(['id', 'title', 'regions', 'sources']);
  });
});
