import { isOverdue } from '../../core/requests/overdue.ts';
import type {
  ActorKind,
  RequestActionType,
  RequestChannel,
  RequestEvent,
  RequestState,
} from '../../core/requests/types.ts';
import type {
  RequestAttachmentRow,
  RequestEventRow,
  RequestListRow,
  RequestRow,
} from '../../db/requests.repository.ts';

// The JSON the request loop's routes answer with: one list of fields per answer (presenters below), so a row
// never leaks a column by accident (the public token, for one, is shown only to who may follow the request).

/** GET /api/requests items. */
export interface RequestView {
  id: number;
  uscc: string;
  enterpriseName: string | null;
  category: string;
  categoryName: string | null;
  title: string;
  description: string;
  channel: RequestChannel;
  state: RequestState;
  /** not yet resolved or closed */
  open: boolean;
  department: string | null;
  /** ISO instant (UTC) */
  deadline: string | null;
  /** past the deadline while a department owes a resolution, now */
  overdue: boolean;
  lastEscalatedFor: string | null;
  resolvedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  duplicateOf: number | null;
  projectId: number | null;
  statusNotes: string | null;
  location: {
    address: string | null;
    addressId: string | null;
    zipcode: string | null;
    lat: number | null;
    long: number | null;
  };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** send it back as expectedVersion: a transition is refused (409 request.conflict) if the request moved on */
  version: number;
}

/** One step of the timeline. */
export interface RequestEventView {
  id: number;
  /** submit: the request was filed (the first event); the others are the state machine's actions */
  action: RequestActionType | 'submit';
  from: RequestState;
  to: RequestState;
  /** account:USERNAME or system:overdue */
  actor: string;
  actorKind: ActorKind;
  actorName: string;
  at: string;
  note: string | null;
  data: RequestEvent['data'];
}

export interface RequestAttachmentView {
  id: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string;
  createdAt: string;
}

/** GET /api/requests/{id}: the request, its timeline (oldest first), attachments, what the caller may do now. */
export interface RequestDetail extends RequestView {
  mediaUrl: string | null;
  contact: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  attributes: Record<string, string[]>;
  /** the Open311 token (tokens/{token}.json) */
  token: string;
  events: RequestEventView[];
  attachments: RequestAttachmentView[];
  /** the actions the caller may take now (state, ownership and the reopen window checked) */
  actions: RequestActionType[];
  /** until when the enterprise may reopen it (the resolution plus the configured window); null before resolution */
  reopenUntil: string | null;
}

export function presentRequest(row: RequestRow | RequestListRow, now: Date): RequestView {
  const names = row as Partial<RequestListRow>;
  return {
    id: Number(row.id),
    uscc: row.uscc,
    enterpriseName: names.enterprise_name ?? null,
    category: row.category,
    categoryName: names.category_name ?? null,
    title: row.title,
    description: row.description,
    channel: row.channel,
    state: row.state,
    open: row.open === 1,
    department: row.department,
    deadline: row.deadline,
    overdue: isOverdue({ state: row.state, deadline: row.deadline, lastEscalatedFor: row.last_escalated_for }, now),
    lastEscalatedFor: row.last_escalated_for,
    resolvedAt: row.resolved_at,
    rating: row.rating,
    ratingComment: row.rating_comment,
    duplicateOf: row.duplicate_of === null ? null : Number(row.duplicate_of),
    projectId: row.project_id === null ? null : Number(row.project_id),
    statusNotes: row.status_notes,
    location: {
      address: row.address,
      addressId: row.address_id,
      zipcode: row.zipcode,
      lat: row.lat,
      long: row.long,
    },
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentEvent(row: RequestEventRow): RequestEventView {
  return {
    id: Number(row.id),
    action: row.action as RequestActionType | 'submit',
    from: row.from_state,
    to: row.to_state,
    actor: row.actor,
    actorKind: row.actor_kind,
    actorName: row.actor_name,
    at: row.at,
    note: row.note,
    data: JSON.parse(row.data) as RequestEvent['data'],
  };
}

export function presentAttachment(row: RequestAttachmentRow): RequestAttachmentView {
  return {
    id: Number(row.id),
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
