// The closed loop of enterprise requests (诉求, issue 6): an enterprise files a problem, a coordinator accepts and
// assigns it (交办) to a department with a deadline, the department resolves it, the enterprise confirms and rates
// it or reopens it. The state machine that moves a request is state-machine.ts; these are the shapes it works on.
// Ids and times are plain JSON values (times are ISO 8601 instants) so that rows, events and HTTP bodies need no
// conversion.

/** Every state a request can be in; the order is the usual life cycle, for tables and charts. */
export const REQUEST_STATES = [
  'submitted',
  'accepted',
  'assigned',
  'in_progress',
  'escalated',
  'resolved',
  'confirmed',
  'reopened',
  'rejected',
  'duplicate',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** Every action of the state machine. */
export const REQUEST_ACTIONS = [
  'accept',
  'reject',
  'mark_duplicate',
  'assign',
  'reassign',
  'start',
  'resolve',
  'confirm',
  'reopen',
  'escalate',
  'comment',
] as const;
export type RequestActionType = (typeof REQUEST_ACTIONS)[number];

/**
 * Who acts, as the machine sees them:
 * - enterprise: a user of the enterprise (USCC) that filed the request;
 * - coordinator: a service coordinator or an administrator (受理、交办、督办);
 * - department: an account of the department the request is assigned to;
 * - system: the overdue job.
 */
export const ACTOR_KINDS = ['enterprise', 'coordinator', 'department', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The acting party. The machine checks that an enterprise acts on its own request and a department on a request
 *  assigned to it, so the caller only says who the account is, never whether it may act. */
export type Actor =
  | { kind: 'enterprise'; accountId: number; uscc: string }
  | { kind: 'coordinator'; accountId: number }
  | { kind: 'department'; accountId: number; department: string }
  | { kind: 'system' };

export type RequestId = number | string;

/** What the state machine reads of a request and returns changed. */
export interface RequestSnapshot {
  id: RequestId;
  state: RequestState;
  /** the USCC of the enterprise the request is for */
  enterprise: string;
  /** the department it is assigned to (交办), null before assignment */
  department: string | null;
  /** ISO instant: the end of the department's time to resolve it */
  deadline: string | null;
  /** the deadline the request was last escalated (督办) for: it is never escalated twice for one deadline */
  lastEscalatedFor: string | null;
  /** ISO instant of the last resolution: the reopen window counts from it */
  resolvedAt: string | null;
  /** the enterprise's rating of the resolution, 1–5 */
  rating?: number | null;
  /** the original request, when this one is a duplicate of it */
  duplicateOf?: RequestId | null;
  /** optimistic concurrency: each transition returns version + 1, so an UPDATE … WHERE version = :old lets one of
   *  two concurrent transitions win */
  version?: number;
}

/** An action with what it needs. Notes are free text, trimmed; reasons and resolution notes are required. */
export type RequestAction =
  | { type: 'accept'; note?: string }
  | { type: 'reject'; reason: string }
  | { type: 'mark_duplicate'; originalId: RequestId; note?: string }
  | { type: 'assign'; department: string; deadline: string; note?: string }
  | { type: 'reassign'; department: string; deadline: string; note?: string }
  | { type: 'start'; note?: string }
  | { type: 'resolve'; note: string }
  | { type: 'confirm'; rating: number; comment?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'escalate'; deadline: string; note?: string }
  | { type: 'comment'; note: string };

/** One step of a request's timeline, recorded for every transition (comments included). */
export interface RequestEvent {
  requestId: RequestId;
  action: RequestActionType;
  from: RequestState;
  to: RequestState;
  actor: Actor;
  /** ISO instant */
  at: string;
  /** the reason, resolution note, comment or remark; null when none was given */
  note: string | null;
  /** what else the action set: department, deadline, rating, originalId, … */
  data: Record<string, string | number | null>;
}

/** How a request reached the platform (一个口子进): filed online, through the Open311 API, or entered by a
 *  coordinator after a phone call or a visit. */
export const REQUEST_CHANNELS = ['web', 'open311', 'phone', 'visit'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** A new request as a form or an API delivers it, before it has an id, a state or an enterprise (the caller knows
 *  the enterprise from the signed-in account or the API token). */
export interface NewRequestInput {
  /** the category code (Open311 service_code) */
  category: string;
  channel: RequestChannel;
  /** may be empty when filed through Open311, where it is optional */
  description: string;
  /** where: a human-readable address, an address id, coordinates (WGS84); each may be absent */
  address: string | null;
  addressId: string | null;
  lat: number | null;
  long: number | null;
  contact: {
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    phone: string | null;
  };
  mediaUrl: string | null;
  /** Open311 attribute[code] answers; a multi-value list keeps all values */
  attributes: Record<string, string[]>;
}

/** A stored request: the snapshot plus what it is about, as the Open311 mapping and the timeline read it. */
export interface EnterpriseRequest extends RequestSnapshot {
  category: string;
  description: string;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  /** ISO instants */
  createdAt: string;
  updatedAt: string;
  /** why it is in its state, in words (the note of the event that put it there); Open311 status_notes */
  statusNotes?: string | null;
}

/** A kind of request with the department that answers it and its time limit (办理时限) in working days. */
export interface RequestCategory {
  /** stable code, also the Open311 service_code: lower-case letters, digits, "-" and "_" */
  code: string;
  name: string;
  /** the responsible department (牵头部门) requests of this kind are assigned to by default */
  department: string;
  /** working days from assignment to the deadline */
  deadlineWorkingDays: number;
  description: string;
  /** synonyms that help an enterprise find the category (Open311 keywords) */
  keywords?: string[];
  /** a heading to group categories under (Open311 group) */
  group?: string;
}

/** Working-day calendar: weekends are off, plus `holidays` (dates off), minus `workdays` (调休: weekend dates that
 *  are worked). Dates are YYYY-MM-DD calendar days. */
export interface WorkCalendar {
  holidays: string[];
  workdays: string[];
}
