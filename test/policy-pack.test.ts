import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseProfile } from '../src/core/profile/types.ts';
import { evaluatePolicy } from '../src/core/rules/evaluate.ts';
import { matchReport } from '../src/core/rules/report.ts';
import type { AmountRange, Policy, Status } from '../src/core/rules/types.ts';
import { formatErrors, validatePack } from '../src/core/rules/validate.ts';
import type { Extraction } from '../src/core/extract/types.ts';
import { loadGold, root } from './helpers/cli.ts';

// The bundled pack against the bulletin's own words: every figure below is computed by hand from the measure
// text quoted in the comment, at every tier boundary (含/不含), cap and region.

const pack: unknown = JSON.parse(readFileSync(join(root, 'data/policy-pack/bulletin-2026-sample.json'), 'utf8'));
let policies: Policy[];
let gold: Extraction;

beforeAll(async () => {
  const checked = validatePack(pack);
  if (!checked.ok) throw new Error(formatErrors(checked.errors));
  policies = checked.policies;
  gold = await loadGold();
});

const byId = (id: string): Policy => {
  const found = policies.find((p) => p.id === id);
  if (!found) throw new Error(`no policy ${id}`);
  return found;
};

const 万 = 10_000;
const 亿 = 100_000_000;
const PUDONG = '310115';

function enterprise(region: string, extra: Partial<EnterpriseProfile> = {}): EnterpriseProfile {
  return { uscc: '91310115MA1H7GXXXX', name: '测试企业', region, ...extra };
}

const metrics2026 = (figures: Record<string, number>) => ({ metrics: { '2026': figures } });

interface Case {
  name: string;
  profile: EnterpriseProfile;
  year?: number;
  status: Status;
  amount: AmountRange | null;
  missing?: string[];
}

function check(id: string, cases: Case[]): void {
  it.each(cases)('$name', (c) => {
    const result = evaluatePolicy(byId(id), c.profile, { year: c.year ?? 2026 });
    expect({ status: result.status, amount: result.amount, missing: result.missing }).toEqual({
      status: c.status,
      amount: c.amount,
      missing: c.missing ?? [],
    });
  });
}

const fixed = (yuan: number): AmountRange => ({ min: yuan, max: yuan });

describe('the pack', () => {
  it('validates, with unique ids', () => {
    expect(policies.length).toBeGreaterThanOrEqual(70);
  });

  it('cites every measure of the bulletin exactly as the gold extraction has it', () => {
    const measures = new Map<string, { document: string | null; text: string }>();
    for (const article of gold.articles) {
      for (const measure of article.measures) {
        measures.set(`${article.title}#${measure.ordinal}`, {
          document: article.documents[0] ?? null,
          text: measure.text,
        });
      }
    }
    const cited = new Set<string>();
    for (const policy of policies) {
      for (const source of policy.sources) {
        const key = `${source.article}#${source.measure}`;
        expect(measures.get(key), `${policy.id} cites ${key}`).toEqual({
          document: source.document,
          text: source.text,
        });
        cited.add(key);
      }
    }
    expect([...measures.keys()].filter((key) => !cited.has(key))).toEqual([]);
  });

  it('is one policy with both sources where the bulletin reports a measure twice', () => {
    const articles = (id: string) => byId(id).sources.map((s) => `${s.article}#${s.measure}`);
    expect(articles('sh-mfg.tech-upgrade')).toEqual([
      '上海从三方面实施先进制造业能级质效跃升行动#1',
      '上海实施四大行动支持先进制造业转型升级#3',
    ]);
    expect(articles('sh-mfg.energy-saving')).toEqual([
      '上海从三方面实施先进制造业能级质效跃升行动#3',
      '上海实施四大行动支持先进制造业转型升级#3',
    ]);
    expect(byId('sh-mfg.tech-upgrade').sources[0]!.document).toBeNull(); // article 11 names no document
    expect(byId('sh-mfg.tech-upgrade').sources[1]!.document).toBe(
      '上海市支持先进制造业转型升级三年行动方案（2026—2028年）',
    );
  });
});

// 达到或者超过1亿元/年的，给予一次性财政补助1000万元；5000万元（含）至1亿元（不含）/年的，给予一次性财政补助500万元；
// 1000万元（含）至5000万元（不含）/年的，给予一次性财政补助200万元。
describe('基础研究投入 tiers', () => {
  const spend = (yuan: number, region = PUDONG) => enterprise(region, metrics2026({ basicResearchSpend: yuan }));
  check('sh-mfg.basic-research', [
    { name: '2亿 → 1000万', profile: spend(2 * 亿), status: 'eligible', amount: fixed(1000 * 万) },
    { name: '1亿 exactly (达到) → 1000万', profile: spend(亿), status: 'eligible', amount: fixed(1000 * 万) },
    { name: '9999万 → 500万', profile: spend(9999 * 万), status: 'eligible', amount: fixed(500 * 万) },
    { name: '99,999,999.99 → 500万', profile: spend(99_999_999.99), status: 'eligible', amount: fixed(500 * 万) },
    { name: '5000万 exactly (含) → 500万', profile: spend(5000 * 万), status: 'eligible', amount: fixed(500 * 万) },
    { name: '4999.99万 → 200万', profile: spend(4999.99 * 万), status: 'eligible', amount: fixed(200 * 万) },
    { name: '1000万 exactly (含) → 200万', profile: spend(1000 * 万), status: 'eligible', amount: fixed(200 * 万) },
    { name: '999万 → ineligible', profile: spend(999 * 万), status: 'ineligible', amount: null },
    { name: '0 → ineligible', profile: spend(0), status: 'ineligible', amount: null },
    {
      name: 'no figure → unknown, naming it',
      profile: enterprise(PUDONG),
      status: 'unknown',
      amount: null,
      missing: ['metrics.basicResearchSpend'],
    },
    { name: '上海 itself (310000)', profile: spend(亿, '310000'), status: 'eligible', amount: fixed(1000 * 万) },
    { name: 'a 江苏 enterprise (苏州工业园区)', profile: spend(2 * 亿, '320571'), status: 'ineligible', amount: null },
    { name: 'a 江苏 enterprise (province)', profile: spend(2 * 亿, '320000'), status: 'ineligible', amount: null },
    {
      name: '2025: before the plan (2026—2028)',
      profile: enterprise(PUDONG, { metrics: { '2025': { basicResearchSpend: 2 * 亿 } } }),
      year: 2025,
      status: 'ineligible',
      amount: null,
    },
    {
      name: 'figures of another year do not count',
      profile: enterprise(PUDONG, { metrics: { '2025': { basicResearchSpend: 2 * 亿 } } }),
      status: 'unknown',
      amount: null,
      missing: ['metrics.basicResearchSpend'],
    },
  ]);
});

// 符合首台（套）重大技术装备、首批次新材料条件的，按照最高不超过产品销售合同金额的30%给予支持，最高不超过2000万元。
describe('首台（套）/首批次: up to 30% of the contract, at most 2000万', () => {
  const firstSet = [{ name: '首台（套）重大技术装备', year: 2025 }];
  const contract = (yuan: number, qualifications = firstSet) =>
    enterprise(PUDONG, { qualifications, ...metrics2026({ firstSetContractAmount: yuan }) });
  check('sh-mfg.first-set', [
    {
      name: '8000万: 30% = 2400万, capped at 2000万',
      profile: contract(8000 * 万),
      status: 'eligible',
      amount: { min: 0, max: 2000 * 万 },
    },
    {
      name: '5000万: 30% = 1500万',
      profile: contract(5000 * 万),
      status: 'eligible',
      amount: { min: 0, max: 1500 * 万 },
    },
    {
      name: '6666.67万: exactly at the cap',
      profile: contract(200_000_000 / 3),
      status: 'eligible',
      amount: { min: 0, max: 2000 * 万 },
    },
    {
      name: '首批次新材料 qualifies too',
      profile: contract(1000 * 万, [{ name: '首批次新材料', year: 2026 }]),
      status: 'eligible',
      amount: { min: 0, max: 300 * 万 },
    },
    {
      name: 'another qualification only',
      profile: contract(8000 * 万, [{ name: '高新技术企业', year: 2020 }]),
      status: 'ineligible',
      amount: null,
    },
    {
      name: 'no qualifications known → unknown',
      profile: enterprise(PUDONG, metrics2026({ firstSetContractAmount: 8000 * 万 })),
      status: 'unknown',
      amount: { min: 0, max: 2000 * 万 },
      missing: ['qualifications'],
    },
    {
      name: 'qualified, contract unknown → eligible without a sum',
      profile: enterprise(PUDONG, { qualifications: firstSet }),
      status: 'eligible',
      amount: null,
      missing: ['metrics.firstSetContractAmount'],
    },
    {
      name: 'a 深圳 enterprise',
      profile: enterprise('440305', { qualifications: firstSet, ...metrics2026({ firstSetContractAmount: 1 }) }),
      status: 'ineligible',
      amount: null,
    },
  ]);
});

// 对技术改造项目固定资产投资贷款产生的利息或者设备融资租赁费用给予支持，累计支持最高不超过2000万元。
describe('技术改造 financing costs, at most 2000万', () => {
  const cost = (yuan: number) => enterprise(PUDONG, metrics2026({ techUpgradeFinancingCost: yuan }));
  check('sh-mfg.tech-upgrade', [
    {
      name: '500万 of costs → up to 500万',
      profile: cost(500 * 万),
      status: 'eligible',
      amount: { min: 0, max: 500 * 万 },
    },
    { name: '2000万 → up to 2000万', profile: cost(2000 * 万), status: 'eligible', amount: { min: 0, max: 2000 * 万 } },
    {
      name: '3000万 → capped at 2000万',
      profile: cost(3000 * 万),
      status: 'eligible',
      amount: { min: 0, max: 2000 * 万 },
    },
    { name: 'no costs → ineligible', profile: cost(0), status: 'ineligible', amount: null },
    {
      name: 'unknown costs → unknown',
      profile: enterprise(PUDONG),
      status: 'unknown',
      amount: null,
      missing: ['metrics.techUpgradeFinancingCost'],
    },
  ]);
});

// 按照1000—2000元/吨标煤给予奖励，最高不超过1000万元。
describe('节能 1000—2000元/吨标煤, at most 1000万', () => {
  const saved = (tce: number) => enterprise(PUDONG, metrics2026({ energySavedTce: tce }));
  check('sh-mfg.energy-saving', [
    {
      name: '3000 tce → 300万–600万',
      profile: saved(3000),
      status: 'eligible',
      amount: { min: 300 * 万, max: 600 * 万 },
    },
    {
      name: '5000 tce → 500万–1000万',
      profile: saved(5000),
      status: 'eligible',
      amount: { min: 500 * 万, max: 1000 * 万 },
    },
    {
      name: '6000 tce → 600万–1200万, max capped at 1000万',
      profile: saved(6000),
      status: 'eligible',
      amount: { min: 600 * 万, max: 1000 * 万 },
    },
    { name: '12000 tce → both capped', profile: saved(12000), status: 'eligible', amount: fixed(1000 * 万) },
    { name: '0.5 tce → 500–1000元', profile: saved(0.5), status: 'eligible', amount: { min: 500, max: 1000 } },
    { name: 'nothing saved → ineligible', profile: saved(0), status: 'ineligible', amount: null },
  ]);
});

// 首次评为国家级绿色工厂的，给予20万元一次性奖励。
describe('首次评为国家级绿色工厂 20万 in the year first named', () => {
  const named = (year?: number) =>
    enterprise(PUDONG, { qualifications: [{ name: '国家级绿色工厂', ...(year === undefined ? {} : { year }) }] });
  check('sh-mfg.green-factory', [
    { name: 'named in 2026, evaluated for 2026', profile: named(2026), status: 'eligible', amount: fixed(20 * 万) },
    { name: 'named in 2025: not first named in 2026', profile: named(2025), status: 'ineligible', amount: null },
    {
      name: 'named in 2027, evaluated for 2027',
      profile: named(2027),
      year: 2027,
      status: 'eligible',
      amount: fixed(20 * 万),
    },
    {
      name: 'named, year unknown',
      profile: named(),
      status: 'unknown',
      amount: fixed(20 * 万),
      missing: ['qualifications.国家级绿色工厂'],
    },
    { name: 'not named', profile: enterprise(PUDONG, { qualifications: [] }), status: 'ineligible', amount: null },
  ]);
});

// 对企业备货关键零部件及原材料的贷款，给予0.8%—1.3%的贴息支持。
describe('关键零部件备货贷款 0.8%—1.3% 贴息', () => {
  const loan = (yuan: number) => enterprise(PUDONG, metrics2026({ keyPartsStockLoan: yuan }));
  check('sh-mfg.key-parts-loan', [
    { name: '1000万 → 8万–13万', profile: loan(1000 * 万), status: 'eligible', amount: { min: 8 * 万, max: 13 * 万 } },
    { name: '1亿 → 80万–130万', profile: loan(亿), status: 'eligible', amount: { min: 80 * 万, max: 130 * 万 } },
    {
      name: '1234567.89 → to the fen',
      profile: loan(1_234_567.89),
      status: 'eligible',
      amount: { min: 9876.54, max: 16049.38 },
    },
  ]);
});

// 首年…按商铺原公开招租价格的2折缴纳基础租金，…再支付月营业额的3%作为收益扣点；次年…3折…4%；第三年…4折…5%。
describe('深圳安居创业帮扶计划: the rent schedule by programme year', () => {
  const shop = (metrics: Record<string, Record<string, number>>, joined = 2026) =>
    enterprise('440306', { qualifications: [{ name: '安居创业帮扶计划', year: joined }], metrics });
  const figures = { listedRent: 120_000, revenue: 1_000_000 };
  check('shenzhen-anju.rent', [
    // 120000 × (1 − 0.2) − 1000000 × 3% = 96000 − 30000
    { name: 'year 1: 2折 and 3%', profile: shop({ '2026': figures }), status: 'eligible', amount: fixed(66_000) },
    // 120000 × 0.7 − 1000000 × 4% = 84000 − 40000
    {
      name: 'year 2: 3折 and 4%',
      profile: shop({ '2027': figures }),
      year: 2027,
      status: 'eligible',
      amount: fixed(44_000),
    },
    // 120000 × 0.6 − 1000000 × 5% = 72000 − 50000
    {
      name: 'year 3: 4折 and 5%',
      profile: shop({ '2028': figures }),
      year: 2028,
      status: 'eligible',
      amount: fixed(22_000),
    },
    {
      name: 'year 4: the three years are over',
      profile: shop({ '2029': figures }),
      year: 2029,
      status: 'ineligible',
      amount: null,
    },
    { name: 'before joining', profile: shop({ '2025': figures }), year: 2025, status: 'ineligible', amount: null },
    {
      name: 'a share larger than the discount gives 0',
      profile: shop({ '2026': { listedRent: 10_000, revenue: 1_000_000 } }),
      status: 'eligible',
      amount: fixed(0),
    },
    {
      name: 'revenue unknown',
      profile: shop({ '2026': { listedRent: 120_000 } }),
      status: 'eligible',
      amount: null,
      missing: ['metrics.revenue'],
    },
    {
      name: 'not in the programme',
      profile: enterprise('440306', { qualifications: [], ...metrics2026(figures) }),
      status: 'ineligible',
      amount: null,
    },
    {
      name: 'a 上海 business',
      profile: enterprise(PUDONG, {
        qualifications: [{ name: '安居创业帮扶计划', year: 2026 }],
        ...metrics2026(figures),
      }),
      status: 'ineligible',
      amount: null,
    },
  ]);
});

describe('eligibility-only policies', () => {
  check('sh-mfg.leading-industries', [
    {
      name: '集成电路制造 in 上海',
      profile: enterprise(PUDONG, { industry: 'C3973' }),
      status: 'eligible',
      amount: null,
    },
    {
      name: '集成电路设计 in 上海',
      profile: enterprise(PUDONG, { industry: 'I6520' }),
      status: 'eligible',
      amount: null,
    },
    {
      name: 'another industry',
      profile: enterprise(PUDONG, { industry: 'C3911' }),
      status: 'ineligible',
      amount: null,
    },
    { name: 'industry unknown', profile: enterprise(PUDONG), status: 'unknown', amount: null, missing: ['industry'] },
    {
      name: '集成电路 in 江苏',
      profile: enterprise('320506', { industry: 'C3973' }),
      status: 'ineligible',
      amount: null,
    },
  ]);
  check('sh-services.elderly-care', [
    {
      name: '养老机构',
      profile: enterprise(PUDONG, { qualifications: [{ name: '养老机构' }] }),
      status: 'eligible',
      amount: null,
    },
  ]);
  check('shenzhen-incubator.measure-1', [
    {
      name: '科技型企业孵化器 in 深圳',
      profile: enterprise('440305', { qualifications: [{ name: '科技型企业孵化器', year: 2020 }] }),
      status: 'eligible',
      amount: null,
    },
  ]);
});

describe('a report for one enterprise', () => {
  it('puts the sums first, largest first, with the facts still missing', () => {
    const profile = enterprise(PUDONG, {
      industry: 'C3973',
      qualifications: [
        { name: '国家级绿色工厂', year: 2026 },
        { name: '首台（套）重大技术装备', year: 2025 },
      ],
      ...metrics2026({ basicResearchSpend: 6000 * 万, energySavedTce: 6000, firstSetContractAmount: 8000 * 万 }),
    });
    const report = matchReport(policies, profile, 2026);
    const head = report.matches.slice(0, 6).map((m) => [m.policy.id, m.status, m.amount]);
    expect(head).toEqual([
      ['sh-mfg.first-set', 'eligible', { min: 0, max: 2000 * 万 }],
      ['sh-mfg.energy-saving', 'eligible', { min: 600 * 万, max: 1000 * 万 }],
      ['sh-mfg.basic-research', 'eligible', fixed(500 * 万)],
      ['sh-mfg.green-factory', 'eligible', fixed(20 * 万)],
      ...report.matches.slice(4, 6).map((m) => [m.policy.id, 'eligible', null]),
    ]);
    const statuses = report.matches.map((m) => m.status);
    expect(statuses).toEqual([...statuses].sort((a, b) => rank(a) - rank(b)));
    const unknown = report.matches.filter((m) => m.status === 'unknown').map((m) => [m.policy.id, m.missing]);
    expect(unknown).toEqual(
      expect.arrayContaining([
        ['sh-mfg.tech-upgrade', ['metrics.techUpgradeFinancingCost']],
        ['sh-mfg.key-parts-loan', ['metrics.keyPartsStockLoan']],
      ]),
    );
    expect(report.matches.find((m) => m.policy.id === 'js-ai.computing')?.status).toBe('ineligible');
  });
});

function rank(status: Status): number {
  return status === 'eligible' ? 0 : status === 'unknown' ? 1 : 2;
}
