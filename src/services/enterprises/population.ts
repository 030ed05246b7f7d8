import type { Fact } from '../../core/profile/facts.ts';
import { industryClasses, type Industry } from '../../core/profile/industries.ts';
import type { EnterpriseProfile, Provenance } from '../../core/profile/types.ts';
import { makeUscc, USCC_CHARSET } from '../../core/profile/uscc.ts';
import { regionByCode, regionTable, regionWithin } from '../../core/regions/region-table.ts';

// A synthetic population of enterprises for demos and benchmarks: reproducible (the same seed gives the same
// enterprises, on any machine and any day), plausible (regions weighted towards the Yangtze and Pearl River
// deltas, real GB/T 4754-2017 classes with a manufacturing bias, log-normal headcounts and revenues that give a
// realistic size spread, metrics and qualifications for plausible fractions) and deliberately incomplete: some
// facts are missing, because an unknown fact is not zero and matching must say so.

/** The years that have figures: fixed, so a seed gives the same population whatever today's date. */
export const DEMO_YEARS = [2023, 2024, 2025] as const;
const LAST_YEAR = DEMO_YEARS[DEMO_YEARS.length - 1]!;

export interface DemoEnterprise {
  profile: EnterpriseProfile;
  /** the facts the profile is made of, each with its (synthetic) department and as-of date */
  facts: Fact[];
}

/** The profiles of `n` synthetic enterprises; the same (n, seed) always yields the same profiles. */
export function* generateEnterprises(n: number, seed = 1): Generator<EnterpriseProfile> {
  for (const e of generatePopulation(n, seed)) yield e.profile;
}

/** Profiles with the facts behind them, for `zhida demo`. */
export function* generatePopulation(n: number, seed = 1): Generator<DemoEnterprise> {
  const tables = demoTables();
  const rng = new Random(seed);
  const codes = new CodeSequence(seed);
  for (let i = 0; i < n; i++) yield makeEnterprise(i, rng, codes, tables);
}

// ---- randomness ------------------------------------------------------------------------------------------------

/** mulberry32: small, fast and the same everywhere; seeded through splitmix32 so nearby seeds diverge at once. */
class Random {
  private state: number;

  constructor(seed: number) {
    let z = (Math.trunc(seed) + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** log-normal with the given median and σ of the log */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * normal);
  }
}

class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of items) this.cumulative.push((sum += weight));
    this.total = sum;
  }

  pick(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]![0];
  }
}

/**
 * Organisation-code bodies, unique without remembering them: index i maps through a bijection of the code space,
 * "MA" + 6 characters for enterprises registered since the USCC began (2015), 8 digits for older ones.
 */
class CodeSequence {
  private readonly offset: number;

  constructor(seed: number) {
    this.offset = Math.abs(Math.trunc(seed) * 7919) % 887_503_681;
  }

  body(index: number, modern: boolean): string {
    if (modern) {
      const space = 31 ** 6; // 887,503,681; 48271 is prime, so coprime to 31^6
      let x = (index * 48271 + this.offset) % space;
      let text = '';
      for (let k = 0; k < 6; k++, x = Math.floor(x / 31)) text = USCC_CHARSET[x % 31] + text;
      return `MA${text}`;
    }
    const space = 100_000_000; // 7 is coprime to 10^8
    return String((index * 7_654_321 + this.offset) % space).padStart(8, '0');
  }
}

// ---- the population's shape ------------------------------------------------------------------------------------

/** Where enterprises are: a region (any level) and a weight; each enterprise lands in one of its counties. */
const AREAS: readonly (readonly [string, number])[] = [
  ['310000', 16], // 上海: its districts
  ['320500', 10], // 苏州 and its county-level cities (昆山, 常熟, 张家港, 太仓) and districts
  ['320100', 5], // 南京
  ['320200', 3], // 无锡
  ['320400', 2], // 常州
  ['320600', 2], // 南通
  ['320000', 3], // the rest of 江苏
  ['330100', 5], // 杭州
  ['330200', 3], // 宁波
  ['330000', 4], // the rest of 浙江
  ['440300', 7], // 深圳
  ['440100', 3], // 广州
  ['441900', 1.5], // 东莞 (no counties)
  ['440600', 1.5], // 佛山
  ['440000', 2], // the rest of 广东
  ['370200', 2], // 青岛
  ['370100', 2], // 济南
  ['370000', 4], // the rest of 山东
  ['110000', 4], // 北京
  ['120000', 1.5], // 天津
  ['500000', 1.5], // 重庆
  ['510100', 2], // 成都
  ['420100', 2], // 武汉
  ['340100', 1.5], // 合肥
  ['350000', 2], // 福建
  ['410000', 2], // 河南
  ['430000', 1.5], // 湖南
  ['610100', 1], // 西安
  ['*', 6], // anywhere
];

/** GB/T 4754 divisions (or sections) and weights: manufacturing first, high-tech manufacturing most. */
const INDUSTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ...['C34', 'C35', 'C38', 'C39', 'C40'].map((d) => [d, 5] as const),
  ...['C26', 'C27', 'C29', 'C33', 'C36', 'C37'].map((d) => [d, 3] as const),
  ...['C13', 'C14', 'C17', 'C18', 'C22', 'C23', 'C24', 'C28', 'C30', 'C31', 'C32', 'C41'].map((d) => [d, 1.2] as const),
  ['C', 3],
  ['F51', 7],
  ['F52', 5],
  ['I65', 6],
  ['I64', 2],
  ['M73', 2],
  ['M74', 2],
  ['M75', 2],
  ['E', 4],
  ['L72', 5],
  ['L71', 1],
  ['G54', 2],
  ['G58', 1],
  ['G59', 1],
  ['H61', 1],
  ['H62', 2],
  ['K7010', 1],
  ['K7020', 1],
  ['A', 1],
  ['D', 1],
  ['O', 1.5],
  ['R', 1],
  ['N', 0.5],
];

/** Median revenue per employee (yuan) by section: turns headcounts into plausible revenues. */
const REVENUE_PER_EMPLOYEE: Readonly<Record<string, number>> = {
  A: 300_000,
  C: 700_000,
  D: 2_000_000,
  E: 800_000,
  F: 2_000_000,
  G: 600_000,
  H: 250_000,
  I: 600_000,
  K: 1_500_000,
  L: 500_000,
  M: 500_000,
};

const TRADE_NAMES = [...'恒瑞华盛新创宏达金泰鼎鑫博远精诚中科联合天工东方海通凯德瑞丰汇川晶合卓越正泰国邦安捷智源'];
const LINE_OF_BUSINESS: Readonly<Record<string, readonly string[]>> = {
  C: ['精密机械', '智能装备', '电子科技', '新材料', '光电', '汽车零部件', '生物医药', '化工', '精工', '电气'],
  F: ['贸易', '商贸', '供应链', '实业'],
  I: ['信息技术', '软件', '网络科技', '数据科技'],
  M: ['科技', '检测技术', '工程技术', '设计'],
  E: ['建设工程', '建筑', '装饰工程'],
  default: ['实业', '服务', '发展', '科技'],
};

interface DemoTables {
  areas: Weighted<readonly string[]>;
  industries: Weighted<readonly Industry[]>;
}

let tables: DemoTables | undefined;

function demoTables(): DemoTables {
  if (tables) return tables;
  const leaves = [...regionTable().values()]
    .filter((r) => r.level === 'county' || (r.level === 'city' && !hasChildren(r.code)))
    .map((r) => r.code)
    .sort();
  const areas = AREAS.map(([area, weight]) => {
    const within = area === '*' ? leaves : leaves.filter((code) => regionWithin(code, area));
    return [within.length > 0 ? within : [area], weight] as const;
  });
  const industries = INDUSTRY_WEIGHTS.map(([code, weight]) => [industryClasses(code), weight] as const);
  tables = { areas: new Weighted(areas), industries: new Weighted(industries) };
  return tables;
}

function hasChildren(code: string): boolean {
  for (const r of regionTable().values()) if (r.parent === code) return true;
  return false;
}

/** 苏州市 → 苏州, 上海市 → 上海: the place name an enterprise name starts with. */
function placeName(region: string): string {
  let r = regionByCode(region);
  while (r && r.level === 'county' && r.parent !== null) r = regionByCode(r.parent);
  const name = r?.name ?? '';
  return name.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|盟)$/, '') || name;
}

// ---- one enterprise --------------------------------------------------------------------------------------------

const QUAL = {
  hiTech: '高新技术企业',
  srdi: '专精特新中小企业',
  littleGiant: '专精特新“小巨人”企业',
  greenFactory: '国家级绿色工厂',
  firstSet: '首台（套）重大技术装备',
  firstBatch: '首批次新材料',
} as const;

const FIRST_SET_DIVISIONS = new Set(['C34', 'C35', 'C37', 'C38', 'C40']);
const FIRST_BATCH_DIVISIONS = new Set(['C26', 'C28', 'C29', 'C30', 'C31', 'C32', 'C33', 'C39']);

function makeEnterprise(index: number, rng: Random, codes: CodeSequence, t: DemoTables): DemoEnterprise {
  const region = rng.pick(t.areas.pick(rng));
  const industry = rng.pick(t.industries.pick(rng));
  const section = industry.code[0]!;
  const division = industry.code.slice(0, 3);
  const manufacturing = section === 'C';
  const innovative = manufacturing || section === 'I' || section === 'M';

  const foundedYear = Math.max(1985, LAST_YEAR - Math.floor(-Math.log(1 - rng.next()) * 9));
  const founded = `${foundedYear}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
  const uscc = makeUscc({ region, body: codes.body(index, foundedYear >= 2015) });

  // Headcount: log-normal around 12 people; most enterprises are small or micro, a few hundred in 10,000 large.
  const employees = Math.max(1, Math.round(rng.logNormal(12, 1.3)));
  const perEmployee = rng.logNormal(REVENUE_PER_EMPLOYEE[section] ?? 400_000, 0.6);
  const lines = LINE_OF_BUSINESS[section] ?? LINE_OF_BUSINESS.default!;
  const name =
    `${placeName(region)}${rng.pick(TRADE_NAMES)}${rng.pick(TRADE_NAMES)}${rng.pick(lines)}` +
    (employees > 300 && rng.chance(0.5) ? '股份有限公司' : '有限公司');

  const profile: EnterpriseProfile = { uscc, name, region };
  const facts: Fact[] = [];
  const registry = prov('市场监管局', `${LAST_YEAR}-12-31`, true);
  const add = (key: string, value: number | string | null, provenance: Provenance, year?: number): void => {
    facts.push(year === undefined ? { key, value, provenance } : { key, year, value, provenance });
  };
  add('name', name, registry);
  add('region', region, registry);
  if (!rng.chance(0.03)) {
    profile.industry = industry.code;
    add('industry', industry.code, registry);
  }
  if (!rng.chance(0.04) && foundedYear <= LAST_YEAR) {
    profile.founded = founded;
    add('founded', founded, registry);
  }
  if (!rng.chance(0.06)) {
    profile.employees = employees;
    add('employees', employees, rng.chance(0.8) ? prov('人社局', `${LAST_YEAR}-12-31`, true) : selfReported());
  }

  // Yearly figures, for the years since founding; some years are missing.
  const metrics: Record<string, Record<string, number>> = {};
  const hasRd = innovative && rng.chance(manufacturing ? 0.6 : 0.45);
  const rdShare = rng.uniform(0.01, section === 'I' || division === 'C39' ? 0.12 : 0.06);
  const doesBasicResearch = hasRd && rng.chance(0.08);
  const savesEnergy = manufacturing && rng.chance(0.1);
  const upgrades = manufacturing && rng.chance(0.08);
  const stocksParts = manufacturing && rng.chance(0.04);
  const needsAssets = section === 'E' || section === 'L' || industry.code === 'K7010';
  let revenue = employees * perEmployee;
  for (const year of DEMO_YEARS) {
    revenue *= rng.logNormal(1.05, 0.15);
    if (year < foundedYear || rng.chance(0.1)) continue;
    const figures: Record<string, number> = {};
    const tax = prov('税务局', `${year + 1}-05-31`, true);
    figures.revenue = Math.round(revenue);
    add('metrics.revenue', figures.revenue, tax, year);
    if (section === 'B' || section === 'C' || section === 'D') {
      figures.output = Math.round(revenue * rng.uniform(0.9, 1.1));
      add('metrics.output', figures.output, prov('统计局', `${year + 1}-03-31`, true), year);
    }
    if (needsAssets && rng.chance(0.8)) {
      figures.totalAssets = Math.round(revenue * rng.uniform(0.6, 2.5));
      add('metrics.totalAssets', figures.totalAssets, tax, year);
    }
    if (hasRd) {
      const science = rng.chance(0.6) ? prov('科技局', `${year + 1}-04-30`, true) : selfReported(year + 1);
      figures.rdSpend = Math.round(revenue * rdShare);
      add('metrics.rdSpend', figures.rdSpend, science, year);
      if (doesBasicResearch) {
        figures.basicResearchSpend = Math.round(figures.rdSpend * rng.uniform(0.03, 0.2));
        add('metrics.basicResearchSpend', figures.basicResearchSpend, science, year);
      }
    }
    const industryBureau = (): Provenance =>
      rng.chance(0.5) ? prov('工信局', `${year + 1}-04-30`, true) : selfReported(year + 1);
    if (savesEnergy && rng.chance(0.7)) {
      figures.energySavedTce = Math.round(rng.logNormal(300, 1.2) * 10) / 10;
      add('metrics.energySavedTce', figures.energySavedTce, industryBureau(), year);
    }
    if (upgrades && rng.chance(0.6)) {
      figures.techUpgradeFinancingCost = Math.round(rng.logNormal(800_000, 1.1));
      add('metrics.techUpgradeFinancingCost', figures.techUpgradeFinancingCost, industryBureau(), year);
    }
    if (stocksParts && rng.chance(0.7)) {
      figures.keyPartsStockLoan = Math.round(rng.logNormal(20_000_000, 1));
      add('metrics.keyPartsStockLoan', figures.keyPartsStockLoan, industryBureau(), year);
    }
    metrics[String(year)] = figures;
  }

  // Qualifications, with the year first awarded (some without: the year is not always known).
  const qualifications: { name: string; year?: number }[] = [];
  const award = (qualification: string, from: number, source: string): number | undefined => {
    const year = rng.int(Math.max(from, foundedYear + 1), LAST_YEAR);
    if (year > LAST_YEAR) return undefined;
    const known = !rng.chance(0.05);
    qualifications.push(known ? { name: qualification, year } : { name: qualification });
    add(`qualification:${qualification}`, known ? year : null, prov(source, `${known ? year : LAST_YEAR}-12-31`, true));
    return year;
  };
  if (hasRd && rng.chance(0.3)) award(QUAL.hiTech, LAST_YEAR - 5, '科技局');
  if (manufacturing && employees < 1000 && rng.chance(0.07)) {
    const since = award(QUAL.srdi, 2019, '工信局');
    if (since !== undefined && rng.chance(0.15)) award(QUAL.littleGiant, Math.max(since, 2019), '工信部');
  }
  if (manufacturing && employees >= 50 && rng.chance(0.04)) award(QUAL.greenFactory, 2017, '工信部');
  let firstSetYear: number | undefined;
  if (FIRST_SET_DIVISIONS.has(division) && rng.chance(0.03)) firstSetYear = award(QUAL.firstSet, 2018, '工信厅');
  if (FIRST_BATCH_DIVISIONS.has(division) && rng.chance(0.03)) firstSetYear = award(QUAL.firstBatch, 2018, '工信厅');
  if (firstSetYear !== undefined) {
    const year = String(Math.max(firstSetYear, DEMO_YEARS[0]));
    const figures = (metrics[year] ??= {});
    figures.firstSetContractAmount = Math.round(rng.logNormal(15_000_000, 0.9));
    add(
      'metrics.firstSetContractAmount',
      figures.firstSetContractAmount,
      prov('工信厅', `${year}-12-31`, true),
      Number(year),
    );
  }

  // Ordered by name, as a profile merged from facts lists them.
  if (qualifications.length > 0) profile.qualifications = qualifications.sort((a, b) => (a.name < b.name ? -1 : 1));
  const years = Object.keys(metrics).filter((y) => Object.keys(metrics[y]!).length > 0);
  if (years.length > 0) profile.metrics = Object.fromEntries(years.sort().map((y) => [y, metrics[y]!]));
  return { profile: reorder(profile), facts };
}

function prov(department: string, asOf: string, authoritative: boolean): Provenance {
  return { source: `demo:${department}`, asOf, authoritative };
}

function selfReported(year = LAST_YEAR + 1): Provenance {
  return { source: 'demo:self-reported', asOf: `${year}-03-31`, authoritative: false };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The contract's field order. */
function reorder(p: EnterpriseProfile): EnterpriseProfile {
  const { uscc, name, region, industry, founded, employees, qualifications, metrics } = p;
  return Object.fromEntries(
    Object.entries({ uscc, name, region, industry, founded, employees, qualifications, metrics }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as unknown as EnterpriseProfile;
}
