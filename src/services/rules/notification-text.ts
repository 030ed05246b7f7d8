import type { AmountRange } from '../../core/rules/types.ts';
import type { MatchChange } from './match-diff.ts';

// The words of a notification (zh-CN, as the enterprises read them).

function yuan(value: number): string {
  if (value >= 10_000) return `${Number((value / 10_000).toFixed(2))}万元`;
  return `${Number(value.toFixed(2))}元`;
}

/** 200万元, 0—200万元 ("up to"), 1.5万—3万元. */
export function formatAmount(amount: AmountRange): string {
  if (amount.min === amount.max) return yuan(amount.max);
  return `${yuan(amount.min).replace(/元$/, '')}—${yuan(amount.max)}`;
}

/** The title and body telling an enterprise of one change of one policy (`withdrawn`: the policy was withdrawn). */
export function notificationText(
  change: MatchChange,
  policyTitle: string,
  withdrawn: boolean,
): { title: string; body: string } {
  const name = `「${policyTitle}」`;
  switch (change.kind) {
    case 'eligible':
      return {
        title: `可享受新政策：${policyTitle}`,
        body:
          `根据贵企业现有信息，贵企业符合${name}的条件` +
          (change.amount === null ? '。' : `，预计可获 ${formatAmount(change.amount)}。`),
      };
    case 'amount_changed':
      return {
        title: `政策金额变化：${policyTitle}`,
        body:
          `${name}对贵企业的预计金额` +
          (change.before === null ? '' : `由 ${formatAmount(change.before)} `) +
          (change.amount === null ? '暂无法确定（就高不重复或缺少信息）。' : `变为 ${formatAmount(change.amount)}。`),
      };
    case 'ineligible':
      return {
        title: `不再符合：${policyTitle}`,
        body: withdrawn ? `${name}已撤回，贵企业不再享受该政策。` : `根据政策更新，贵企业不再符合${name}的条件。`,
      };
  }
}
