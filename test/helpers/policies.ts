import type { Policy } from '../../src/core/rules/types.ts';

/**
 * A small valid policy for tests: a fixed award of `amount` yuan to every enterprise within `region`, issued by
 * that region. Its source sentence names the sum, so each amount is its own text.
 */
export function regionAward(id: string, region: string, amount: number, version = 1): Policy {
  const award = `给予一次性奖励${amount}元`;
  return {
    id,
    version,
    title: `区域企业一次性奖励（测试 ${id}）`,
    regions: [region],
    eligibility: { regionWithin: [region], source: '对辖区内的企业' },
    benefit: { kind: 'fixed', amount, source: award },
    sources: [{ document: null, article: '辖区企业奖励', measure: null, text: `对辖区内的企业${award}。` }],
  };
}
