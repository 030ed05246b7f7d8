// The yearly metrics a profile may hold (profile.metrics["2025"].KEY): the contract's vocabulary
// (../shared/design/profile-and-match-contract.md) and the few the size rule and the policy pack add. Imports accept
// these keys, or their Chinese names, as column headers ("revenue:2025", "营业收入:2025").

export interface MetricName {
  meaning: string;
  unit: '元' | '吨标准煤';
  /** header names a spreadsheet may use instead of the key */
  aliases: readonly string[];
}

export const METRIC_NAMES: Readonly<Record<string, MetricName>> = {
  revenue: { meaning: '营业收入', unit: '元', aliases: ['营业收入'] },
  output: { meaning: '工业总产值 / 年产值', unit: '元', aliases: ['工业总产值', '年产值'] },
  rdSpend: { meaning: '研发投入', unit: '元', aliases: ['研发投入', '研发费用'] },
  basicResearchSpend: { meaning: '基础研究投入', unit: '元', aliases: ['基础研究投入'] },
  energySavedTce: { meaning: '节能量', unit: '吨标准煤', aliases: ['节能量'] },
  techUpgradeFinancingCost: {
    meaning: '技术改造项目固定资产投资贷款利息或设备融资租赁费用',
    unit: '元',
    aliases: ['技术改造融资费用'],
  },
  firstSetContractAmount: { meaning: '首台（套）/首批次产品销售合同金额', unit: '元', aliases: ['首台套合同金额'] },
  keyPartsStockLoan: { meaning: '备货关键零部件及原材料的贷款', unit: '元', aliases: ['关键零部件备货贷款'] },
  totalAssets: {
    meaning: '资产总额 (the size rule of 建筑业, 房地产开发经营, 租赁和商务服务业)',
    unit: '元',
    aliases: ['资产总额'],
  },
  listedRent: { meaning: '商铺原公开招租价格（全年）', unit: '元', aliases: ['原招租价格'] },
};

/** The metric key a header names ("revenue", "营业收入" → "revenue"); undefined for an unknown name. */
export function metricKeyOf(name: string): string | undefined {
  if (Object.hasOwn(METRIC_NAMES, name)) return name;
  for (const [key, metric] of Object.entries(METRIC_NAMES)) if (metric.aliases.includes(name)) return key;
  return undefined;
}
