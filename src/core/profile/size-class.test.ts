import { describe, expect, it } from 'vitest';
import { classifySize, sectorOf, sizeClassOf, type SizeClass, type SizeInput } from './size-class.ts';

// The table of 《统计上大中小微型企业划分办法（2017）》 typed a second time, as the rule prints it (persons and
// 万元), with one industry code of each sector: every lower limit is tested on both sides.
type Row = [sector: string, industry: string, limits: { X?: number[]; Y?: number[]; Z?: number[] }];
const RULE: Row[] = [
  ['农、林、牧、渔业', 'A0111', { Y: [20000, 500, 50] }],
  ['工业', 'C3911', { X: [1000, 300, 20], Y: [40000, 2000, 300] }],
  ['工业', 'B0610', { X: [1000, 300, 20], Y: [40000, 2000, 300] }],
  ['工业', 'D4411', { X: [1000, 300, 20], Y: [40000, 2000, 300] }],
  ['建筑业', 'E4710', { Y: [80000, 6000, 300], Z: [80000, 5000, 300] }],
  ['批发业', 'F5111', { X: [200, 20, 5], Y: [40000, 5000, 1000] }],
  ['零售业', 'F5211', { X: [300, 50, 10], Y: [20000, 500, 100] }],
  ['交通运输业', 'G5431', { X: [1000, 300, 20], Y: [30000, 3000, 200] }],
  ['交通运输业', 'G5910', { X: [1000, 300, 20], Y: [30000, 3000, 200] }],
  ['仓储业', 'G5920', { X: [200, 100, 20], Y: [30000, 1000, 100] }],
  ['邮政业', 'G6020', { X: [1000, 300, 20], Y: [30000, 2000, 100] }],
  ['住宿业', 'H6110', { X: [300, 100, 10], Y: [10000, 2000, 100] }],
  ['餐饮业', 'H6210', { X: [300, 100, 10], Y: [10000, 2000, 100] }],
  ['信息传输业', 'I6450', { X: [2000, 100, 10], Y: [100000, 1000, 100] }],
  ['软件和信息技术服务业', 'I6513', { X: [300, 100, 10], Y: [10000, 1000, 50] }],
  ['房地产开发经营', 'K7010', { Y: [200000, 1000, 100], Z: [10000, 5000, 2000] }],
  ['物业管理', 'K7020', { X: [1000, 300, 100], Y: [5000, 1000, 500] }],
  ['租赁和商务服务业', 'L7211', { X: [300, 100, 10], Z: [120000, 8000, 100] }],
  ['其他未列明行业', 'M7320', { X: [300, 100, 10] }],
  ['其他未列明行业', 'K7030', { X: [300, 100, 10] }],
  ['其他未列明行业', 'G5320', { X: [300, 100, 10] }],
];

const CLASSES: SizeClass[] = ['large', 'medium', 'small', 'micro'];
const FIELD = { X: 'employees', Y: 'revenue', Z: 'totalAssets' } as const;
const unit = (k: 'X' | 'Y' | 'Z') => (k === 'X' ? 1 : 10_000);

/** An input that puts every indicator at `level`'s lower limit (micro: 0). */
function atLevel(limits: Row[2], industry: string, level: number): SizeInput {
  const input: SizeInput = { industry };
  for (const k of ['X', 'Y', 'Z'] as const) {
    const l = limits[k];
    if (l) input[FIELD[k]] = level < 3 ? l[level]! * unit(k) : 0;
  }
  return input;
}

describe.each(RULE)('%s (%s)', (sector, industry, limits) => {
  it('maps the industry to the sector', () => {
    expect(sectorOf(industry)).toEqual({ sector });
  });

  const indicators = (['X', 'Y', 'Z'] as const).filter((k) => limits[k]);
  for (const k of indicators) {
    for (let level = 0; level < 3; level++) {
      const limit = limits[k]![level]!;
      it(`${FIELD[k]} at ${limit}${k === 'X' ? '人' : '万元'} is ${CLASSES[level]}, one below is ${CLASSES[level + 1]}`, () => {
        // The other indicators sit at the large limit, so this one decides.
        const at = { ...atLevel(limits, industry, 0), [FIELD[k]]: limit * unit(k) };
        expect(classifySize(at).sizeClass).toBe(CLASSES[level]);
        const below = { ...at, [FIELD[k]]: limit * unit(k) - 1 };
        expect(classifySize(below).sizeClass).toBe(CLASSES[level + 1]);
      });
    }
  }

  it('gives each class when every indicator is at its lower limit', () => {
    for (let level = 0; level < 4; level++) {
      expect(classifySize(atLevel(limits, industry, level)).sizeClass).toBe(CLASSES[level]);
    }
  });
});

describe('the rule: all lower limits for large/medium/small, one indicator for micro', () => {
  it('drops a class when one indicator does not reach it (下划一档)', () => {
    // 工业: 1500 persons is large, 营业收入 5000万元 only medium → medium.
    const r = classifySize({ industry: 'C3911', employees: 1500, revenue: 5000e4 });
    expect(r).toMatchObject({ sizeClass: 'medium', sector: '工业' });
    if (r.sizeClass !== null) expect(r.basis[0]).toBe('工业: 从业人员 1500人 → large; 营业收入 5000万元 → medium');
    // 1500 persons and 营业收入 500万元 (small) → small.
    expect(classifySize({ industry: 'C3911', employees: 1500, revenue: 500e4 }).sizeClass).toBe('small');
  });

  it('makes micro from one indicator, even when the other is unknown', () => {
    expect(classifySize({ industry: 'C3911', employees: 19 }).sizeClass).toBe('micro');
    expect(classifySize({ industry: 'C3911', revenue: 299e4 }).sizeClass).toBe('micro');
    expect(classifySize({ industry: 'C3911', employees: 5000, revenue: 100e4 }).sizeClass).toBe('micro');
  });

  it('says which facts are missing when it cannot decide', () => {
    expect(classifySize({ industry: 'C3911', employees: 500 })).toEqual({
      sizeClass: null,
      missing: ['metrics.revenue'],
      reason: '工业 is classified by 从业人员 and 营业收入',
    });
    expect(classifySize({ employees: 500, revenue: 1e8 })).toMatchObject({ sizeClass: null, missing: ['industry'] });
    expect(classifySize({ industry: 'L7211', employees: 150 })).toMatchObject({
      sizeClass: null,
      missing: ['metrics.totalAssets'],
    });
    expect(classifySize({ industry: 'E4710' })).toMatchObject({
      missing: ['metrics.revenue', 'metrics.totalAssets'],
    });
  });

  it('classifies 建筑业 by 营业收入 alone when 资产总额 is unknown, and says so', () => {
    const r = classifySize({ industry: 'E4811', revenue: 6000e4 });
    expect(r).toMatchObject({ sizeClass: 'medium', sector: '建筑业' });
    if (r.sizeClass !== null) {
      expect(r.basis).toEqual(['资产总额 unknown: classified by 营业收入 alone', '建筑业: 营业收入 6000万元 → medium']);
    }
    expect(classifySize({ industry: 'E4811', revenue: 6000e4, totalAssets: 4999e4 }).sizeClass).toBe('small');
  });

  it('leaves out what the rule leaves out', () => {
    expect(classifySize({ industry: 'J6621', employees: 10, revenue: 1e6 })).toMatchObject({
      sizeClass: null,
      reason: expect.stringMatching(/金融业企业划型标准规定/),
    });
    expect(sectorOf('K7040')).toEqual({ reason: expect.stringMatching(/自有房地产经营活动/) });
    expect(sectorOf('G59')).toEqual({ reason: expect.stringMatching(/give the class/) });
    expect(sectorOf('C')).toEqual({ sector: '工业' });
    expect(sectorOf('C39')).toEqual({ sector: '工业' });
    expect(sectorOf('X1')).toEqual({ reason: 'X1 is not a GB/T 4754-2017 code' });
  });

  it('reads a profile: the given year, or the latest year with figures', () => {
    const profile = {
      uscc: '91350100M000100Y43',
      name: '示例',
      region: '350100',
      industry: 'C3911',
      employees: 250,
      metrics: { '2024': { revenue: 1500e4 }, '2025': { revenue: 2500e4, rdSpend: 1e6 }, '2026': { rdSpend: 1 } },
    };
    expect(sizeClassOf(profile).sizeClass).toBe('small'); // 2025: 250 persons → small
    expect(sizeClassOf({ ...profile, employees: 350 }).sizeClass).toBe('medium');
    expect(sizeClassOf({ ...profile, employees: 350 }, 2024).sizeClass).toBe('small');
    expect(sizeClassOf({ ...profile, employees: 350 }, 2026)).toMatchObject({ missing: ['metrics.revenue'] });
  });
});
