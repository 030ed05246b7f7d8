import { randomBytes } from 'node:crypto';
import { errors, ZhidaError } from '../../core/errors.ts';
import { normaliseUscc, validateUscc } from '../../core/profile/uscc.ts';
import { addWorkingDays } from '../../core/requests/calendar.ts';
import { categoryByCode } from '../../core/requests/categories.ts';
import { availableActions, open311Status, reopenClosesAt, transition } from '../../core/requests/state-machine.ts';
import type { RequestAction, RequestChannel, RequestSnapshot, RequestState } from '../../core/requests/types.ts';
import { REQUEST_CHANNELS, REQUEST_STATES } from '../../core/requests/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseByUscc } from '../../db/enterprises.repository.ts';
import { findProject } from '../../db/projects.repository.ts';
import * as repo from '../../db/requests.repository.ts';
import { canSee, isCoordinator, outOfScope, RequestAccessRefused, type RequestCaller } from './access.ts';
import { requestConfig, type RequestConfig } from './config.ts';
import { presentAttachment, presentEvent, presentRequest, type RequestDetail, type RequestView } from './views.ts';

// Filing, reading, listing and moving requests. Every change of state goes through the core state machine
// (transition), is written with UPDATE … WHERE id = ? AND version = ? (0 rows: request.conflict, nothing written)
// and leaves its event and an audit row in the same transaction.

type Db = Database['db'];

export const MAX_TITLE_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 4000;

export interface FileRequestInput {
  category: string;
  title?: string | null;
  description?: string | null;
  /** web (an enterprise, the default for one), phone or visit (a coordinator, phone by default), open311 */
  channel?: RequestChannel;
  /** the enterprise: an enterprise user's own (may be left out); required when a coordinator files */
  uscc?: string | null;
  address?: string | null;
  addressId?: string | null;
  zipcode?: string | null;
  lat?: number | null;
  long?: number | null;
  mediaUrl?: string | null;
  contact?: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  attributes?: Record<string, string[]>;
  projectId?: number | null;
}

function trimmed(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text === undefined || text === '' ? null : text;
}

function textWithin(value: string | null | undefined, what: string, max: number): string | null {
  const text = trimmed(value);
  if (text !== null && text.length > max) {
    throw errors.invalidRequest(`the ${what} is ${text.length} characters long, over the limit of ${max}`);
  }
  return text;
}

/** The enterprise a request is filed for, and the channel, as the caller may file it. */
async function filingParty(
  database: Database,
  caller: RequestCaller,
  input: FileRequestInput,
): Promise<{ uscc: string; enterpriseId: number | null; channel: RequestChannel }> {
  const channel = input.channel;
  if (channel !== undefined && !REQUEST_CHANNELS.includes(channel)) {
    throw errors.invalidRequest(`the channel must be one of ${REQUEST_CHANNELS.join(', ')}`);
  }
  const actor = caller.actor;
  if (actor.kind === 'enterprise') {
    const given = trimmed(input.uscc);
    if (given !== null && normaliseUscc(given) !== actor.uscc) {
      throw new RequestAccessRefused('an enterprise account files requests for its own enterprise only');
    }
    if (channel === 'phone' || channel === 'visit') {
      throw errors.invalidRequest(`a request taken by ${channel} is entered by a coordinator, not by the enterprise`);
    }
    const enterprise = await findEnterpriseByUscc(database.db, actor.uscc);
    return { uscc: actor.uscc, enterpriseId: enterprise?.id ?? null, channel: channel ?? 'web' };
  }
  if (actor.kind !== 'coordinator') {
    throw new RequestAccessRefused('requests are filed by enterprises, or by a coordinator on their behalf');
  }
  const given = trimmed(input.uscc);
  if (given === null)
    throw errors.invalidRequest('the unified social credit code (uscc) of the enterprise is required');
  const uscc = normaliseUscc(given);
  const check = validateUscc(uscc);
  if (!check.ok) throw errors.invalidRequest(`uscc ${uscc}: ${check.reason}`);
  const enterprise = await findEnterpriseByUscc(database.db, uscc);
  if (enterprise === undefined) throw errors.enterpriseNotFound(uscc);
  if (channel === 'web') {
    throw errors.invalidRequest('a coordinator enters a request taken by phone or at a visit (channel phone or visit)');
  }
  return { uscc, enterpriseId: enterprise.id, channel: channel ?? 'phone' };
}

/** Files a request (state submitted) with its first event; audited. */
export async function fileRequest(
  database: Database,
  caller: RequestCaller,
  input: FileRequestInput,
  now = new Date(),
): Promise<RequestDetail> {
  const config = await requestConfig(database);
  const party = await filingParty(database, caller, input);
  const category = categoryByCode(config.categories, input.category);
  if (category === undefined) {
    throw errors.invalidRequest(
      `there is no category ${JSON.stringify(input.category)}; the categories are ${config.categories.map((c) => c.code).join(', ')}`,
    );
  }
  const description = textWithin(input.description, 'description', MAX_DESCRIPTION_LENGTH) ?? '';
  if (description === '' && party.channel !== 'open311') throw errors.invalidRequest('a description is required');
  let title = textWithin(input.title, 'title', MAX_TITLE_LENGTH);
  if (title === null) {
    const summary = description.replace(/\s+/g, ' ').slice(0, 40);
    title = summary === '' ? category.name : `${category.name}：${summary}`;
  }
  if (input.projectId !== undefined && input.projectId !== null) {
    if ((await findProject(database.db, input.projectId)) === undefined) {
      throw errors.projectNotFound(`project with the id ${input.projectId}`);
    }
  }
  const at = now.toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    const id = await repo.insertRequest(trx, {
      uscc: party.uscc,
      enterprise_id: party.enterpriseId,
      category: category.code,
      title,
      description,
      channel: party.channel,
      state: 'submitted',
      open: 1,
      department: null,
      deadline: null,
      last_escalated_for: null,
      resolved_at: null,
      rating: null,
      rating_comment: null,
      duplicate_of: null,
      project_id: input.projectId ?? null,
      status_notes: null,
      address: textWithin(input.address, 'address', 500),
      address_id: textWithin(input.addressId, 'address id', 100),
      zipcode: textWithin(input.zipcode, 'zipcode', 20),
      lat: input.lat ?? null,
      long: input.long ?? null,
      media_url: textWithin(input.mediaUrl, 'media URL', 2000),
      contact: input.contact ? JSON.stringify(input.contact) : null,
      attributes: JSON.stringify(input.attributes ?? {}),
      public_token: randomBytes(16).toString('hex'),
      created_by: caller.name,
      created_at: at,
      updated_at: at,
      version: 1,
    });
    await repo.insertEvent(trx, {
      request_id: id,
      action: 'submit',
      from_state: 'submitted',
      to_state: 'submitted',
      actor: caller.name,
      actor_kind: caller.actor.kind,
      actor_name: caller.displayName,
      at,
      note: null,
      data: JSON.stringify({ channel: party.channel, category: category.code }),
    });
    await recordAudit(
      trx,
      {
        actor: caller.name,
        action: 'request.submit',
        entity: 'request',
        entityId: id,
        detail: { uscc: party.uscc, category: category.code, channel: party.channel },
      },
      at,
    );
    return id;
  });
  return requestDetail(database, caller, id, now);
}

/** Reads a request the caller may see; refuses one outside its scope (or missing, for a limited scope) alike. */
export async function visibleRequest(database: Database, caller: RequestCaller, id: number): Promise<repo.RequestRow> {
  return visibleRow(database.db, caller, id);
}

/** visibleRequest on a given handle (a transaction: SQLite has one connection, which the transaction holds). */
async function visibleRow(db: Db, caller: RequestCaller, id: number): Promise<repo.RequestRow> {
  const row = await repo.findRequest(db, id);
  if (row === undefined) {
    if (caller.scope.kind === 'all') throw errors.requestNotFound(id);
    throw outOfScope(caller.scope, `request ${id}`);
  }
  if (!canSee(caller.scope, row)) throw outOfScope(caller.scope, `request ${id}`);
  return row;
}

export function snapshotOf(row: repo.RequestRow): RequestSnapshot {
  return {
    id: Number(row.id),
    state: row.state,
    enterprise: row.uscc,
    department: row.department,
    deadline: row.deadline,
    lastEscalatedFor: row.last_escalated_for,
    resolvedAt: row.resolved_at,
    rating: row.rating,
    duplicateOf: row.duplicate_of,
    version: row.version,
  };
}

/** The request with its timeline and attachments, and what the caller may do with it now. */
export async function requestDetail(
  database: Database,
  caller: RequestCaller,
  id: number,
  now = new Date(),
): Promise<RequestDetail> {
  await visibleRequest(database, caller, id);
  return detailOf(database, caller, id, now);
}

/** requestDetail for a request the caller was just found to see. */
async function detailOf(database: Database, caller: RequestCaller, id: number, now: Date): Promise<RequestDetail> {
  const [rows, events, attachments, config] = await Promise.all([
    repo.requestRows(database.db, [id]),
    repo.listEvents(database.db, id),
    repo.listAttachments(database.db, id),
    requestConfig(database),
  ]);
  const row = rows[0];
  if (row === undefined) throw errors.requestNotFound(id);
  const contact = row.contact === null ? null : (JSON.parse(row.contact) as RequestDetail['contact']);
  return {
    ...presentRequest(row, now),
    mediaUrl: row.media_url,
    contact,
    attributes: JSON.parse(row.attributes) as Record<string, string[]>,
    token: row.public_token,
    events: events.map(presentEvent),
    attachments: attachments.map(presentAttachment),
    actions: availableActions(snapshotOf(row), caller.actor, now, {
      reopenWindowDays: config.settings.reopenWindowDays,
    }),
    reopenUntil: reopenUntilOf(row.resolved_at, config.settings.reopenWindowDays),
  };
}

function reopenUntilOf(resolvedAt: string | null, windowDays: number): string | null {
  const closes = reopenClosesAt(resolvedAt, windowDays);
  return closes === null ? null : new Date(closes).toISOString();
}

export interface RequestListQuery {
  state?: RequestState[];
  /** true: not resolved or closed yet; false: resolved or closed */
  open?: boolean;
  department?: string;
  category?: string[];
  /** true: only overdue requests (past the deadline while a department owes a resolution) */
  overdue?: boolean;
  uscc?: string;
  q?: string;
  projectId?: number;
  sort?: repo.RequestSort;
  limit: number;
  offset: number;
}

export interface RequestPage {
  items: RequestView[];
  /** how many pass the filter, counted up to MAX_COUNTED */
  total: number;
  /** true: there are more than `total` (MAX_COUNTED); page on, or narrow the filter */
  totalCapped: boolean;
  limit: number;
  offset: number;
}

/** Lists count their total up to here: a count costs what it counts, and an inbox of 10,000 open requests reads
 *  the same as one of 30,000. Past it the total says "10,000+" (totalCapped), and the list stays fast at any size. */
export const MAX_COUNTED = 10_000;

/** The filter a query asks for, narrowed to what the caller may see; null when the two cannot overlap. */
function scopedFilter(caller: RequestCaller, query: RequestListQuery, now: Date): repo.RequestFilter | null {
  const filter: repo.RequestFilter = {};
  if (query.state !== undefined && query.state.length > 0) {
    const unknown = query.state.filter((s) => !REQUEST_STATES.includes(s));
    if (unknown.length > 0) {
      throw errors.badSearchFilter('state', `${unknown.join(', ')}: the states are ${REQUEST_STATES.join(', ')}`);
    }
    filter.states = query.state;
  }
  if (query.open !== undefined) filter.open = query.open;
  if (query.department !== undefined && query.department.trim() !== '') filter.department = query.department.trim();
  if (query.category !== undefined && query.category.length > 0) filter.categories = query.category;
  if (query.overdue === true) filter.overdueAt = now.toISOString();
  if (query.uscc !== undefined && query.uscc.trim() !== '') filter.uscc = normaliseUscc(query.uscc);
  if (query.q !== undefined && query.q.trim() !== '') filter.q = query.q.trim();
  if (query.projectId !== undefined) filter.projectId = query.projectId;
  const scope = caller.scope;
  switch (scope.kind) {
    case 'all':
      return filter;
    case 'enterprise':
      if (filter.uscc !== undefined && filter.uscc !== scope.uscc) return null;
      return { ...filter, uscc: scope.uscc };
    case 'department':
      if (filter.department !== undefined && filter.department !== scope.department) return null;
      return { ...filter, department: scope.department };
    case 'none':
      throw new RequestAccessRefused('your account sees no requests');
  }
}

/** A page of the requests the caller may see that pass the query, with the total. */
export async function listRequests(
  database: Database,
  caller: RequestCaller,
  query: RequestListQuery,
  now = new Date(),
): Promise<RequestPage> {
  const page = { limit: query.limit, offset: query.offset };
  const filter = scopedFilter(caller, query, now);
  if (filter === null) return { items: [], total: 0, totalCapped: false, ...page };
  const [ids, counted] = await Promise.all([
    repo.pageRequestIds(database.db, filter, query.sort ?? 'newest', page),
    repo.countRequests(database.db, filter, MAX_COUNTED + 1),
  ]);
  const rows = await repo.requestRows(database.db, ids);
  return {
    items: rows.map((row) => presentRequest(row, now)),
    total: Math.min(counted, MAX_COUNTED),
    totalCapped: counted > MAX_COUNTED,
    ...page,
  };
}

/** What a transition call carries (POST /api/requests/{id}/transitions). */
export interface TransitionInput {
  action: string;
  note?: string;
  /** assign, reassign: default the category's department (assign) or the current one (reassign) */
  department?: string;
  /** assign, reassign: ISO instant; default the category's working days from now, by the configured calendar */
  deadline?: string;
  /** confirm */
  rating?: number;
  comment?: string;
  /** reject, reopen */
  reason?: string;
  /** mark_duplicate */
  originalId?: number;
  /** refuse (409 request.conflict) unless the request is still at this version */
  expectedVersion?: number;
}

/** The deadline of a category's time limit counted from now with the configured calendar. */
export function defaultDeadline(config: RequestConfig, categoryCode: string, now: Date): string {
  const category =
    categoryByCode(config.allCategories, categoryCode) ?? categoryByCode(config.categories, categoryCode);
  const days = category?.deadlineWorkingDays ?? 5;
  return addWorkingDays(now, days, config.calendar);
}

function defaultDepartment(config: RequestConfig, categoryCode: string): string | undefined {
  return categoryByCode(config.allCategories, categoryCode)?.department;
}

/** The original a duplicate is linked to: the first of a chain of duplicates, which must exist and not be itself. */
async function originalOf(db: Db, caller: RequestCaller, id: number, originalId: unknown): Promise<number> {
  if (typeof originalId !== 'number' || !Number.isInteger(originalId) || originalId < 1) {
    throw errors.invalidAction('mark as a duplicate', 'this', 'originalId must be the id of the original request');
  }
  let current = await visibleRow(db, caller, originalId);
  for (let hops = 0; current.duplicate_of !== null && hops < 100; hops++) {
    current = await visibleRow(db, caller, Number(current.duplicate_of));
  }
  if (Number(current.id) === id) {
    throw errors.invalidAction(
      'mark as a duplicate',
      'this',
      `request ${originalId} is itself a duplicate of this one`,
    );
  }
  return Number(current.id);
}

/** Turns the call into the machine's action, filling what the configuration decides (department, deadline). */
async function actionOf(
  db: Db,
  caller: RequestCaller,
  row: repo.RequestRow,
  input: TransitionInput,
  config: RequestConfig,
  now: Date,
): Promise<RequestAction> {
  switch (input.action) {
    case 'assign':
    case 'reassign':
      return {
        type: input.action,
        department:
          input.department ??
          (input.action === 'reassign' ? (row.department ?? undefined) : defaultDepartment(config, row.category)) ??
          '',
        deadline: input.deadline ?? defaultDeadline(config, row.category, now),
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
    case 'mark_duplicate':
      return {
        type: 'mark_duplicate',
        originalId: await originalOf(db, caller, Number(row.id), input.originalId),
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
    case 'escalate':
      return {
        type: 'escalate',
        deadline: row.deadline ?? '',
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
    case 'confirm':
      return {
        type: 'confirm',
        rating: input.rating as number,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
      };
    case 'reject':
    case 'reopen':
      return { type: input.action, reason: input.reason ?? input.note ?? '' };
    case 'resolve':
    case 'comment':
      return { type: input.action, note: input.note ?? '' };
    default:
      // accept, start, or an unknown action, which the machine names in its refusal
      return { type: input.action, note: input.note } as RequestAction;
  }
}

/** The columns a snapshot change writes. */
function changesOf(
  before: repo.RequestRow,
  next: RequestSnapshot,
  action: RequestAction,
  note: string | null,
): repo.RequestChanges {
  const stateChanged = next.state !== before.state;
  return {
    state: next.state,
    open: open311Status(next.state) === 'open' ? 1 : 0,
    department: next.department,
    deadline: next.deadline,
    last_escalated_for: next.lastEscalatedFor,
    resolved_at: next.resolvedAt,
    rating: next.rating ?? null,
    rating_comment: action.type === 'confirm' ? note : action.type === 'reopen' ? null : before.rating_comment,
    duplicate_of: next.duplicateOf === undefined || next.duplicateOf === null ? null : Number(next.duplicateOf),
    status_notes: stateChanged ? note : before.status_notes,
  };
}

/**
 * Applies actions to one request the caller may see, in one transaction (bulk assignment accepts and assigns at
 * once): each through the machine, each with its event and audit row, the row guarded by its version. Throws the
 * refusal of scope (RequestAccessRefused, or request.not_found for a coordinator), the machine's refusal,
 * or request.conflict when the request is not at `expectedVersion` or moved on meanwhile; nothing is written then.
 */
export async function applyActions(
  database: Database,
  caller: RequestCaller,
  id: number,
  /** the actions, from the row as the transaction read it (reads go through `trx`) */
  actions: (row: repo.RequestRow, trx: Db) => Promise<RequestAction[]> | RequestAction[],
  options: { expectedVersion?: number; now?: Date } = {},
): Promise<repo.RequestRow> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const config = await requestConfig(database);
  return database.db.transaction().execute(async (trx: Db) => {
    let row = await visibleRow(trx, caller, id);
    if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
      throw errors.requestConflict(id, row.version);
    }
    for (const action of await actions(row, trx)) {
      const result = transition(snapshotOf(row), action, caller.actor, now, {
        reopenWindowDays: config.settings.reopenWindowDays,
      });
      if (!result.ok) throw result.error;
      const { next, event } = result;
      const changes = changesOf(row, next, action, event.note);
      if (!(await repo.updateRequestAtVersion(trx, id, row.version, changes, at))) {
        const current = await repo.findRequest(trx, id);
        throw errors.requestConflict(id, current?.version ?? row.version + 1);
      }
      await repo.insertEvent(trx, {
        request_id: id,
        action: event.action,
        from_state: event.from,
        to_state: event.to,
        actor: caller.name,
        actor_kind: caller.actor.kind,
        actor_name: caller.displayName,
        at,
        note: event.note,
        data: JSON.stringify(event.data),
      });
      await recordAudit(
        trx,
        {
          actor: caller.name,
          action: `request.${event.action}`,
          entity: 'request',
          entityId: id,
          detail: { from: event.from, to: event.to, version: row.version + 1, note: event.note, ...event.data },
        },
        at,
      );
      row = { ...row, ...changes, version: row.version + 1, updated_at: at };
    }
    return row;
  });
}

/** One transition of a request the caller may see; answers the request as it is now. */
export async function transitionRequest(
  database: Database,
  caller: RequestCaller,
  id: number,
  input: TransitionInput,
  now = new Date(),
): Promise<RequestDetail> {
  const config = await requestConfig(database);
  await applyActions(database, caller, id, async (row, trx) => [await actionOf(trx, caller, row, input, config, now)], {
    ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    now,
  });
  return detailOf(database, caller, id, now);
}

export interface BulkAssignInput {
  ids: number[];
  department: string;
  /** for every request; default each category's working days from now */
  deadline?: string;
  note?: string;
}

export type BulkOutcome =
  | { id: number; ok: true; state: RequestState; department: string | null; deadline: string | null; version: number }
  | { id: number; ok: false; error: { id: string; message: string } };

/**
 * Assigns many requests to one department (coordinators): a submitted one is accepted and assigned in one step, an
 * accepted or reopened one assigned, one assigned already reassigned. Each request on its own: one refusal does
 * not stop the others; the answer says per id what happened.
 */
export async function bulkAssign(
  database: Database,
  caller: RequestCaller,
  input: BulkAssignInput,
  now = new Date(),
): Promise<BulkOutcome[]> {
  if (!isCoordinator(caller)) throw new RequestAccessRefused('only a coordinator assigns requests (交办)');
  const config = await requestConfig(database);
  const outcomes: BulkOutcome[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      const row = await applyActions(
        database,
        caller,
        id,
        (current) => {
          const deadline = input.deadline ?? defaultDeadline(config, current.category, now);
          const note = input.note !== undefined ? { note: input.note } : {};
          const assign = { department: input.department, deadline, ...note };
          const reassign: RequestState[] = ['assigned', 'in_progress', 'escalated'];
          if (current.state === 'submitted') return [{ type: 'accept' }, { type: 'assign', ...assign }];
          if (reassign.includes(current.state)) return [{ type: 'reassign', ...assign }];
          return [{ type: 'assign', ...assign }];
        },
        { now },
      );
      outcomes.push({
        id,
        ok: true,
        state: row.state,
        department: row.department,
        deadline: row.deadline,
        version: row.version,
      });
    } catch (error) {
      if (!(error instanceof ZhidaError)) throw error;
      outcomes.push({ id, ok: false, error: { id: error.id, message: error.message } });
    }
  }
  return outcomes;
}

/** Links a request to a major project, or unlinks it (null): coordinators; audited. */
export async function linkProject(
  database: Database,
  caller: RequestCaller,
  id: number,
  projectId: number | null,
  now = new Date(),
): Promise<RequestDetail> {
  if (!isCoordinator(caller)) throw new RequestAccessRefused('only a coordinator links requests to projects');
  const row = await visibleRequest(database, caller, id);
  if (projectId !== null && (await findProject(database.db, projectId)) === undefined) {
    throw errors.projectNotFound(`project with the id ${projectId}`);
  }
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    await repo.setRequestProject(trx, id, projectId, at);
    await recordAudit(
      trx,
      {
        actor: caller.name,
        action: 'request.project',
        entity: 'request',
        entityId: id,
        detail: { from: row.project_id, to: projectId },
      },
      at,
    );
  });
  return requestDetail(database, caller, id, now);
}
