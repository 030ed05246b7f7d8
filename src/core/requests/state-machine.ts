import { errors, type ZhidaError } from '../errors.ts';
import { formatInstant, parseInstant } from './calendar.ts';
import {
  ACTOR_KINDS,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type Actor,
  type ActorKind,
  type RequestAction,
  type RequestActionType,
  type RequestEvent,
  type RequestSnapshot,
  type RequestState,
} from './types.ts';

// The one place that moves a request through its life cycle (issue 6). Services, the HTTP API, Open311 and the
// overdue job all call transition(); none of them changes a request's state any other way. It is pure: the caller
// loads the request, passes who acts and when, and stores `next` and `event` in one transaction, guarded by the
// version (or the state) it read, so that of two concurrent transitions one wins and the other conflicts.
//
//   submitted → accepted → assigned (交办) → in_progress → resolved (办结) → confirmed (评价)
//   side roads: rejected or duplicate before assignment; escalated (督办) when overdue, then back to work;
//   reassigned (改派) while open; reopened by the enterprise within the window, then accepted or assigned again.

export { ACTOR_KINDS, REQUEST_ACTIONS, REQUEST_STATES };

/** States a request leaves no more; a confirmed one may still be reopened within the window. */
export const TERMINAL_STATES: readonly RequestState[] = ['confirmed', 'rejected', 'duplicate'];

/** Calendar days after the resolution in which the enterprise may reopen a request, unless configured. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 15;

/** Longest note, reason or comment: the Open311 description limit, so a note always fits status_notes. */
export const MAX_NOTE_LENGTH = 4000;

interface Rule {
  from: readonly RequestState[];
  /** null: the state does not change (comment) */
  to: RequestState | null;
  by: readonly ActorKind[];
}

const NON_TERMINAL = REQUEST_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/** The life cycle as data: from which states each action may be taken, the state it leads to, and who may take it. */
export const TRANSITIONS: Readonly<Record<RequestActionType, Rule>> = {
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
  comment: { from: NON_TERMINAL, to: null, by: ACTOR_KINDS },
};

/** The actions a kind of actor may take on a request in a state, for the buttons of a UI. Ownership (the right
 *  enterprise, the assigned department) and the reopen window are checked by transition() and availableActions(). */
export function allowedActions(state: RequestState, actor: ActorKind): RequestActionType[] {
  return REQUEST_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state) && TRANSITIONS[a].by.includes(actor));
}

/** Open311 GeoReport v2 knows two statuses: closed once the request is resolved (or refused), open before. */
export function open311Status(state: RequestState): 'open' | 'closed' {
  return state === 'resolved' || TERMINAL_STATES.includes(state) ? 'closed' : 'open';
}

/** The states an Open311 status filter selects. */
export function statesOfOpen311Status(status: 'open' | 'closed'): RequestState[] {
  return REQUEST_STATES.filter((s) => open311Status(s) === status);
}

export interface TransitionOptions {
  /** calendar days after the resolution in which the enterprise may reopen (default 15) */
  reopenWindowDays?: number;
}

export type TransitionResult =
  { ok: true; next: RequestSnapshot; event: RequestEvent } | { ok: false; error: ZhidaError };

// Words for messages: "a request that is in progress cannot be confirmed: …".
const STATE_WORDS: Record<RequestState, string> = {
  submitted: 'submitted',
  accepted: 'accepted',
  assigned: 'assigned',
  in_progress: 'in progress',
  escalated: 'escalated',
  resolved: 'resolved',
  confirmed: 'confirmed',
  reopened: 'reopened',
  rejected: 'rejected',
  duplicate: 'a duplicate',
};
const DONE_WORDS: Record<RequestActionType, string> = {
  accept: 'accepted',
  reject: 'rejected',
  mark_duplicate: 'marked as a duplicate',
  assign: 'assigned',
  reassign: 'reassigned',
  start: 'started',
  resolve: 'resolved',
  confirm: 'confirmed',
  reopen: 'reopened',
  escalate: 'escalated',
  comment: 'commented on',
};
const DO_WORDS: Record<RequestActionType, string> = {
  accept: 'accept',
  reject: 'reject',
  mark_duplicate: 'mark as a duplicate',
  assign: 'assign',
  reassign: 'reassign',
  start: 'start',
  resolve: 'resolve',
  confirm: 'confirm',
  reopen: 'reopen',
  escalate: 'escalate',
  comment: 'comment on',
};
const ACTOR_WORDS: Record<ActorKind, string> = {
  enterprise: 'the enterprise',
  coordinator: 'a coordinator',
  department: 'the assigned department',
  system: 'the overdue job',
};

function or(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function isAction(value: unknown): value is RequestActionType {
  return (REQUEST_ACTIONS as readonly unknown[]).includes(value);
}

/** Why a state refuses an action: which states the action needs, and what the state allows instead. */
function whyIllegal(state: RequestState, action: RequestActionType, windowDays: number): string {
  if (state === 'confirmed') {
    return `confirmed is final, except that the enterprise may reopen it within ${windowDays} days of the resolution`;
  }
  if (TERMINAL_STATES.includes(state)) return `${STATE_WORDS[state]} is final`;
  const needs = `only a request that is ${or(TRANSITIONS[action].from.map((s) => STATE_WORDS[s]))} can be`;
  const possible = REQUEST_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state)).map((a) => DONE_WORDS[a]);
  return `${needs}; a request that is ${STATE_WORDS[state]} can be ${or(possible)}`;
}

/** The checks that do not depend on what the action carries: the state, who acts, the reopen window. */
function gate(
  request: RequestSnapshot,
  action: RequestActionType,
  actor: Actor,
  now: Date,
  windowDays: number,
): ZhidaError | null {
  const state = request.state;
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    return errors.illegalTransition(STATE_WORDS[state], DONE_WORDS[action], whyIllegal(state, action, windowDays));
  }
  const subject = `a request that is ${STATE_WORDS[state]}`;
  if (!(ACTOR_KINDS as readonly unknown[]).includes(actor?.kind)) {
    return errors.forbiddenAction(`an unknown kind of actor cannot ${DO_WORDS[action]} ${subject}`);
  }
  if (!rule.by.includes(actor.kind)) {
    return errors.forbiddenAction(
      `${ACTOR_WORDS[actor.kind]} cannot ${DO_WORDS[action]} ${subject}: only ${or(rule.by.map((k) => ACTOR_WORDS[k]))} can`,
    );
  }
  if (actor.kind === 'enterprise' && actor.uscc !== request.enterprise) {
    return errors.forbiddenAction(
      `the enterprise ${actor.uscc} cannot ${DO_WORDS[action]} ${subject}: it is the request of another enterprise`,
    );
  }
  if (actor.kind === 'department' && actor.department !== request.department) {
    const where = request.department === null ? 'not assigned to any department' : `assigned to ${request.department}`;
    return errors.forbiddenAction(`${actor.department} cannot ${DO_WORDS[action]} ${subject}: it is ${where}`);
  }
  if (action === 'reopen') {
    const closes = reopenClosesAt(request.resolvedAt, windowDays);
    if (closes === null) return errors.invalidAction('reopen', STATE_WORDS[state], 'its resolution time is unknown');
    if (now.getTime() > closes) {
      return errors.illegalTransition(
        STATE_WORDS[state],
        'reopened',
        `the enterprise may reopen a request within ${windowDays} days of its resolution, and that window closed at ${formatInstant(new Date(closes))}`,
      );
    }
  }
  return null;
}

/** When the enterprise's reopen window closes (ms since the epoch): the resolution plus the window; null when the
 *  request has no (readable) resolution time. */
export function reopenClosesAt(resolvedAt: string | null, windowDays: number): number | null {
  const resolved = parseInstant(resolvedAt);
  return resolved === null ? null : resolved + windowDays * 86_400_000;
}

/** The actions this actor can take on this request now (state, ownership and reopen window checked), for a UI. */
export function availableActions(
  request: RequestSnapshot,
  actor: Actor,
  now: Date,
  options: TransitionOptions = {},
): RequestActionType[] {
  const windowDays = options.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  return REQUEST_ACTIONS.filter((a) => gate(request, a, actor, now, windowDays) === null);
}

class Invalid extends Error {}

/** A trimmed text, or undefined when absent or blank; too long is invalid. */
function text(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Invalid(`the ${what} must be text`);
  const trimmed = value.trim();
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw new Invalid(`the ${what} is ${trimmed.length} characters long, over the limit of ${MAX_NOTE_LENGTH}`);
  }
  return trimmed === '' ? undefined : trimmed;
}

function required(value: unknown, what: string): string {
  const result = text(value, what);
  if (result === undefined) throw new Invalid(`a ${what} is required`);
  return result;
}

function department(value: unknown): string {
  const name = required(value, 'department');
  if (name.length > 100) throw new Invalid(`the department name is over 100 characters`);
  return name;
}

/** An ISO instant with a zone, normalised to UTC. */
function instant(value: unknown, what: string): { iso: string; ms: number } {
  const ms = parseInstant(value);
  if (ms === null) {
    throw new Invalid(
      `the ${what} must be an ISO 8601 instant with a zone, like 2026-05-08T23:59:59+08:00, not ${JSON.stringify(value)}`,
    );
  }
  return { iso: new Date(ms).toISOString(), ms };
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = parseInstant(a);
  return x !== null && x === parseInstant(b);
}

/**
 * Applies an action to a request: the next snapshot and the event to record, or the error that refuses it.
 * Errors name the state and the action: request.illegal_transition (the state does not allow it, or the reopen
 * window has closed), request.forbidden_action (this actor may not), request.invalid_action (what the action
 * carries is wrong: a missing reason, a rating of 6, a deadline in the past), request.already_escalated (escalated
 * for this deadline already: the overdue job treats it as done).
 */
export function transition(
  request: RequestSnapshot,
  action: RequestAction,
  actor: Actor,
  now: Date,
  options: TransitionOptions = {},
): TransitionResult {
  const windowDays = options.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  const state = request.state;
  const type: unknown = action?.type;
  if (!isAction(type)) {
    const reason = `there is no action ${JSON.stringify(type)}; the actions are ${REQUEST_ACTIONS.join(', ')}`;
    return { ok: false, error: errors.invalidAction('act on', STATE_WORDS[state] ?? String(state), reason) };
  }
  if (!(REQUEST_STATES as readonly unknown[]).includes(state)) {
    return {
      ok: false,
      error: errors.invalidAction(DO_WORDS[type], String(state), 'the request is in an unknown state'),
    };
  }
  if (
    action.type === 'escalate' &&
    TRANSITIONS.escalate.by.includes(actor?.kind) &&
    (state === 'assigned' || state === 'in_progress' || state === 'escalated') &&
    sameInstant(request.lastEscalatedFor, action.deadline)
  ) {
    return { ok: false, error: errors.alreadyEscalated(formatInstant(request.lastEscalatedFor!)) };
  }
  const refused = gate(request, type, actor, now, windowDays);
  if (refused) return { ok: false, error: refused };

  const next: RequestSnapshot = { ...request, version: (request.version ?? 0) + 1 };
  let note: string | undefined;
  const data: RequestEvent['data'] = {};
  try {
    switch (action.type) {
      case 'accept':
      case 'start':
        note = text(action.note, 'note');
        break;
      case 'reject':
        note = required(action.reason, 'reason');
        break;
      case 'mark_duplicate': {
        const original = action.originalId;
        if ((typeof original !== 'number' && typeof original !== 'string') || String(original).trim() === '') {
          throw new Invalid('the original request is required');
        }
        if (String(original) === String(request.id)) throw new Invalid('a request cannot be a duplicate of itself');
        next.duplicateOf = original;
        data.originalId = original;
        note = text(action.note, 'note');
        break;
      }
      case 'assign':
      case 'reassign': {
        const to = department(action.department);
        const deadline = instant(action.deadline, 'deadline');
        if (deadline.ms <= now.getTime()) {
          throw new Invalid(`the deadline ${formatInstant(deadline.iso)} is not in the future`);
        }
        if (action.type === 'reassign') {
          if (to === request.department && sameInstant(deadline.iso, request.deadline)) {
            throw new Invalid(`it is assigned to ${to} with that deadline already`);
          }
          data.fromDepartment = request.department;
          data.fromDeadline = request.deadline;
        }
        next.department = to;
        next.deadline = deadline.iso;
        data.department = to;
        data.deadline = deadline.iso;
        note = text(action.note, 'note');
        break;
      }
      case 'resolve':
        note = required(action.note, 'resolution note');
        next.resolvedAt = now.toISOString();
        break;
      case 'confirm': {
        const rating = action.rating;
        if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
          throw new Invalid(`the rating must be a whole number from 1 to 5, not ${JSON.stringify(rating)}`);
        }
        next.rating = rating;
        data.rating = rating;
        note = text(action.comment, 'comment');
        break;
      }
      case 'reopen':
        note = required(action.reason, 'reason');
        next.resolvedAt = null;
        next.rating = null;
        break;
      case 'escalate': {
        const deadline = instant(action.deadline, 'deadline');
        if (!sameInstant(deadline.iso, request.deadline)) {
          const current = request.deadline === null ? 'none' : formatInstant(request.deadline);
          throw new Invalid(`it is due ${current}, not ${formatInstant(deadline.iso)}`);
        }
        // the overdue job escalates only what is overdue; a coordinator may press a department (督办) before that
        if (actor.kind === 'system' && now.getTime() <= deadline.ms) {
          throw new Invalid(`it is not overdue: it is due ${formatInstant(deadline.iso)}`);
        }
        next.lastEscalatedFor = deadline.iso;
        data.deadline = deadline.iso;
        note = text(action.note, 'note');
        break;
      }
      case 'comment':
        note = required(action.note, 'note');
        break;
    }
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { ok: false, error: errors.invalidAction(DO_WORDS[type], STATE_WORDS[state], error.message) };
  }
  next.state = TRANSITIONS[type].to ?? state;
  const event: RequestEvent = {
    requestId: request.id,
    action: type,
    from: state,
    to: next.state,
    actor,
    at: now.toISOString(),
    note: note ?? null,
    data,
  };
  return { ok: true, next, event };
}
