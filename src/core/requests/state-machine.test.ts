import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, STATE_LABELS } from './labels.ts';
import {
  ACTOR_KINDS,
  allowedActions,
  availableActions,
  open311Status,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  statesOfOpen311Status,
  TERMINAL_STATES,
  transition,
  type TransitionResult,
} from './state-machine.ts';
import type { Actor, ActorKind, RequestAction, RequestActionType, RequestSnapshot, RequestState } from './types.ts';

const USCC = '91320500MA1XXXXX0X';
const DEPT = '市发展改革委';
const NOW = new Date('2026-05-11T02:00:00Z'); // Monday 10:00 in Suzhou
const DAY = 86_400_000;
const at = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY).toISOString();

const ACTORS: Record<ActorKind, Actor> = {
  enterprise: { kind: 'enterprise', accountId: 11, uscc: USCC },
  coordinator: { kind: 'coordinator', accountId: 22 },
  department: { kind: 'department', accountId: 33, department: DEPT },
  system: { kind: 'system' },
};

/** A request in `state`, assigned to DEPT, overdue since yesterday, resolved a day ago. */
function request(state: RequestState, overrides: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return {
    id: 1,
    state,
    enterprise: USCC,
    department: DEPT,
    deadline: at(-1),
    lastEscalatedFor: null,
    resolvedAt: at(-1),
    version: 7,
    ...overrides,
  };
}

/** A valid payload of each action for request(). */
const VALID: Record<RequestActionType, RequestAction> = {
  accept: { type: 'accept' },
  reject: { type: 'reject', reason: '不属于企业诉求受理范围' },
  mark_duplicate: { type: 'mark_duplicate', originalId: 99 },
  assign: { type: 'assign', department: '市自然资源和规划局', deadline: at(5) },
  reassign: { type: 'reassign', department: '市自然资源和规划局', deadline: at(5) },
  start: { type: 'start' },
  resolve: { type: 'resolve', note: '已协调完成项目核准' },
  confirm: { type: 'confirm', rating: 5, comment: '办理及时' },
  reopen: { type: 'reopen', reason: '问题没有解决' },
  escalate: { type: 'escalate', deadline: at(-1) },
  comment: { type: 'comment', note: '请补充材料' },
};

// The life cycle as issue 6 and the design state it, written out independently of TRANSITIONS.
const SPEC: Record<RequestActionType, { from: RequestState[]; to: RequestState | 'same'; by: ActorKind[] }> = {
  accept: { from: ['submitted', 'reopened'], to: 'accepted', by: ['coordinator'] },
  reject: { from: ['submitted', 'accepted', 'reopened'], to: 'rejected', by: ['coordinator'] },
  mark_duplicate: { from: ['submitted', 'accepted', 'reopened'], to: 'duplicate', by: ['coordinator'] },
  assign: { from: ['accepted', 'reopened'], to: 'assigned', by: ['coordinator'] },
  reassign: { from: ['assigned', 'in_progress', 'escalated'], to: 'assigned', by: ['coordinator'] },
  start: { from: ['assigned', 'escalated'], to: 'in_progress', by: ['department'] },
  resolve: { from: ['assigned', 'in_progress', 'escalated'], to: 'resolved', by: ['department'] },
  confirm: { from: ['resolved'], to: 'confirmed', by: ['enterprise'] },
  reopen: { from: ['resolved', 'confirmed'], to: 'reopened', by: ['enterprise'] },
  escalate: { from: ['assigned', 'in_progress'], to: 'escalated', by: ['system', 'coordinator'] },
  comment: {
    from: ['submitted', 'accepted', 'assigned', 'in_progress', 'escalated', 'resolved', 'reopened'],
    to: 'same',
    by: ['enterprise', 'coordinator', 'department', 'system'],
  },
};

function refused(result: TransitionResult): { id: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${result.event.from} → ${result.event.to}`);
  return { id: result.error.id, message: result.error.message };
}

function accepted(result: TransitionResult) {
  if (!result.ok) throw new Error(`expected success, got ${result.error.id}: ${result.error.message}`);
  return result;
}

describe('every state × every action × every kind of actor', () => {
  const cases = REQUEST_STATES.flatMap((state) =>
    REQUEST_ACTIONS.flatMap((action) => ACTOR_KINDS.map((kind) => [state, action, kind] as const)),
  );

  it('covers 10 states × 11 actions × 4 actors', () => {
    expect(cases).toHaveLength(440);
  });

  it.each(cases)('%s · %s · %s', (state, action, kind) => {
    const spec = SPEC[action];
    const result = transition(request(state), VALID[action], ACTORS[kind], NOW);
    if (!spec.from.includes(state)) {
      const error = refused(result);
      expect(error.id).toBe('request.illegal_transition');
      expect(error.message).toMatch(/^a request that is .+ cannot be /);
    } else if (!spec.by.includes(kind)) {
      const error = refused(result);
      expect(error.id).toBe('request.forbidden_action');
    } else {
      const { next, event } = accepted(result);
      const to = spec.to === 'same' ? state : spec.to;
      expect(next.state).toBe(to);
      expect(event).toMatchObject({
        requestId: 1,
        action,
        from: state,
        to,
        actor: ACTORS[kind],
        at: NOW.toISOString(),
      });
      expect(next.version).toBe(8);
    }
  });

  it('allowedActions is the same table', () => {
    for (const state of REQUEST_STATES) {
      for (const kind of ACTOR_KINDS) {
        const expected = REQUEST_ACTIONS.filter((a) => SPEC[a].from.includes(state) && SPEC[a].by.includes(kind));
        expect(allowedActions(state, kind), `${state} · ${kind}`).toEqual(expected);
      }
    }
  });

  it('has no action out of a rejected or duplicate request, and only reopen out of a confirmed one', () => {
    for (const kind of ACTOR_KINDS) {
      expect(allowedActions('rejected', kind)).toEqual([]);
      expect(allowedActions('duplicate', kind)).toEqual([]);
    }
    expect(allowedActions('confirmed', 'enterprise')).toEqual(['reopen']);
    expect(TERMINAL_STATES).toEqual(['confirmed', 'rejected', 'duplicate']);
  });
});

describe('refusals name the state and the action', () => {
  it.each([
    [
      'resolved',
      'assign',
      'a request that is resolved cannot be assigned: only a request that is accepted or reopened can be; a request that is resolved can be confirmed, reopened or commented on',
    ],
    [
      'in_progress',
      'confirm',
      'a request that is in progress cannot be confirmed: only a request that is resolved can be; a request that is in progress can be reassigned, resolved, escalated or commented on',
    ],
    ['rejected', 'comment', 'a request that is rejected cannot be commented on: rejected is final'],
    ['duplicate', 'accept', 'a request that is a duplicate cannot be accepted: a duplicate is final'],
    [
      'confirmed',
      'resolve',
      'a request that is confirmed cannot be resolved: confirmed is final, except that the enterprise may reopen it within 15 days of the resolution',
    ],
    [
      'escalated',
      'escalate',
      'a request that is escalated cannot be escalated: only a request that is assigned or in progress can be',
    ],
  ] as const)('%s · %s', (state, action, message) => {
    const error = refused(transition(request(state), VALID[action], ACTORS.coordinator, NOW));
    expect(error.message).toContain(message);
  });

  it('says who may act instead', () => {
    const error = refused(transition(request('submitted'), VALID.accept, ACTORS.department, NOW));
    expect(error).toEqual({
      id: 'request.forbidden_action',
      message: 'the assigned department cannot accept a request that is submitted: only a coordinator can',
    });
    expect(refused(transition(request('assigned'), VALID.escalate, ACTORS.enterprise, NOW)).message).toBe(
      'the enterprise cannot escalate a request that is assigned: only the overdue job or a coordinator can',
    );
  });

  it('refuses another enterprise, and a department the request is not assigned to', () => {
    const other: Actor = { kind: 'enterprise', accountId: 12, uscc: '91320500MA2YYYYY1Y' };
    expect(refused(transition(request('resolved'), VALID.confirm, other, NOW))).toEqual({
      id: 'request.forbidden_action',
      message:
        'the enterprise 91320500MA2YYYYY1Y cannot confirm a request that is resolved: it is the request of another enterprise',
    });
    const housing: Actor = { kind: 'department', accountId: 34, department: '市住房城乡建设局' };
    expect(refused(transition(request('assigned'), VALID.resolve, housing, NOW)).message).toBe(
      '市住房城乡建设局 cannot resolve a request that is assigned: it is assigned to 市发展改革委',
    );
    expect(
      refused(transition(request('submitted', { department: null }), VALID.comment, ACTORS.department, NOW)).message,
    ).toBe('市发展改革委 cannot comment on a request that is submitted: it is not assigned to any department');
  });

  it('refuses an unknown action or actor', () => {
    const unknown = { type: 'approve' } as unknown as RequestAction;
    const error = refused(transition(request('submitted'), unknown, ACTORS.coordinator, NOW));
    expect(error.id).toBe('request.invalid_action');
    expect(error.message).toContain('there is no action "approve"');
    const ghost = { kind: 'mayor' } as unknown as Actor;
    expect(refused(transition(request('submitted'), VALID.comment, ghost, NOW)).id).toBe('request.forbidden_action');
  });
});

describe('what actions carry', () => {
  const invalid = (state: RequestState, action: unknown, actor: Actor = ACTORS.coordinator) => {
    const error = refused(transition(request(state), action as RequestAction, actor, NOW));
    expect(error.id).toBe('request.invalid_action');
    return error.message;
  };

  it('requires a reason to reject, a note to resolve or comment, a reason to reopen', () => {
    expect(invalid('submitted', { type: 'reject', reason: '   ' })).toBe(
      'cannot reject the request (submitted): a reason is required',
    );
    expect(invalid('submitted', { type: 'reject' })).toContain('a reason is required');
    expect(invalid('assigned', { type: 'resolve', note: '' }, ACTORS.department)).toBe(
      'cannot resolve the request (assigned): a resolution note is required',
    );
    expect(invalid('in_progress', { type: 'comment', note: '\n' }, ACTORS.enterprise)).toBe(
      'cannot comment on the request (in progress): a note is required',
    );
    expect(invalid('resolved', { type: 'reopen', reason: '' }, ACTORS.enterprise)).toContain('a reason is required');
    expect(invalid('submitted', { type: 'comment', note: 42 })).toContain('the note must be text');
    expect(invalid('submitted', { type: 'comment', note: '长'.repeat(4001) })).toContain('over the limit of 4000');
  });

  it('links a duplicate to another request', () => {
    expect(invalid('submitted', { type: 'mark_duplicate', originalId: 1 })).toBe(
      'cannot mark as a duplicate the request (submitted): a request cannot be a duplicate of itself',
    );
    expect(invalid('submitted', { type: 'mark_duplicate', originalId: '1' })).toContain('of itself');
    expect(invalid('submitted', { type: 'mark_duplicate' })).toContain('the original request is required');
    expect(invalid('submitted', { type: 'mark_duplicate', originalId: ' ' })).toContain('is required');
    const { next, event } = accepted(transition(request('submitted'), VALID.mark_duplicate, ACTORS.coordinator, NOW));
    expect(next.duplicateOf).toBe(99);
    expect(event.data).toEqual({ originalId: 99 });
  });

  it('assigns to a department with a future deadline that carries a zone', () => {
    expect(invalid('accepted', { type: 'assign', department: ' ', deadline: at(5) })).toContain(
      'a department is required',
    );
    expect(invalid('accepted', { type: 'assign', department: DEPT, deadline: at(-1) })).toBe(
      'cannot assign the request (accepted): the deadline 2026-05-10T10:00:00+08:00 is not in the future',
    );
    expect(invalid('accepted', { type: 'assign', department: DEPT, deadline: '2026-05-20T23:59:59' })).toContain(
      'must be an ISO 8601 instant with a zone',
    );
    expect(invalid('accepted', { type: 'assign', department: DEPT, deadline: '2026-05-20' })).toContain('with a zone');
    const { next, event } = accepted(
      transition(
        request('accepted', { department: null, deadline: null }),
        {
          type: 'assign',
          department: ` ${DEPT} `,
          deadline: '2026-05-18T23:59:59.999+08:00',
          note: ' 请5个工作日内办结 ',
        },
        ACTORS.coordinator,
        NOW,
      ),
    );
    expect(next).toMatchObject({ state: 'assigned', department: DEPT, deadline: '2026-05-18T15:59:59.999Z' });
    expect(event).toMatchObject({
      note: '请5个工作日内办结',
      data: { department: DEPT, deadline: '2026-05-18T15:59:59.999Z' },
    });
  });

  it('reassigns to another department or with another deadline, and records what it was', () => {
    const { next, event } = accepted(transition(request('escalated'), VALID.reassign, ACTORS.coordinator, NOW));
    expect(next).toMatchObject({ state: 'assigned', department: '市自然资源和规划局', deadline: at(5) });
    expect(event.data).toEqual({
      department: '市自然资源和规划局',
      deadline: at(5),
      fromDepartment: DEPT,
      fromDeadline: at(-1),
    });
    const same = { type: 'reassign', department: DEPT, deadline: at(5) };
    const unchanged = transition(
      request('assigned', { deadline: at(5) }),
      same as RequestAction,
      ACTORS.coordinator,
      NOW,
    );
    expect(refused(unchanged)).toEqual({
      id: 'request.invalid_action',
      message: 'cannot reassign the request (assigned): it is assigned to 市发展改革委 with that deadline already',
    });
    const extended = transition(
      request('assigned', { deadline: at(2) }),
      same as RequestAction,
      ACTORS.coordinator,
      NOW,
    );
    expect(accepted(extended).next.deadline).toBe(at(5));
  });

  it('rates a resolution from 1 to 5', () => {
    for (const rating of [0, 6, 2.5, '5', null, Number.NaN]) {
      expect(invalid('resolved', { type: 'confirm', rating }, ACTORS.enterprise)).toContain(
        'the rating must be a whole number from 1 to 5',
      );
    }
    const { next, event } = accepted(
      transition(request('resolved'), { type: 'confirm', rating: 4 }, ACTORS.enterprise, NOW),
    );
    expect(next.rating).toBe(4);
    expect(event).toMatchObject({ note: null, data: { rating: 4 } });
  });

  it('records the resolution time, and clears it and the rating on reopening', () => {
    const resolved = accepted(transition(request('in_progress'), VALID.resolve, ACTORS.department, NOW)).next;
    expect(resolved.resolvedAt).toBe(NOW.toISOString());
    const reopened = accepted(
      transition({ ...resolved, state: 'confirmed', rating: 2 }, VALID.reopen, ACTORS.enterprise, NOW),
    ).next;
    expect(reopened).toMatchObject({ state: 'reopened', resolvedAt: null, rating: null });
  });

  it('never changes the request it is given', () => {
    const before = request('accepted');
    const copy = structuredClone(before);
    transition(before, VALID.assign, ACTORS.coordinator, NOW);
    transition(before, VALID.reject, ACTORS.department, NOW);
    expect(before).toEqual(copy);
  });
});

describe('reopen window', () => {
  const resolvedDaysAgo = (days: number, state: RequestState = 'confirmed') =>
    request(state, { resolvedAt: at(-days) });

  it('lets the enterprise reopen within the window, to the millisecond', () => {
    expect(transition(resolvedDaysAgo(15), VALID.reopen, ACTORS.enterprise, NOW).ok).toBe(true);
    expect(transition(resolvedDaysAgo(3, 'resolved'), VALID.reopen, ACTORS.enterprise, NOW).ok).toBe(true);
  });

  it('refuses after the window, saying when it closed', () => {
    const error = refused(
      transition(resolvedDaysAgo(15.001), VALID.reopen, ACTORS.enterprise, NOW, { reopenWindowDays: 15 }),
    );
    expect(error.id).toBe('request.illegal_transition');
    expect(error.message).toMatch(
      /^a request that is confirmed cannot be reopened: the enterprise may reopen a request within 15 days of its resolution, and that window closed at 2026-05-11T\d\d:\d\d:\d\d\+08:00$/,
    );
  });

  it('takes the window from the options', () => {
    const result = transition(resolvedDaysAgo(8), VALID.reopen, ACTORS.enterprise, NOW, { reopenWindowDays: 7 });
    expect(refused(result).message).toContain('within 7 days');
    expect(transition(resolvedDaysAgo(8), VALID.reopen, ACTORS.enterprise, NOW, { reopenWindowDays: 30 }).ok).toBe(
      true,
    );
  });

  it('refuses when the resolution time is unknown', () => {
    const error = refused(transition(request('resolved', { resolvedAt: null }), VALID.reopen, ACTORS.enterprise, NOW));
    expect(error).toEqual({
      id: 'request.invalid_action',
      message: 'cannot reopen the request (resolved): its resolution time is unknown',
    });
  });

  it('is reflected by availableActions', () => {
    expect(availableActions(resolvedDaysAgo(1, 'resolved'), ACTORS.enterprise, NOW)).toEqual([
      'confirm',
      'reopen',
      'comment',
    ]);
    expect(availableActions(resolvedDaysAgo(20, 'resolved'), ACTORS.enterprise, NOW)).toEqual(['confirm', 'comment']);
    expect(availableActions(resolvedDaysAgo(20), ACTORS.enterprise, NOW)).toEqual([]);
    const other: Actor = { kind: 'enterprise', accountId: 12, uscc: '91320500MA2YYYYY1Y' };
    expect(availableActions(resolvedDaysAgo(1, 'resolved'), other, NOW)).toEqual([]);
  });
});

describe('escalation (督办)', () => {
  it('the overdue job escalates an overdue request once for its deadline', () => {
    const first = accepted(transition(request('in_progress'), VALID.escalate, ACTORS.system, NOW));
    expect(first.next).toMatchObject({ state: 'escalated', lastEscalatedFor: at(-1) });
    expect(first.event.data).toEqual({ deadline: at(-1) });
    // escalated again for the same deadline: refused as already done, in the escalated state or after work resumed
    expect(refused(transition(first.next, VALID.escalate, ACTORS.system, NOW)).id).toBe('request.already_escalated');
    const resumed = accepted(transition(first.next, VALID.start, ACTORS.department, NOW)).next;
    expect(resumed.state).toBe('in_progress');
    expect(refused(transition(resumed, VALID.escalate, ACTORS.system, NOW))).toEqual({
      id: 'request.already_escalated',
      message: 'the request was escalated for its deadline 2026-05-10T10:00:00+08:00 already',
    });
  });

  it('compares deadlines as instants, whatever their offset', () => {
    const escalated = request('in_progress', { lastEscalatedFor: '2026-05-10T10:00:00+08:00' });
    expect(refused(transition(escalated, VALID.escalate, ACTORS.system, NOW)).id).toBe('request.already_escalated');
  });

  it('escalates again after a reassignment with a new deadline', () => {
    const once = accepted(transition(request('assigned'), VALID.escalate, ACTORS.system, NOW)).next;
    const reassigned = accepted(transition(once, VALID.reassign, ACTORS.coordinator, NOW)).next;
    const later = new Date(NOW.getTime() + 6 * DAY);
    const again = transition(reassigned, { type: 'escalate', deadline: at(5) }, ACTORS.system, later);
    expect(accepted(again).next.lastEscalatedFor).toBe(at(5));
  });

  it('the job escalates only what is overdue; a coordinator may press before the deadline', () => {
    const early = request('assigned', { deadline: at(2) });
    const action: RequestAction = { type: 'escalate', deadline: at(2) };
    expect(refused(transition(early, action, ACTORS.system, NOW)).message).toBe(
      'cannot escalate the request (assigned): it is not overdue: it is due 2026-05-13T10:00:00+08:00',
    );
    expect(transition(early, action, ACTORS.coordinator, NOW).ok).toBe(true);
  });

  it('refuses a deadline that is not the request’s', () => {
    const stale = { type: 'escalate', deadline: at(-3) } as RequestAction;
    expect(refused(transition(request('assigned'), stale, ACTORS.system, NOW)).message).toBe(
      'cannot escalate the request (assigned): it is due 2026-05-10T10:00:00+08:00, not 2026-05-08T10:00:00+08:00',
    );
  });
});

describe('a whole loop', () => {
  it('files, accepts, assigns, starts, resolves, confirms, with one event per step', () => {
    let current = request('submitted', { department: null, deadline: null, resolvedAt: null, version: 0 });
    const steps: [RequestAction, Actor][] = [
      [{ type: 'comment', note: '补充：项目已完成环评' }, ACTORS.enterprise],
      [{ type: 'accept', note: '已受理' }, ACTORS.coordinator],
      [{ type: 'assign', department: DEPT, deadline: at(7) }, ACTORS.coordinator],
      [{ type: 'start' }, { ...ACTORS.department }],
      [{ type: 'resolve', note: '已完成核准批复' }, ACTORS.department],
      [{ type: 'confirm', rating: 5 }, ACTORS.enterprise],
    ];
    const timeline = steps.map(([action, actor]) => {
      const { next, event } = accepted(transition(current, action, actor, NOW));
      current = next;
      return `${event.from}→${event.to}`;
    });
    expect(timeline).toEqual([
      'submitted→submitted',
      'submitted→accepted',
      'accepted→assigned',
      'assigned→in_progress',
      'in_progress→resolved',
      'resolved→confirmed',
    ]);
    expect(current).toMatchObject({ state: 'confirmed', department: DEPT, rating: 5, version: 6 });
  });
});

describe('Open311 status and labels', () => {
  it('maps resolved and final states to closed, the rest to open', () => {
    expect(REQUEST_STATES.map((s) => `${s}:${open311Status(s)}`)).toEqual([
      'submitted:open',
      'accepted:open',
      'assigned:open',
      'in_progress:open',
      'escalated:open',
      'resolved:closed',
      'confirmed:closed',
      'reopened:open',
      'rejected:closed',
      'duplicate:closed',
    ]);
    expect(statesOfOpen311Status('closed')).toEqual(['resolved', 'confirmed', 'rejected', 'duplicate']);
  });

  it('labels every state and action in Chinese and English', () => {
    for (const state of REQUEST_STATES) {
      expect(STATE_LABELS[state].zh).toMatch(/^\p{Script=Han}+$/u);
      expect(STATE_LABELS[state].en).not.toBe('');
    }
    for (const action of REQUEST_ACTIONS) {
      expect(ACTION_LABELS[action].zh).toMatch(/^\p{Script=Han}+$/u);
      expect(ACTION_LABELS[action].en).not.toBe('');
    }
    expect(new Set(REQUEST_STATES.map((s) => STATE_LABELS[s].zh)).size).toBe(REQUEST_STATES.length);
  });
});

describe('properties of any sequence of attempts', () => {
  const actorArb = fc.constantFrom<Actor>(
    ...Object.values(ACTORS),
    { kind: 'enterprise', accountId: 12, uscc: '91320500MA2YYYYY1Y' },
    { kind: 'department', accountId: 34, department: '市自然资源和规划局' },
  );
  // Actions that end the loop (reject, mark_duplicate) are rare, so that sequences go round it several times.
  const ongoing = REQUEST_ACTIONS.filter((a) => a !== 'reject' && a !== 'mark_duplicate');
  const make = (type: RequestActionType) => (_: RequestSnapshot, now: number) =>
    type === 'assign' || type === 'reassign'
      ? { ...VALID[type], deadline: new Date(now + 5 * DAY).toISOString() }
      : VALID[type];
  const actionArb: fc.Arbitrary<(r: RequestSnapshot, now: number) => RequestAction> = fc.oneof(
    { arbitrary: fc.constantFrom(...ongoing).map(make), weight: 10 },
    // escalate for the request's own deadline, as the overdue job does
    {
      arbitrary: fc.constant(
        (r: RequestSnapshot) => ({ type: 'escalate', deadline: r.deadline ?? at(0) }) as RequestAction,
      ),
      weight: 3,
    },
    { arbitrary: fc.constantFrom('reject', 'mark_duplicate' as const).map((type) => () => VALID[type]), weight: 1 },
    { arbitrary: fc.constant(() => ({ type: 'reject', reason: '' }) as RequestAction), weight: 1 },
  );
  const stepArb = fc.tuple(actionArb, actorArb, fc.integer({ min: 0, max: 4 * DAY }));

  it('keep the request consistent and every refusal harmless', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let current = request('submitted', { department: null, deadline: null, resolvedAt: null, version: 0 });
        let time = NOW.getTime();
        const escalatedFor = new Set<string>();
        for (const [makeAction, actor, advance] of steps) {
          time += advance;
          const before = structuredClone(current);
          const result = transition(current, makeAction(current, time), actor, new Date(time));
          expect(current).toEqual(before);
          if (!result.ok) continue;
          const { next, event } = result;
          expect(event.from).toBe(current.state);
          expect(event.to).toBe(next.state);
          expect(REQUEST_STATES).toContain(next.state);
          expect(next.version).toBe((current.version ?? 0) + 1);
          expect(['rejected', 'duplicate']).not.toContain(current.state);
          if (['assigned', 'in_progress', 'escalated'].includes(next.state)) {
            expect(next.department).not.toBeNull();
            expect(next.deadline).not.toBeNull();
          }
          expect(next.resolvedAt !== null).toBe(next.state === 'resolved' || next.state === 'confirmed');
          if (event.action === 'escalate') {
            const key = String(event.data.deadline);
            expect(escalatedFor.has(key)).toBe(false);
            escalatedFor.add(key);
          }
          current = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
