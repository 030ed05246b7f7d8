import type { MatchChange } from '../rules/match-diff.ts';
import { notificationText } from '../rules/notification-text.ts';

// The words of a change, by what caused it: a policy published or changed, a policy withdrawn, or the enterprise's
// own facts (an import, a profile edit). rules/notification-text.ts writes them; only "no longer eligible" after
// new facts says why in its own words, since the policy did not change.

export type ChangeCause = 'policy' | 'withdraw' | 'facts' | 'profile';

export function changeText(
  change: MatchChange,
  policyTitle: string,
  cause: ChangeCause,
): { title: string; body: string } {
  const text = notificationText(change, policyTitle, cause === 'withdraw');
  if (change.kind === 'ineligible' && (cause === 'facts' || cause === 'profile')) {
    return { title: text.title, body: `根据贵企业信息的最新变化，贵企业不再符合「${policyTitle}」的条件。` };
  }
  return text;
}
