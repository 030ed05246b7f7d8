import type { EnterpriseProfile } from './types.ts';
import { industryByCode } from './industries.ts';

// Enterprise size class by 《统计上大中小微型企业划分办法（2017）》 (国统字〔2017〕213号), the national rule that
// SME policies refer to. The thresholds below are typed by hand from the rule's table: it is short, no package
// ships it, and each number is checked at its boundary by size-class.test.ts.
//
// The rule, as written in its notes:
// - 大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可。
//   (large, medium and small must reach every listed lower limit, else they drop a class; micro needs only one
//   indicator below the small limits.)
// - 从业人员 is the headcount at the period's end; 营业收入 the (main business) revenue; 资产总额 total assets.
// - The sectors are GB/T 4754-2017 sections, divisions and groups; those marked * in the rule are combinations:
//   工业 = B, C, D; 交通运输业 = G54–G58 and 装卸搬运 (G5910), not railways; 仓储业 = the rest of G59; 信息传输业 =
//   I63, I64; 其他未列明行业 = M, N, O, Q85, R, K7030, K7090 "等" (and so any unlisted sector), not 自有房地产经营.

export type SizeClass = 'large' | 'medium' | 'small' | 'micro';

export const SIZE_CLASS_ORDER: readonly SizeClass[] = ['large', 'medium', 'small', 'micro'];

/** The indicators of the rule; revenue and totalAssets in yuan (the rule's table is in 万元). */
export type Indicator = 'employees' | 'revenue' | 'totalAssets';

export type Sector =
  | '农、林、牧、渔业'
  | '工业'
  | '建筑业'
  | '批发业'
  | '零售业'
  | '交通运输业'
  | '仓储业'
  | '邮政业'
  | '住宿业'
  | '餐饮业'
  | '信息传输业'
  | '软件和信息技术服务业'
  | '房地产开发经营'
  | '物业管理'
  | '租赁和商务服务业'
  | '其他未列明行业';

/** Lower limits of large, medium and small for one indicator; below the small limit is micro. */
type Limits = readonly [large: number, medium: number, small: number];

const WAN = 10_000;
const people = (large: number, medium: number, small: number): Limits => [large, medium, small];
const wanYuan = (large: number, medium: number, small: number): Limits => [large * WAN, medium * WAN, small * WAN];

/** The rule's table: 从业人员 (X, persons), 营业收入 (Y, 万元), 资产总额 (Z, 万元). */
export const SIZE_THRESHOLDS: Readonly<Record<Sector, Partial<Record<Indicator, Limits>>>> = {
  '农、林、牧、渔业': { revenue: wanYuan(20000, 500, 50) },
  工业: { employees: people(1000, 300, 20), revenue: wanYuan(40000, 2000, 300) },
  建筑业: { revenue: wanYuan(80000, 6000, 300), totalAssets: wanYuan(80000, 5000, 300) },
  批发业: { employees: people(200, 20, 5), revenue: wanYuan(40000, 5000, 1000) },
  零售业: { employees: people(300, 50, 10), revenue: wanYuan(20000, 500, 100) },
  交通运输业: { employees: people(1000, 300, 20), revenue: wanYuan(30000, 3000, 200) },
  仓储业: { employees: people(200, 100, 20), revenue: wanYuan(30000, 1000, 100) },
  邮政业: { employees: people(1000, 300, 20), revenue: wanYuan(30000, 2000, 100) },
  住宿业: { employees: people(300, 100, 10), revenue: wanYuan(10000, 2000, 100) },
  餐饮业: { employees: people(300, 100, 10), revenue: wanYuan(10000, 2000, 100) },
  信息传输业: { employees: people(2000, 100, 10), revenue: wanYuan(100000, 1000, 100) },
  软件和信息技术服务业: { employees: people(300, 100, 10), revenue: wanYuan(10000, 1000, 50) },
  房地产开发经营: { revenue: wanYuan(200000, 1000, 100), totalAssets: wanYuan(10000, 5000, 2000) },
  物业管理: { employees: people(1000, 300, 100), revenue: wanYuan(5000, 1000, 500) },
  租赁和商务服务业: { employees: people(300, 100, 10), totalAssets: wanYuan(120000, 8000, 100) },
  其他未列明行业: { employees: people(300, 100, 10) },
};

/** The sector of the rule for a GB/T 4754-2017 code; a reason when the rule does not classify that industry. */
export function sectorOf(industry: string): { sector: Sector } | { reason: string } {
  const entry = industryByCode(industry);
  if (entry === undefined) return { reason: `${industry} is not a GB/T 4754-2017 code` };
  const section = industry[0]!;
  const division = industry.slice(1, 3);
  if (division === '') {
    // A section alone decides only where the whole section is one sector of the rule.
    const whole: Record<string, Sector> = {
      A: '农、林、牧、渔业',
      B: '工业',
      C: '工业',
      D: '工业',
      E: '建筑业',
      L: '租赁和商务服务业',
    };
    return whole[section] !== undefined
      ? { sector: whole[section]! }
      : { reason: `section ${section} holds several sectors of the size rule; give the division or class` };
  }
  switch (section) {
    case 'A':
      return { sector: '农、林、牧、渔业' };
    case 'B':
    case 'C':
    case 'D':
      return { sector: '工业' };
    case 'E':
      return { sector: '建筑业' };
    case 'F':
      return { sector: division === '51' ? '批发业' : '零售业' };
    case 'G':
      return transportSector(industry);
    case 'H':
      return { sector: division === '61' ? '住宿业' : '餐饮业' };
    case 'I':
      return { sector: division === '65' ? '软件和信息技术服务业' : '信息传输业' };
    case 'J':
      return { reason: 'financial enterprises are classified by 金融业企业划型标准规定, not by this rule' };
    case 'K':
      return realEstateSector(industry);
    case 'L':
      return { sector: '租赁和商务服务业' };
    default:
      return { sector: '其他未列明行业' };
  }
}

function transportSector(industry: string): { sector: Sector } | { reason: string } {
  const division = industry.slice(1, 3);
  // Railways are taken out of 交通运输业 and named nowhere else: they fall to 其他未列明行业.
  if (division === '53') return { sector: '其他未列明行业' };
  if (division === '60') return { sector: '邮政业' };
  if (division === '59') {
    if (industry.length === 3)
      return { reason: 'division G59 holds 装卸搬运 (transport) and 仓储 (storage); give the class' };
    return { sector: industry.startsWith('G591') ? '交通运输业' : '仓储业' };
  }
  return { sector: '交通运输业' };
}

function realEstateSector(industry: string): { sector: Sector } | { reason: string } {
  if (industry.length < 5) return { reason: 'division K70 holds several sectors of the size rule; give the class' };
  switch (industry) {
    case 'K7010':
      return { sector: '房地产开发经营' };
    case 'K7020':
      return { sector: '物业管理' };
    case 'K7040':
      return { reason: '自有房地产经营活动 (K7040) is left out of the size rule' };
    default:
      return { sector: '其他未列明行业' };
  }
}

export interface SizeInput {
  industry?: string | null;
  employees?: number | null;
  /** yuan */
  revenue?: number | null;
  /** yuan */
  totalAssets?: number | null;
}

export type SizeResult =
  | {
      sizeClass: SizeClass;
      sector: Sector;
      /** how the class was reached, for a trace: "工业: 从业人员 250 → small, 营业收入 5000万元 → medium" */
      basis: string[];
    }
  | {
      sizeClass: null;
      /** fact keys that would decide it: "industry", "employees", "metrics.revenue", "metrics.totalAssets" */
      missing: string[];
      reason: string;
    };

const INDICATOR_FACT: Record<Indicator, string> = {
  employees: 'employees',
  revenue: 'metrics.revenue',
  totalAssets: 'metrics.totalAssets',
};
const INDICATOR_NAME: Record<Indicator, string> = {
  employees: '从业人员',
  revenue: '营业收入',
  totalAssets: '资产总额',
};

/** The class one indicator alone gives: the first class whose lower limit it reaches. */
function classBy(value: number, limits: Limits): SizeClass {
  if (value >= limits[0]) return 'large';
  if (value >= limits[1]) return 'medium';
  if (value >= limits[2]) return 'small';
  return 'micro';
}

function describe(indicator: Indicator, value: number, cls: SizeClass): string {
  const shown = indicator === 'employees' ? `${value}人` : `${value / WAN}万元`;
  return `${INDICATOR_NAME[indicator]} ${shown} → ${cls}`;
}

/**
 * The size class by the rule. Every class needs all of its sector's indicators except micro, which one indicator
 * below the small limit decides alone; so a missing indicator leaves the class unknown (null, with the facts
 * that would decide it) unless a known one already makes the enterprise micro. For 建筑业 without 资产总额 the
 * class is taken from 营业收入 alone, and the basis says so.
 */
export function classifySize(input: SizeInput): SizeResult {
  if (input.industry === undefined || input.industry === null || input.industry === '') {
    return { sizeClass: null, missing: ['industry'], reason: 'the industry decides which limits apply' };
  }
  const found = sectorOf(input.industry);
  if ('reason' in found) return { sizeClass: null, missing: [], reason: found.reason };
  const sector = found.sector;
  const limits = SIZE_THRESHOLDS[sector];
  let indicators = Object.keys(limits) as Indicator[];
  const notes: string[] = [];
  const basis: string[] = [];
  if (sector === '建筑业' && input.totalAssets == null && input.revenue != null) {
    indicators = ['revenue'];
    notes.push('资产总额 unknown: classified by 营业收入 alone');
  }

  const classes: SizeClass[] = [];
  const missing: string[] = [];
  for (const indicator of indicators) {
    const value = input[indicator];
    if (value === undefined || value === null) {
      missing.push(INDICATOR_FACT[indicator]);
      continue;
    }
    const cls = classBy(value, limits[indicator]!);
    classes.push(cls);
    basis.push(describe(indicator, value, cls));
  }
  if (classes.includes('micro')) {
    // 微型企业只须满足所列指标中的一项即可: one indicator below the small limits suffices.
    return { sizeClass: 'micro', sector, basis: [...notes, `${sector}: ${basis.join('; ')}`] };
  }
  if (missing.length > 0) {
    return {
      sizeClass: null,
      missing,
      reason: `${sector} is classified by ${indicators.map((i) => INDICATOR_NAME[i]).join(' and ')}`,
    };
  }
  // 须同时满足所列指标的下限，否则下划一档: the lowest class any indicator gives.
  const sizeClass = classes.reduce((low, cls) =>
    SIZE_CLASS_ORDER.indexOf(cls) > SIZE_CLASS_ORDER.indexOf(low) ? cls : low,
  );
  return { sizeClass, sector, basis: [...notes, `${sector}: ${basis.join('; ')}`] };
}

/**
 * The size class of a profile for one year's figures (revenue and totalAssets of metrics[year]); without a year,
 * the latest year that has revenue or total assets.
 */
export function sizeClassOf(profile: EnterpriseProfile, year?: number): SizeResult {
  const y = year === undefined ? latestFigureYear(profile) : String(year);
  const figures = y === undefined ? undefined : profile.metrics?.[y];
  return classifySize({
    industry: profile.industry,
    employees: profile.employees,
    revenue: figures?.revenue,
    totalAssets: figures?.totalAssets,
  });
}

function latestFigureYear(profile: EnterpriseProfile): string | undefined {
  const years = Object.keys(profile.metrics ?? {})
    .filter((y) => {
      const m = profile.metrics![y]!;
      return m.revenue !== undefined || m.totalAssets !== undefined;
    })
    .sort();
  return years.at(-1);
}
