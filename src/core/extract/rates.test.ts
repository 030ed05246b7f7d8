import { describe, expect, it } from 'vitest';
import { findRates } from './rates.ts';
import type { Rate } from './types.ts';

function rate(text: string, min: number, max = min): Rate {
  return { text, min, max };
}

const cases: [string, string, Rate[]][] = [
  ['percent', '按设备投资额的10%给予补助', [rate('10%', 10)]],
  ['full-width percent', '补贴比例为30％', [rate('30％', 30)]],
  ['full-width digits', '同比增长１０％', [rate('１０％', 10)]],
  ['decimal', '单位GDP能耗下降13.5%', [rate('13.5%', 13.5)]],
  ['range with dash', '给予0.8%—1.3%的贴息支持', [rate('0.8%—1.3%', 0.8, 1.3)]],
  ['range with hyphen', '下浮10%-15%', [rate('10%-15%', 10, 15)]],
  ['range with 至', '年化利率3%至5%', [rate('3%至5%', 3, 5)]],
  ['range, % printed once', '补贴10-15%', [rate('10-15%', 10, 15)]],
  ['以上 kept', '应用普及率70%以上；', [rate('70%以上', 70)]],
  ['以内 kept', '贷款利率下浮10%以内', [rate('10%以内', 10)]],
  ['左右 kept', '增长30%左右', [rate('30%左右', 30)]],
  ['以上…以下 range', '占比10%以上20%以下的企业', [rate('10%以上20%以下', 10, 20)]],
  ['不低于 kept', '资本金比例不低于20%。', [rate('不低于20%', 20)]],
  ['最高不超过 kept', '补助比例最高不超过30%', [rate('最高不超过30%', 30)]],
  ['bound cut off by a noun', '按照最高不超过产品销售合同金额的30%给予支持', [rate('30%', 30)]],
  ['百分之', '研发费用占营业收入比例不低于百分之三', [rate('不低于百分之三', 3)]],
  ['百分之十五', '按照百分之十五的税率征收企业所得税', [rate('百分之十五', 15)]],
  ['百分之三点五', '下降百分之三点五', [rate('百分之三点五', 3.5)]],
  ['百分之…至百分之…', '按照百分之三至百分之八的比例', [rate('百分之三至百分之八', 3, 8)]],
  ['百分之三至五', '提高百分之三至五', [rate('百分之三至五', 3, 5)]],
  ['千分之', '按千分之五计提', [rate('千分之五', 0.5)]],
  ['permille', '费率为5‰', [rate('5‰', 0.5)]],
  ['n折', '按商铺原公开招租价格的2折缴纳基础租金', [rate('2折', 20)]],
  ['decimal 折', '门票8.5折优惠', [rate('8.5折', 85)]],
  ['Chinese 折', '租金按八折收取', [rate('八折', 80)]],
  ['two-digit Chinese 折', '会员享受九五折', [rate('九五折', 95)]],
  ['一 before 八折 belongs to 统一', '统一八折', [rate('八折', 80)]],
  ['折 range', '按5—8折收取', [rate('5—8折', 50, 80)]],
  [
    'order of appearance, 折 and %',
    '按2折缴纳租金，再支付月营业额的3%；次年按3折缴纳，支付4%',
    [rate('2折', 20), rate('3%', 3), rate('3折', 30), rate('4%', 4)],
  ],
  ['growth and percentage points', '同比增长12.3%，增速比上年提高2.1个百分点', [rate('12.3%', 12.3)]],
  ['rate then cap (Beijing)', '按实际发生额的50%给予补贴，最高100万元', [rate('50%', 50)]],
  ['打折 and 折 words', '打折促销；固定资产折旧；给予折扣；折算成本；折合人民币；3折算为', []],
  ['百分点 and 百分比', '下降2个百分点；百分比', []],
  ['10折 is no discount', '第10折', []],
  ['a falling pair stays apart', '由30%降至20%', [rate('30%', 30), rate('20%', 20)]],
];

describe('findRates', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    expect(findRates(text)).toEqual(expected);
  });
});
