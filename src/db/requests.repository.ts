import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { RequestState } from '../core/requests/types.ts';
import type {
  RequestAttachmentTable,
  RequestCategoryTable,
  RequestEventTable,
  RequestTable,
  Schema,
} from './schema.ts';

// All SQL of the request loop: requests (written only through a version-guarded UPDATE), their events and
// attachments (bytes once per SHA-256), and the loop's configuration. Lists page over ids first (the filters and the
// order on the request table alone, which the (department, open, deadline, id) index answers without reading rows),
// then read the page's rows with their enterprise and category names.

type Db = Kysely<Schema>;

export type RequestRow = Selectable<RequestTable>;
export type NewRequest = Insertable<RequestTable>;
export type RequestEventRow = Selectable<RequestEventTable>;
export type RequestAttachmentRow = Selectable<RequestAttachmentTable>;
export type RequestCategoryRow = Selectable<RequestCategoryTable>;

/** A request row with the names a list shows. */
export interface RequestListRow extends RequestRow {
  enterprise_name: string | null;
  category_name: string | null;
}

/** States in which a department owes a resolution (core/requests/overdue.ts DUE_STATES). */
const DUE_STATES: RequestState[] = ['assigned', 'in_progress', 'escalated'];

/** Ids per IN (…): well under both databases' parameter caps. */
const ID_CHUNK = 1000;

export async function insertRequest(db: Db, row: NewRequest): Promise<number> {
  const inserted = await db.insertInto('request').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findRequest(db: Db, id: number): Promise<RequestRow | undefined> {
  return db.selectFrom('request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRequestByToken(db: Db, token: string): Promise<RequestRow | undefined> {
  return db.selectFrom('request').selectAll().where('public_token', '=', token).executeTakeFirst();
}

/** What a transition changes, besides the version and the time. */
export type RequestChanges = Partial<
  Pick<
    RequestRow,
    | 'state'
    | 'open'
    | 'department'
    | 'deadline'
    | 'last_escalated_for'
    | 'resolved_at'
    | 'rating'
    | 'rating_comment'
    | 'duplicate_of'
    | 'project_id'
    | 'status_notes'
  >
>;

/**
 * Optimistic locking: the row changes only if it is still at `version`; false when another writer moved it first
 * (the caller answers request.conflict). The version goes up by one.
 */
export async function updateRequestAtVersion(
  db: Db,
  id: number,
  version: number,
  changes: RequestChanges,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('request')
    .set({ ...changes, version: version + 1, updated_at: updatedAt })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertEvent(db: Db, row: Insertable<RequestEventTable>): Promise<number> {
  const inserted = await db.insertInto('request_event').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** A request's timeline, oldest first. */
export async function listEvents(db: Db, requestId: number): Promise<RequestEventRow[]> {
  return db.selectFrom('request_event').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

export interface RequestFilter {
  ids?: readonly number[];
  uscc?: string;
  department?: string;
  states?: readonly RequestState[];
  /** true: not yet resolved or closed; false: resolved or closed */
  open?: boolean;
  categories?: readonly string[];
  /** an ISO instant: only requests a department owes that are past their deadline at that instant */
  overdueAt?: string;
  /** part of the title or the description */
  q?: string;
  projectId?: number;
  /** created within [from, to], ISO instants */
  createdFrom?: string;
  createdTo?: string;
}

export type RequestSort = 'newest' | 'deadline' | 'updated';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterExpression(eb: ExpressionBuilder<Schema, 'request'>, filter: RequestFilter): Expression<SqlBool> {
  const terms: Expression<SqlBool>[] = [];
  if (filter.ids !== undefined) terms.push(filter.ids.length === 0 ? sql<SqlBool>`1 = 0` : eb('id', 'in', filter.ids));
  if (filter.uscc !== undefined) terms.push(eb('uscc', '=', filter.uscc));
  if (filter.department !== undefined) terms.push(eb('department', '=', filter.department));
  if (filter.open !== undefined) terms.push(eb('open', '=', filter.open ? 1 : 0));
  if (filter.states !== undefined) {
    terms.push(filter.states.length === 0 ? sql<SqlBool>`1 = 0` : eb('state', 'in', filter.states));
  }
  if (filter.categories !== undefined) {
    terms.push(filter.categories.length === 0 ? sql<SqlBool>`1 = 0` : eb('category', 'in', filter.categories));
  }
  if (filter.overdueAt !== undefined) {
    terms.push(eb('state', 'in', DUE_STATES), eb('deadline', '<', filter.overdueAt));
  }
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q)}%`;
    terms.push(
      sql<SqlBool>`(${sql.ref('title')} like ${pattern} escape '\\' or ${sql.ref('description')} like ${pattern} escape '\\')`,
    );
  }
  if (filter.projectId !== undefined) terms.push(eb('project_id', '=', filter.projectId));
  if (filter.createdFrom !== undefined) terms.push(eb('created_at', '>=', filter.createdFrom));
  if (filter.createdTo !== undefined) terms.push(eb('created_at', '<=', filter.createdTo));
  return eb.and(terms);
}

/** The ids of one page of requests that pass the filter, in order. */
export async function pageRequestIds(
  db: Db,
  filter: RequestFilter,
  sort: RequestSort,
  page: { limit: number; offset: number },
): Promise<number[]> {
  let query = db
    .selectFrom('request')
    .select('id')
    .where((eb) => filterExpression(eb, filter));
  switch (sort) {
    case 'newest':
      query = query.orderBy('id', 'desc');
      break;
    case 'updated':
      query = query.orderBy('updated_at', 'desc').orderBy('id', 'desc');
      break;
    case 'deadline':
      // undated (not yet assigned) requests last on both databases: PostgreSQL puts NULL first in a descending
      // order only, SQLite first in an ascending one; the department lists this serves hold dated requests.
      query = query.orderBy('deadline').orderBy('id');
      break;
  }
  const rows = await query.limit(page.limit).offset(page.offset).execute();
  return rows.map((r) => Number(r.id));
}

/** How many requests pass the filter; with `upTo`, counting stops there (a count costs what it counts). */
export async function countRequests(db: Db, filter: RequestFilter, upTo?: number): Promise<number> {
  if (upTo !== undefined) {
    const limited = db
      .selectFrom('request')
      .select('id')
      .where((eb) => filterExpression(eb, filter))
      .limit(upTo)
      .as('counted');
    const row = await db
      .selectFrom(limited)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const row = await db
    .selectFrom('request')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => filterExpression(eb, filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The rows of these ids with their enterprise and category names, in the order of `ids`. */
export async function requestRows(db: Db, ids: readonly number[]): Promise<RequestListRow[]> {
  const byId = new Map<number, RequestListRow>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('request')
      .leftJoin('enterprise', 'enterprise.id', 'request.enterprise_id')
      .leftJoin('request_category', 'request_category.code', 'request.category')
      .selectAll('request')
      .select(['enterprise.name as enterprise_name', 'request_category.name as category_name'])
      .where('request.id', 'in', ids.slice(i, i + ID_CHUNK))
      .execute();
    for (const row of rows) byId.set(Number(row.id), row);
  }
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [row];
  });
}

/** Requests the overdue job should look at: assigned or in progress, past the deadline, not yet escalated for it.
 *  The job still asks the state machine, which decides. */
export async function overdueCandidates(db: Db, now: string, limit: number): Promise<RequestRow[]> {
  return db
    .selectFrom('request')
    .selectAll()
    .where('state', 'in', ['assigned', 'in_progress'])
    .where('deadline', '<', now)
    .where((eb) => eb.or([eb('last_escalated_for', 'is', null), eb('last_escalated_for', '!=', eb.ref('deadline'))]))
    .orderBy('deadline')
    .orderBy('id')
    .limit(limit)
    .execute();
}

// ---- attachments ----------------------------------------------------------------------------------------------

/** Stores the bytes once per hash: a second copy of the same file adds nothing. */
export async function insertBlob(db: Db, sha256: string, content: Uint8Array, at: string): Promise<void> {
  await db
    .insertInto('request_blob')
    .values({ sha256, size: content.length, content, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function insertAttachment(db: Db, row: Insertable<RequestAttachmentTable>): Promise<number> {
  const inserted = await db.insertInto('request_attachment').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function listAttachments(db: Db, requestId: number): Promise<RequestAttachmentRow[]> {
  return db.selectFrom('request_attachment').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

export async function findAttachment(db: Db, id: number): Promise<RequestAttachmentRow | undefined> {
  return db.selectFrom('request_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function readBlob(db: Db, sha256: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('request_blob').select('content').where('sha256', '=', sha256).executeTakeFirst();
  return row?.content;
}

// ---- configuration ---------------------------------------------------------------------------------------------

export async function listCategoryRows(db: Db): Promise<RequestCategoryRow[]> {
  return db.selectFrom('request_category').selectAll().orderBy('position').orderBy('code').execute();
}

/** Writes the categories in this order, active; those not listed stay, retired (active 0), for their requests. */
export async function replaceCategoryRows(db: Db, rows: readonly RequestCategoryRow[]): Promise<void> {
  await db.updateTable('request_category').set({ active: 0 }).execute();
  for (const row of rows) {
    await db
      .insertInto('request_category')
      .values(row)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: row.name,
          department: row.department,
          deadline_working_days: row.deadline_working_days,
          description: row.description,
          keywords: row.keywords,
          group_name: row.group_name,
          position: row.position,
          active: row.active,
        }),
      )
      .execute();
  }
}

export async function readCalendarDays(db: Db): Promise<{ date: string; kind: 'holiday' | 'workday' }[]> {
  return db.selectFrom('request_calendar_day').select(['date', 'kind']).orderBy('date').execute();
}

export async function replaceCalendarDays(
  db: Db,
  days: readonly { date: string; kind: 'holiday' | 'workday' }[],
): Promise<void> {
  await db.deleteFrom('request_calendar_day').execute();
  for (let i = 0; i < days.length; i += ID_CHUNK) {
    await db
      .insertInto('request_calendar_day')
      .values(days.slice(i, i + ID_CHUNK))
      .execute();
  }
}

export async function readSettings(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('request_setting').selectAll().execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('request_setting')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

// ---- dashboard -----------------------------------------------------------------------------------------------

export interface RequestGroupCounts {
  key: string | null;
  total: number;
  open: number;
  overdue: number;
  resolved: number;
  ratingSum: number;
  ratingCount: number;
}

/** Counts per department or per category, within the filter (a caller's scope). */
export async function countRequestsBy(
  db: Db,
  by: 'department' | 'category',
  filter: RequestFilter,
  now: string,
): Promise<RequestGroupCounts[]> {
  const rows = await db
    .selectFrom('request')
    .select((eb) => [
      eb.ref(by).as('key'),
      eb.fn.countAll().as('total'),
      eb.fn.sum<number | null>(eb.case().when('open', '=', 1).then(1).else(0).end()).as('open'),
      eb.fn
        .sum<number | null>(
          eb
            .case()
            .when(eb.and([eb('state', 'in', DUE_STATES), eb('deadline', '<', now)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn.sum<number | null>(eb.case().when('resolved_at', 'is not', null).then(1).else(0).end()).as('resolved'),
      eb.fn.sum<number | null>('rating').as('rating_sum'),
      eb.fn.count<number>('rating').as('rating_count'),
    ])
    .where((eb) => filterExpression(eb, filter))
    .groupBy(by)
    .execute();
  return rows.map((r) => ({
    key: (r.key as string | null) ?? null,
    total: Number(r.total),
    open: Number(r.open ?? 0),
    overdue: Number(r.overdue ?? 0),
    resolved: Number(r.resolved ?? 0),
    ratingSum: Number(r.rating_sum ?? 0),
    ratingCount: Number(r.rating_count ?? 0),
  }));
}

/** Filing and resolution times of the resolved requests within the filter, for medians. */
export async function resolutionTimes(
  db: Db,
  filter: RequestFilter,
): Promise<{ department: string | null; category: string; created_at: string; resolved_at: string }[]> {
  const rows = await db
    .selectFrom('request')
    .select(['department', 'category', 'created_at', 'resolved_at'])
    .where('resolved_at', 'is not', null)
    .where((eb) => filterExpression(eb, filter))
    .execute();
  return rows.map((r) => ({ ...r, resolved_at: r.resolved_at! }));
}

/** How many requests each state holds, within the filter. */
export async function countByState(db: Db, filter: RequestFilter): Promise<Map<RequestState, number>> {
  const rows = await db
    .selectFrom('request')
    .select((eb) => ['state', eb.fn.countAll().as('n')])
    .where((eb) => filterExpression(eb, filter))
    .groupBy('state')
    .execute();
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}

/** Links requests to a project or unlinks them (null); not a transition, so the version stays. */
export async function setRequestProject(db: Db, id: number, projectId: number | null, at: string): Promise<void> {
  await db.updateTable('request').set({ project_id: projectId, updated_at: at }).where('id', '=', id).execute();
}
