import { errors } from '../errors.ts';

// The one place that moves a 免申即享 (auto-grant) list through its life. Services call these functions and store
// what they return in one transaction with the audit row; nothing changes a list's state any other way. Pure.
//
//   系统比对 compared  — the system compared every enterprise's authoritative facts with the policy; an operator
//                        reviews the list and excludes entries (with a reason) or includes them again
//      │ confirm         the operator confirms: the list is frozen (no more edits; exportable) and every included
//      ▼                 enterprise is told through the outbox (精准推送)
//   精准推送 pushed    — enterprises may already answer
//      │ open_confirmation (with an answer-by date, optionally)
//      ▼
//   意愿确认 confirming — enterprises confirm or decline (each may change its answer until payment starts)
//      │ start_payment   accepted entries await payment; unanswered ones are recorded as no_response
//      ▼
//   自动兑付 paying     — the paying department's outcome is recorded per accepted entry: paid (date, reference)
//      │ publish         or failed (reason); a failed payment may be recorded as paid later
//      ▼                 (refused while an accepted entry has no outcome)
//   公示归档 published  — the public notice lists the paid entries (name and amount)
//      │ archive
//      ▼
//            archived   — the notice stays readable; nothing changes any more

export const GRANT_STATES = ['compared', 'pushed', 'confirming', 'paying', 'published', 'archived'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export const GRANT_STATE_LABELS: Record<GrantState, string> = {
  compared: '系统比对',
  pushed: '精准推送',
  confirming: '意愿确认',
  paying: '自动兑付',
  published: '公示归档',
  archived: '公示归档（已归档）',
};

export const LIST_ACTIONS = ['confirm', 'open_confirmation', 'start_payment', 'publish', 'archive'] as const;
export type ListAction = (typeof LIST_ACTIONS)[number];

export const ENTRY_ACTIONS = ['exclude', 'include', 'respond', 'record_payment'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

const LIST_RULES: Record<ListAction, { from: GrantState; to: GrantState; words: string }> = {
  confirm: { from: 'compared', to: 'pushed', words: 'be confirmed and pushed' },
  open_confirmation: { from: 'pushed', to: 'confirming', words: 'open 意愿确认' },
  start_payment: { from: 'confirming', to: 'paying', words: 'start payment' },
  publish: { from: 'paying', to: 'published', words: 'be published (公示)' },
  archive: { from: 'published', to: 'archived', words: 'be archived' },
};

const ENTRY_WORDS: Record<EntryAction, string> = {
  exclude: 'exclude an entry',
  include: 'include an entry again',
  respond: 'take an answer (意愿确认)',
  record_payment: 'record a payment',
};

/** "公示归档 (published)": how a refusal names a state. */
export function stateName(state: GrantState): string {
  return `${GRANT_STATE_LABELS[state]} (${state})`;
}

function refuse(state: GrantState, words: string, why: string): never {
  throw errors.grantIllegalTransition(stateName(state), words, why);
}

/** What the list holds, for the guards of a transition. */
export interface ListFigures {
  /** entries not excluded */
  included: number;
  /** accepted entries whose payment has no outcome yet */
  awaitingPayment: number;
}

/** The state after `action`, or a refusal (grant.illegal_transition) that names the state and the action. */
export function listTransition(state: GrantState, action: ListAction, figures: ListFigures): GrantState {
  const rule = LIST_RULES[action];
  if (rule === undefined) refuse(state, action, `the actions are ${LIST_ACTIONS.join(', ')}`);
  if (state !== rule.from) {
    const next = (Object.entries(LIST_RULES) as [ListAction, (typeof LIST_RULES)[ListAction]][]).find(
      ([, r]) => r.from === state,
    );
    refuse(
      state,
      rule.words,
      `only a list that is ${stateName(rule.from)} can` +
        (next === undefined ? '; this list is finished' : `; the next step of this list is ${next[0]}`),
    );
  }
  if (action === 'confirm' && figures.included === 0) {
    refuse(state, rule.words, 'every entry is excluded; include one or leave the list unconfirmed');
  }
  if (action === 'publish' && figures.awaitingPayment > 0) {
    refuse(state, rule.words, `${figures.awaitingPayment} accepted entries have no payment outcome yet`);
  }
  return rule.to;
}

/** An entry as the guards see it. */
export interface EntryFigures {
  excluded: boolean;
  response: 'pending' | 'accepted' | 'declined' | 'no_response';
  payment: 'none' | 'pending' | 'paid' | 'failed';
}

/** Refuses (grant.illegal_transition) an entry action the list's state or the entry does not allow. */
export function checkEntryAction(state: GrantState, action: EntryAction, entry: EntryFigures): void {
  const words = ENTRY_WORDS[action];
  switch (action) {
    case 'exclude':
    case 'include':
      if (state !== 'compared') refuse(state, words, 'the list is frozen once confirmed');
      if (action === 'exclude' && entry.excluded) refuse(state, words, 'the entry is excluded already');
      if (action === 'include' && !entry.excluded) refuse(state, words, 'the entry is not excluded');
      return;
    case 'respond':
      if (state !== 'pushed' && state !== 'confirming') {
        refuse(
          state,
          words,
          state === 'compared'
            ? 'the list has not been confirmed and pushed yet'
            : 'answers are taken while the list is 精准推送 or 意愿确认 only',
        );
      }
      if (entry.excluded) refuse(state, words, 'the entry was excluded from the list');
      return;
    case 'record_payment':
      if (state !== 'paying') refuse(state, words, 'payments are recorded while the list is 自动兑付 (paying) only');
      if (entry.response !== 'accepted' || entry.excluded) {
        refuse(state, words, `the enterprise's answer is ${entry.response}, not accepted`);
      }
      if (entry.payment === 'paid') refuse(state, words, 'the entry is paid already');
      return;
  }
}
