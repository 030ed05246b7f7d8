import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueForEscalation, isOverdue, needsEscalation } from './overdue.ts';
import { REQUEST_STATES, transition } from './state-machine.ts';
import type { RequestSnapshot, RequestState } from './types.ts';

const NOW = new Date('2026-05-11T02:00:00Z');
const DEADLINE = '2026-05-08T15:59:59.999Z'; // the end of Friday 8 May in China

function request(state: RequestState, overrides: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return {
    id: 1,
    state,
    enterprise: '91320500MA1XXXXX0X',
    department: '市发展改革委',
    deadline: DEADLINE,
    lastEscalatedFor: null,
    resolvedAt: null,
    ...overrides,
  };
}

describe('isOverdue', () => {
  it('is past the deadline while a department owes a resolution', () => {
    expect(isOverdue(request('assigned'), NOW)).toBe(true);
    expect(isOverdue(request('in_progress'), NOW)).toBe(true);
    expect(isOverdue(request('escalated'), NOW)).toBe(true);
    for (const state of [
      'submitted',
      'accepted',
      'resolved',
      'confirmed',
      'reopened',
      'rejected',
      'duplicate',
    ] as const) {
      expect(isOverdue(request(state), NOW), state).toBe(false);
    }
  });

  it('starts the millisecond after the deadline', () => {
    expect(isOverdue(request('assigned'), new Date(DEADLINE))).toBe(false);
    expect(isOverdue(request('assigned'), new Date(Date.parse(DEADLINE) + 1))).toBe(true);
  });

  it('is false without a readable deadline', () => {
    expect(isOverdue(request('assigned', { deadline: null }), NOW)).toBe(false);
    expect(isOverdue(request('assigned', { deadline: '2026-05-08' }), NOW)).toBe(false);
  });
});

describe('needsEscalation and dueForEscalation', () => {
  it('skips a request escalated for its current deadline, whatever the offset it was written with', () => {
    expect(needsEscalation(request('in_progress'), NOW)).toBe(true);
    expect(needsEscalation(request('in_progress', { lastEscalatedFor: DEADLINE }), NOW)).toBe(false);
    expect(needsEscalation(request('in_progress', { lastEscalatedFor: '2026-05-08T23:59:59.999+08:00' }), NOW)).toBe(
      false,
    );
    expect(needsEscalation(request('escalated', { lastEscalatedFor: DEADLINE }), NOW)).toBe(false);
  });

  it('escalates again for a new deadline', () => {
    const extended = request('assigned', { deadline: '2026-05-10T15:59:59.999Z', lastEscalatedFor: DEADLINE });
    expect(needsEscalation(extended, NOW)).toBe(true);
  });

  it('lists the most overdue first', () => {
    const list = [
      { ...request('assigned'), id: 'a', deadline: '2026-05-09T15:59:59.999Z' },
      { ...request('resolved'), id: 'b' },
      { ...request('in_progress'), id: 'c', deadline: '2026-05-01T15:59:59.999Z' },
      { ...request('assigned'), id: 'd', deadline: '2026-05-20T15:59:59.999Z' },
      { ...request('in_progress'), id: 'e', lastEscalatedFor: DEADLINE },
      { ...request('assigned'), id: 'f' },
    ];
    expect(dueForEscalation(list, NOW).map((r) => r.id)).toEqual(['c', 'f', 'a']);
  });

  it('agrees with the state machine: what it lists, transition escalates; what it skips, transition does not', () => {
    const instants = ['2026-05-01T15:59:59.999Z', DEADLINE, '2026-05-20T15:59:59.999Z'];
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUEST_STATES),
        fc.constantFrom(...instants),
        fc.option(fc.constantFrom(...instants)),
        (state, deadline, lastEscalatedFor) => {
          const r = request(state, { deadline, lastEscalatedFor, resolvedAt: DEADLINE });
          const result = transition(r, { type: 'escalate', deadline }, { kind: 'system' }, NOW);
          expect(result.ok).toBe(needsEscalation(r, NOW));
          if (result.ok) expect(needsEscalation(result.next, NOW)).toBe(false);
        },
      ),
    );
  });
});
