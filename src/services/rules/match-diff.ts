import type { AmountRange } from '../../core/rules/types.ts';
import type { NotificationKind } from '../../db/schema.ts';

// What changed for each enterprise between two sets of one policy's matches: the notifications of a publish or
// a withdrawal, and (later) the e-mails and webhooks built on them. Plain data in, plain data out.

/** One enterprise's stored match of one policy; an enterprise without one is ineligible. */
export interface MatchState {
  enterpriseId: number;
  status: 'eligible' | 'unknown';
  amount: AmountRange | null;
}

export interface MatchChange {
  enterpriseId: number;
  /** eligible: newly eligible; amount_changed: eligible before and after with another amount; ineligible: no longer */
  kind: NotificationKind;
  /** the amount after the change (null when there is none, and always for ineligible) */
  amount: AmountRange | null;
  /** the amount before, when the enterprise was eligible */
  before: AmountRange | null;
}

function sameAmount(a: AmountRange | null, b: AmountRange | null): boolean {
  return a === null || b === null ? a === b : a.min === b.min && a.max === b.max;
}

/**
 * The changes between the matches `before` and `after` (each with at most one entry per enterprise), by enterprise
 * id. Unknown counts as not eligible: moving between unknown and ineligible is no change to tell anyone about.
 */
export function diffMatches(before: Iterable<MatchState>, after: Iterable<MatchState>): MatchChange[] {
  const was = new Map<number, MatchState>();
  for (const state of before) was.set(state.enterpriseId, state);
  const changes: MatchChange[] = [];
  const seen = new Set<number>();
  for (const now of after) {
    seen.add(now.enterpriseId);
    const old = was.get(now.enterpriseId);
    const wasEligible = old?.status === 'eligible';
    if (now.status === 'eligible' && !wasEligible) {
      changes.push({ enterpriseId: now.enterpriseId, kind: 'eligible', amount: now.amount, before: null });
    } else if (now.status === 'eligible' && !sameAmount(old!.amount, now.amount)) {
      changes.push({ enterpriseId: now.enterpriseId, kind: 'amount_changed', amount: now.amount, before: old!.amount });
    } else if (now.status !== 'eligible' && wasEligible) {
      changes.push({ enterpriseId: now.enterpriseId, kind: 'ineligible', amount: null, before: old!.amount });
    }
  }
  for (const old of was.values()) {
    if (!seen.has(old.enterpriseId) && old.status === 'eligible') {
      changes.push({ enterpriseId: old.enterpriseId, kind: 'ineligible', amount: null, before: old.amount });
    }
  }
  return changes.sort((a, b) => a.enterpriseId - b.enterpriseId);
}

/** How many changes of each kind. */
export function countChanges(changes: readonly MatchChange[]): Record<NotificationKind, number> {
  const counts: Record<NotificationKind, number> = { eligible: 0, amount_changed: 0, ineligible: 0 };
  for (const change of changes) counts[change.kind]++;
  return counts;
}
