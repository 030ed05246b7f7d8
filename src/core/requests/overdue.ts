import { parseInstant } from './calendar.ts';
import type { RequestSnapshot, RequestState } from './types.ts';

// Which requests are overdue, and which of those the overdue job must escalate (督办). The job runs this over the
// open requests it loads, then calls transition(…, { type: 'escalate', deadline }, { kind: 'system' }, now) for each;
// a request escalated for its deadline already is skipped here and refused there (request.already_escalated), so
// a job that restarts halfway, or two that overlap, never escalate one request twice for one deadline.

/** States in which a department owes a resolution by the deadline. */
export const DUE_STATES: readonly RequestState[] = ['assigned', 'in_progress', 'escalated'];

/** States the job escalates from (an escalated request is escalated already). */
export const ESCALATABLE_STATES: readonly RequestState[] = ['assigned', 'in_progress'];

export type OverdueCandidate = Pick<RequestSnapshot, 'state' | 'deadline' | 'lastEscalatedFor'>;

/** Past its deadline (strictly) while a department owes a resolution. */
export function isOverdue(request: OverdueCandidate, now: Date): boolean {
  if (!DUE_STATES.includes(request.state)) return false;
  const deadline = parseInstant(request.deadline);
  return deadline !== null && now.getTime() > deadline;
}

/** Overdue and not yet escalated for its current deadline. */
export function needsEscalation(request: OverdueCandidate, now: Date): boolean {
  if (!ESCALATABLE_STATES.includes(request.state) || !isOverdue(request, now)) return false;
  const escalatedFor = parseInstant(request.lastEscalatedFor);
  return escalatedFor === null || escalatedFor !== parseInstant(request.deadline);
}

/** The requests to escalate now, most overdue first (ties keep their order). */
export function dueForEscalation<T extends OverdueCandidate>(requests: Iterable<T>, now: Date): T[] {
  const due: { request: T; deadline: number }[] = [];
  for (const request of requests) {
    if (needsEscalation(request, now)) due.push({ request, deadline: parseInstant(request.deadline)! });
  }
  return due.sort((a, b) => a.deadline - b.deadline).map((d) => d.request);
}
