import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { GrantEntryTable, GrantListState, GrantListTable, Schema } from './schema.ts';

// All SQL of 免申即享 lists: the lists, their entries and the history their audit rows make. A list's state changes
// only through services/grants (core/grants/state-machine.ts decides), each change guarded by the version it read.

type Db = Kysely<Schema>;

export type GrantListRow = Selectable<GrantListTable>;
export type GrantEntryRow = Selectable<GrantEntryTable>;
export type NewGrantEntry = Insertable<GrantEntryTable>;

const INSERT_CHUNK = 1000;

export async function nextRun(db: Db, policyId: string, version: number): Promise<number> {
  const row = await db
    .selectFrom('grant_list')
    .select((eb) => eb.fn.max('run').as('run'))
    .where('policy_id', '=', policyId)
    .where('policy_version', '=', version)
    .executeTakeFirst();
  return Number(row?.run ?? 0) + 1;
}

export async function insertList(db: Db, row: Insertable<GrantListTable>): Promise<number> {
  const inserted = await db.insertInto('grant_list').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function insertEntries(db: Db, rows: readonly NewGrantEntry[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('grant_entry')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

export async function findList(db: Db, id: number): Promise<GrantListRow | undefined> {
  return db.selectFrom('grant_list').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listLists(
  db: Db,
  filter: { policyId?: string; states?: readonly GrantListState[] },
): Promise<GrantListRow[]> {
  let query = db.selectFrom('grant_list').selectAll();
  if (filter.policyId !== undefined) query = query.where('policy_id', '=', filter.policyId);
  if (filter.states !== undefined) {
    if (filter.states.length === 0) return [];
    query = query.where('state', 'in', [...filter.states]);
  }
  return query.orderBy('id', 'desc').execute();
}

/** Changes a list if it is still at `version`; false when someone changed it meanwhile. */
export async function updateList(
  db: Db,
  id: number,
  version: number,
  changes: Updateable<GrantListTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('grant_list')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EntryCounts {
  entries: number;
  included: number;
  excluded: number;
  pending: number;
  accepted: number;
  declined: number;
  noResponse: number;
  awaitingPayment: number;
  paid: number;
  failed: number;
  /** the sums of the included entries' amounts, and of the paid ones */
  amount: { min: number; max: number };
  paidAmount: number;
}

/** The figures of lists, by list id. Guarded. */
export async function entryCounts(db: Db, listIds: readonly number[]): Promise<Map<number, EntryCounts>> {
  const out = new Map<number, EntryCounts>();
  if (listIds.length === 0) return out;
  const count = (condition: ReturnType<typeof sql<boolean>>) =>
    sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('grant_entry')
    .select([
      'list_id',
      (eb) => eb.fn.countAll().as('entries'),
      count(sql`excluded = 0`).as('included'),
      count(sql`excluded = 0 and response = 'pending'`).as('pending'),
      count(sql`excluded = 0 and response = 'accepted'`).as('accepted'),
      count(sql`excluded = 0 and response = 'declined'`).as('declined'),
      count(sql`excluded = 0 and response = 'no_response'`).as('no_response'),
      count(sql`payment = 'pending'`).as('awaiting'),
      count(sql`payment = 'paid'`).as('paid'),
      count(sql`payment = 'failed'`).as('failed'),
      sql<number>`sum(case when excluded = 0 then coalesce(amount_min, 0) else 0 end)`.as('amount_min'),
      sql<number>`sum(case when excluded = 0 then coalesce(amount_max, 0) else 0 end)`.as('amount_max'),
      sql<number>`sum(case when payment = 'paid' then coalesce(paid_amount, 0) else 0 end)`.as('paid_amount'),
    ])
    .where('list_id', 'in', [...listIds])
    .groupBy('list_id')
    .execute();
  for (const id of listIds) {
    const r = rows.find((row) => row.list_id === id);
    const n = (v: unknown) => Number(v ?? 0);
    out.set(id, {
      entries: n(r?.entries),
      included: n(r?.included),
      excluded: n(r?.entries) - n(r?.included),
      pending: n(r?.pending),
      accepted: n(r?.accepted),
      declined: n(r?.declined),
      noResponse: n(r?.no_response),
      awaitingPayment: n(r?.awaiting),
      paid: n(r?.paid),
      failed: n(r?.failed),
      amount: { min: n(r?.amount_min), max: n(r?.amount_max) },
      paidAmount: n(r?.paid_amount),
    });
  }
  return out;
}

export type EntryFilter = 'all' | 'included' | 'excluded' | 'accepted' | 'declined' | 'pending' | 'paid' | 'unpaid';

function filtered(db: Db, listId: number, filter: EntryFilter) {
  let query = db.selectFrom('grant_entry').where('list_id', '=', listId);
  switch (filter) {
    case 'included':
      query = query.where('excluded', '=', 0);
      break;
    case 'excluded':
      query = query.where('excluded', '=', 1);
      break;
    case 'accepted':
    case 'declined':
    case 'pending':
      query = query.where('excluded', '=', 0).where('response', '=', filter);
      break;
    case 'paid':
      query = query.where('payment', '=', 'paid');
      break;
    case 'unpaid':
      query = query.where('payment', 'in', ['pending', 'failed']);
      break;
    case 'all':
      break;
  }
  return query;
}

/** A page of a list's entries, largest sum first, then by USCC. */
export async function listEntries(
  db: Db,
  listId: number,
  filter: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: GrantEntryRow[]; total: number }> {
  const rows = await filtered(db, listId, filter)
    .selectAll()
    .orderBy(sql`coalesce(amount_max, -1)`, 'desc')
    .orderBy('uscc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await filtered(db, listId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function allEntries(db: Db, listId: number, filter: EntryFilter): Promise<GrantEntryRow[]> {
  return filtered(db, listId, filter)
    .selectAll()
    .orderBy(sql`coalesce(amount_max, -1)`, 'desc')
    .orderBy('uscc')
    .execute();
}

export async function findEntry(db: Db, id: number): Promise<GrantEntryRow | undefined> {
  return db.selectFrom('grant_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateEntry(db: Db, id: number, changes: Updateable<GrantEntryTable>): Promise<void> {
  await db.updateTable('grant_entry').set(changes).where('id', '=', id).execute();
}

/** At the start of payment: accepted entries await payment, unanswered ones are recorded as not answered. */
export async function startPayment(db: Db, listId: number, at: string): Promise<void> {
  await db
    .updateTable('grant_entry')
    .set({ payment: 'pending', updated_at: at })
    .where('list_id', '=', listId)
    .where('excluded', '=', 0)
    .where('response', '=', 'accepted')
    .execute();
  await db
    .updateTable('grant_entry')
    .set({ response: 'no_response', updated_at: at })
    .where('list_id', '=', listId)
    .where('excluded', '=', 0)
    .where('response', '=', 'pending')
    .execute();
}

/** An enterprise's entries on lists in these states, newest list first. */
export async function entriesOfEnterprise(
  db: Db,
  enterpriseId: number,
  states: readonly GrantListState[],
): Promise<(GrantEntryRow & { list: GrantListRow })[]> {
  const entries = await db
    .selectFrom('grant_entry')
    .innerJoin('grant_list', 'grant_list.id', 'grant_entry.list_id')
    .selectAll('grant_entry')
    .where('grant_entry.enterprise_id', '=', enterpriseId)
    .where('grant_entry.excluded', '=', 0)
    .where('grant_list.state', 'in', [...states])
    .orderBy('grant_entry.list_id', 'desc')
    .execute();
  const lists = new Map<number, GrantListRow>();
  for (const id of new Set(entries.map((e) => e.list_id))) lists.set(id, (await findList(db, id))!);
  return entries.map((e) => ({ ...e, list: lists.get(e.list_id)! }));
}

/** The audit rows of a list (its transitions and entry changes), oldest first. */
export async function listHistory(db: Db, listId: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', 'grant_list')
    .where('entity_id', '=', String(listId))
    .orderBy('id')
    .execute();
}
