import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import {
  checkEntryAction,
  GRANT_STATES,
  LIST_ACTIONS,
  listTransition,
  type EntryFigures,
  type GrantState,
  type ListAction,
} from './state-machine.ts';

const FIGURES = { included: 3, awaitingPayment: 0 };

function refusal(run: () => unknown): ZhidaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ZhidaError);
    return error as ZhidaError;
  }
  throw new Error('not refused');
}

describe('the 免申即享 list state machine', () => {
  it('goes 系统比对 → 精准推送 → 意愿确认 → 自动兑付 → 公示归档 → archived, one action each', () => {
    const path: [GrantState, ListAction, GrantState][] = [
      ['compared', 'confirm', 'pushed'],
      ['pushed', 'open_confirmation', 'confirming'],
      ['confirming', 'start_payment', 'paying'],
      ['paying', 'publish', 'published'],
      ['published', 'archive', 'archived'],
    ];
    for (const [from, action, to] of path) expect(listTransition(from, action, FIGURES)).toBe(to);
  });

  it('refuses every other pair, naming the state and the action', () => {
    const allowed = new Set([
      'compared:confirm',
      'pushed:open_confirmation',
      'confirming:start_payment',
      'paying:publish',
      'published:archive',
    ]);
    for (const state of GRANT_STATES) {
      for (const action of LIST_ACTIONS) {
        if (allowed.has(`${state}:${action}`)) continue;
        const error = refusal(() => listTransition(state, action, FIGURES));
        expect(error.id).toBe('grant.illegal_transition');
        expect(error.message).toContain(`(${state})`);
      }
    }
    expect(refusal(() => listTransition('published', 'confirm', FIGURES)).message).toBe(
      'a 免申即享 list that is 公示归档 (published) cannot be confirmed and pushed: only a list that is 系统比对 (compared) can; the next step of this list is archive',
    );
    expect(refusal(() => listTransition('archived', 'publish', FIGURES)).message).toContain('this list is finished');
  });

  it('refuses to push a list without entries and to publish with payments outstanding', () => {
    expect(refusal(() => listTransition('compared', 'confirm', { included: 0, awaitingPayment: 0 })).message).toContain(
      'every entry is excluded',
    );
    expect(refusal(() => listTransition('paying', 'publish', { included: 3, awaitingPayment: 2 })).message).toBe(
      'a 免申即享 list that is 自动兑付 (paying) cannot be published (公示): 2 accepted entries have no payment outcome yet',
    );
  });

  it('lets entries change only in the state that owns them', () => {
    const entry: EntryFigures = { excluded: false, response: 'pending', payment: 'none' };
    expect(() => checkEntryAction('compared', 'exclude', entry)).not.toThrow();
    expect(refusal(() => checkEntryAction('pushed', 'exclude', entry)).message).toBe(
      'a 免申即享 list that is 精准推送 (pushed) cannot exclude an entry: the list is frozen once confirmed',
    );
    expect(refusal(() => checkEntryAction('compared', 'include', entry)).message).toContain('is not excluded');
    expect(refusal(() => checkEntryAction('compared', 'exclude', { ...entry, excluded: true })).message).toContain(
      'excluded already',
    );
    expect(() => checkEntryAction('pushed', 'respond', entry)).not.toThrow();
    expect(() => checkEntryAction('confirming', 'respond', { ...entry, response: 'declined' })).not.toThrow();
    expect(refusal(() => checkEntryAction('compared', 'respond', entry)).message).toContain('not been confirmed');
    expect(refusal(() => checkEntryAction('paying', 'respond', entry)).message).toContain('(paying)');
    expect(refusal(() => checkEntryAction('confirming', 'respond', { ...entry, excluded: true })).message).toContain(
      'excluded',
    );
    const accepted: EntryFigures = { excluded: false, response: 'accepted', payment: 'pending' };
    expect(() => checkEntryAction('paying', 'record_payment', accepted)).not.toThrow();
    expect(() => checkEntryAction('paying', 'record_payment', { ...accepted, payment: 'failed' })).not.toThrow();
    expect(
      refusal(() => checkEntryAction('paying', 'record_payment', { ...accepted, payment: 'paid' })).message,
    ).toContain('paid already');
    expect(
      refusal(() => checkEntryAction('paying', 'record_payment', { ...accepted, response: 'declined' })).message,
    ).toContain('declined, not accepted');
    expect(refusal(() => checkEntryAction('published', 'record_payment', accepted)).message).toContain('(published)');
  });
});
