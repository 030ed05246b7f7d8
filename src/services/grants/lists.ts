import { errors } from '../../core/errors.ts';
import {
  checkEntryAction,
  GRANT_STATE_LABELS,
  LIST_ACTIONS,
  listTransition,
  stateName,
  type GrantState,
  type ListAction,
} from '../../core/grants/state-machine.ts';
import { isIsoDate } from '../../core/profile/facts.ts';
import type { AmountRange, Policy } from '../../core/rules/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseRegion } from '../../db/enterprises.repository.ts';
import * as repo from '../../db/grants.repository.ts';
import * as rules from '../../db/rules.repository.ts';
import type { GrantPayment, GrantResponse } from '../../db/schema.ts';
import { recordChanges, type ChangeInput } from '../push/changes.ts';
import { pushConfigFromEnv } from '../push/config.ts';
import { flushInbox } from '../push/inbox.ts';
import { wakePushWorkers } from '../push/worker.ts';
import { regionsWithinScope } from '../rules/authoring.ts';
import { formatAmount } from '../rules/notification-text.ts';
import { getPolicy } from '../rules/policies.ts';
import { authoritativeCandidates } from './authoritative.ts';

// 免申即享 lists (issue 7): a run of an auto-grant policy version over every enterprise's authoritative facts makes a
// list (policy id + version + run number); an operator reviews it, confirms it (frozen, exportable, every included
// enterprise told through the push outbox), enterprises confirm or decline, payments are recorded, and the paid
// entries are published (公示) and archived. Every state change goes through core/grants/state-machine.ts, is
// guarded by the list's version, and leaves an audit row (entity grant_list): the list's history. A policy operator
// works on the lists of policies whose regions lie within its own, as it authors them.

/** Who works on lists: the audit log's actor and a policy operator's region (null: any). */
export interface GrantOperator {
  actor: string;
  scope: string | null;
}

/** The list lies outside the operator's region: the route answers 403 auth.forbidden. */
export class GrantAccessRefused extends Error {
  constructor(
    readonly regions: string[],
    readonly scope: string | null,
  ) {
    super(`the list's policy regions (${regions.join(', ')}) do not lie within your region (${scope})`);
  }
}

export type EntryCounts = repo.EntryCounts;

export interface GrantListView {
  id: number;
  policy: { id: string; version: number; title: string };
  run: number;
  year: number;
  state: GrantState;
  /** 系统比对, 精准推送, 意愿确认, 自动兑付, 公示归档 */
  stateLabel: string;
  regions: string[];
  /** the operator's next step, or null once archived */
  next: ListAction | null;
  respondBy: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  frozenAt: string | null;
  publishedAt: string | null;
  archivedAt: string | null;
  version: number;
  counts: EntryCounts;
}

export interface GrantHistoryItem {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface GrantListDetail extends GrantListView {
  history: GrantHistoryItem[];
}

export interface GrantEntryView {
  id: number;
  listId: number;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  amount: AmountRange | null;
  excluded: boolean;
  excludeReason: string | null;
  response: GrantResponse;
  responseReason: string | null;
  respondedAt: string | null;
  payment: GrantPayment;
  paidAmount: number | null;
  paidOn: string | null;
  paymentReference: string | null;
  paymentReason: string | null;
}

/** What an enterprise sees of its own entry. */
export interface EnterpriseGrantView {
  id: number;
  list: { id: number; policyId: string; title: string; year: number; state: GrantState; stateLabel: string };
  respondBy: string | null;
  amount: AmountRange | null;
  response: GrantResponse;
  respondedAt: string | null;
  payment: GrantPayment;
  paidAmount: number | null;
  paidOn: string | null;
}

/** The public notice (公示) of a published list: names and amounts of the paid entries, nothing else. */
export interface GrantNotice {
  list: { id: number; policyId: string; title: string; year: number; run: number; publishedAt: string | null };
  count: number;
  total: number;
  entries: { name: string; amount: number }[];
}

export interface GrantNoticeSummary {
  id: number;
  policyId: string;
  title: string;
  year: number;
  run: number;
  publishedAt: string | null;
  count: number;
  total: number;
}

const NEXT: Record<GrantState, ListAction | null> = {
  compared: 'confirm',
  pushed: 'open_confirmation',
  confirming: 'start_payment',
  paying: 'publish',
  published: 'archive',
  archived: null,
};

const ENTRY_HISTORY = 'grant_list';

function range(min: number | null, max: number | null): AmountRange | null {
  return min === null || max === null ? null : { min, max };
}

function presentList(row: repo.GrantListRow, counts: EntryCounts): GrantListView {
  return {
    id: row.id,
    policy: { id: row.policy_id, version: row.policy_version, title: row.title },
    run: row.run,
    year: row.year,
    state: row.state,
    stateLabel: GRANT_STATE_LABELS[row.state],
    regions: JSON.parse(row.regions) as string[],
    next: NEXT[row.state],
    respondBy: row.respond_by,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    frozenAt: row.frozen_at,
    publishedAt: row.published_at,
    archivedAt: row.archived_at,
    version: row.version,
    counts,
  };
}

export function presentEntry(row: repo.GrantEntryRow): GrantEntryView {
  return {
    id: row.id,
    listId: row.list_id,
    uscc: row.uscc,
    name: row.name,
    region: row.region,
    industry: row.industry,
    amount: range(row.amount_min, row.amount_max),
    excluded: row.excluded === 1,
    excludeReason: row.exclude_reason,
    response: row.response,
    responseReason: row.response_reason,
    respondedAt: row.responded_at,
    payment: row.payment,
    paidAmount: row.paid_amount,
    paidOn: row.paid_on,
    paymentReference: row.payment_reference,
    paymentReason: row.payment_reason,
  };
}

function presentOwn(row: repo.GrantEntryRow & { list: repo.GrantListRow }): EnterpriseGrantView {
  return {
    id: row.id,
    list: {
      id: row.list.id,
      policyId: row.list.policy_id,
      title: row.list.title,
      year: row.list.year,
      state: row.list.state,
      stateLabel: GRANT_STATE_LABELS[row.list.state],
    },
    respondBy: row.list.respond_by,
    amount: range(row.amount_min, row.amount_max),
    response: row.response,
    respondedAt: row.responded_at,
    payment: row.payment,
    paidAmount: row.paid_amount,
    paidOn: row.paid_on,
  };
}

function inScope(row: repo.GrantListRow, operator: GrantOperator): void {
  const regions = JSON.parse(row.regions) as string[];
  if (!regionsWithinScope(regions, operator.scope)) throw new GrantAccessRefused(regions, operator.scope);
}

async function loadList(db: Database['db'], id: number, operator: GrantOperator): Promise<repo.GrantListRow> {
  const row = await repo.findList(db, id);
  if (row === undefined) throw errors.grantNotFound(id);
  inScope(row, operator);
  return row;
}

async function detail(database: Database, row: repo.GrantListRow): Promise<GrantListDetail> {
  const counts = (await repo.entryCounts(database.db, [row.id])).get(row.id)!;
  const history = (await repo.listHistory(database.db, row.id)).map((h) => ({
    at: h.at,
    actor: h.actor,
    action: h.action,
    detail: JSON.parse(h.detail) as Record<string, unknown>,
  }));
  return { ...presentList(row, counts), history };
}

/**
 * Runs auto-grant policy `policyId` (its version in force, published and marked autoGrant) over every enterprise's
 * authoritative facts for `year` and stores the list of those eligible, with their sums, as 系统比对 (compared).
 */
export async function createGrantList(
  database: Database,
  input: { policyId: string; year: number },
  operator: GrantOperator,
  now = new Date(),
): Promise<GrantListDetail> {
  const found = await getPolicy(database, input.policyId);
  if (found === undefined) throw errors.policyNotFound(input.policyId);
  const { policy, summary } = found;
  if (!regionsWithinScope(policy.regions, operator.scope)) {
    throw new GrantAccessRefused(policy.regions, operator.scope);
  }
  if (summary.status !== 'published') {
    throw errors.invalidGrant(
      `policy ${policy.id} is ${summary.status}: only a published policy makes a 免申即享 list`,
    );
  }
  if (policy.autoGrant !== true) {
    throw errors.invalidGrant(`policy ${policy.id} is not marked autoGrant (免申即享); publish a version that is`);
  }
  const candidates = await authoritativeCandidates(database, policy, input.year);
  const at = now.toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    const run = await repo.nextRun(trx, policy.id, summary.version);
    const listId = await repo.insertList(trx, {
      policy_id: policy.id,
      policy_version: summary.version,
      run,
      year: input.year,
      title: policy.title,
      regions: JSON.stringify(policy.regions),
      state: 'compared',
      respond_by: null,
      created_by: operator.actor,
      created_at: at,
      updated_at: at,
      frozen_at: null,
      published_at: null,
      archived_at: null,
      version: 1,
    });
    await repo.insertEntries(
      trx,
      candidates.map((c) => ({
        list_id: listId,
        enterprise_id: c.enterpriseId,
        uscc: c.uscc,
        name: c.name,
        region: c.region,
        industry: c.industry,
        amount_min: c.amount?.min ?? null,
        amount_max: c.amount?.max ?? null,
        excluded: 0,
        exclude_reason: null,
        response: 'pending',
        response_reason: null,
        responded_at: null,
        responded_by: null,
        payment: 'none',
        paid_amount: null,
        paid_on: null,
        payment_reference: null,
        payment_reason: null,
        payment_at: null,
        updated_at: at,
      })),
    );
    await recordAudit(
      trx,
      {
        actor: operator.actor,
        action: 'grant.compare',
        entity: ENTRY_HISTORY,
        entityId: listId,
        detail: { policyId: policy.id, version: summary.version, run, year: input.year, entries: candidates.length },
      },
      at,
    );
    return listId;
  });
  return detail(database, (await repo.findList(database.db, id))!);
}

/** The lists an operator may see, newest first. */
export async function listGrantLists(
  database: Database,
  filter: { policyId?: string; state?: GrantState },
  operator: GrantOperator,
): Promise<GrantListView[]> {
  const rows = (
    await repo.listLists(database.db, {
      ...(filter.policyId !== undefined ? { policyId: filter.policyId } : {}),
      ...(filter.state !== undefined ? { states: [filter.state] } : {}),
    })
  ).filter((row) => regionsWithinScope(JSON.parse(row.regions) as string[], operator.scope));
  const counts = await repo.entryCounts(
    database.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => presentList(row, counts.get(row.id)!));
}

export async function getGrantList(database: Database, id: number, operator: GrantOperator): Promise<GrantListDetail> {
  return detail(database, await loadList(database.db, id, operator));
}

export async function grantEntries(
  database: Database,
  id: number,
  query: { filter: repo.EntryFilter; limit: number; offset: number },
  operator: GrantOperator,
): Promise<{ items: GrantEntryView[]; total: number; limit: number; offset: number }> {
  await loadList(database.db, id, operator);
  const { rows, total } = await repo.listEntries(database.db, id, query.filter, query);
  return { items: rows.map(presentEntry), total, limit: query.limit, offset: query.offset };
}

/** Runs `change` on an entry of a list within scope, inside a transaction that bumps the list's version. */
async function changeEntry(
  database: Database,
  entryId: number,
  operator: GrantOperator,
  change: (
    trx: Database['db'],
    list: repo.GrantListRow,
    entry: repo.GrantEntryRow,
    at: string,
  ) => Promise<Record<string, unknown>>,
  action: string,
): Promise<GrantEntryView> {
  const at = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    const entry = await repo.findEntry(trx, entryId);
    if (entry === undefined) throw errors.grantEntryNotFound(entryId);
    const list = await loadList(trx, entry.list_id, operator);
    const detailOf = await change(trx, list, entry, at);
    if (!(await repo.updateList(trx, list.id, list.version, { updated_at: at }))) {
      throw errors.grantConflict(list.id, (await repo.findList(trx, list.id))!.version);
    }
    await recordAudit(
      trx,
      {
        actor: operator.actor,
        action,
        entity: ENTRY_HISTORY,
        entityId: list.id,
        detail: { entryId, uscc: entry.uscc, ...detailOf },
      },
      at,
    );
  });
  return presentEntry((await repo.findEntry(database.db, entryId))!);
}

function figuresOf(entry: repo.GrantEntryRow) {
  return { excluded: entry.excluded === 1, response: entry.response, payment: entry.payment };
}

/** Leaves an entry off the list (系统比对 only), with the reason. */
export function excludeEntry(
  database: Database,
  entryId: number,
  reason: string,
  operator: GrantOperator,
): Promise<GrantEntryView> {
  return changeEntry(
    database,
    entryId,
    operator,
    async (trx, list, entry, at) => {
      checkEntryAction(list.state, 'exclude', figuresOf(entry));
      await repo.updateEntry(trx, entry.id, { excluded: 1, exclude_reason: reason, updated_at: at });
      return { reason };
    },
    'grant.exclude',
  );
}

/** Puts an excluded entry back on the list (系统比对 only). */
export function includeEntry(
  database: Database,
  entryId: number,
  reason: string | undefined,
  operator: GrantOperator,
): Promise<GrantEntryView> {
  return changeEntry(
    database,
    entryId,
    operator,
    async (trx, list, entry, at) => {
      checkEntryAction(list.state, 'include', figuresOf(entry));
      await repo.updateEntry(trx, entry.id, { excluded: 0, exclude_reason: null, updated_at: at });
      return { reason: reason ?? null, excludedFor: entry.exclude_reason };
    },
    'grant.include',
  );
}

export type PaymentInput =
  { status: 'paid'; paidOn: string; reference: string; amount?: number } | { status: 'failed'; reason: string };

/** Records the paying department's outcome for an accepted entry (自动兑付 only). */
export function recordPayment(
  database: Database,
  entryId: number,
  payment: PaymentInput,
  operator: GrantOperator,
): Promise<GrantEntryView> {
  return changeEntry(
    database,
    entryId,
    operator,
    async (trx, list, entry, at) => {
      checkEntryAction(list.state, 'record_payment', figuresOf(entry));
      if (payment.status === 'paid') {
        if (!isIsoDate(payment.paidOn)) throw errors.invalidGrant(`paidOn: ${payment.paidOn} is not a date YYYY-MM-DD`);
        const amount = payment.amount ?? entry.amount_max;
        if (amount === null || !(Number.isFinite(amount) && amount >= 0)) {
          throw errors.invalidGrant('amount: the entry has no sum; give the amount paid in yuan');
        }
        await repo.updateEntry(trx, entry.id, {
          payment: 'paid',
          paid_amount: amount,
          paid_on: payment.paidOn,
          payment_reference: payment.reference,
          payment_reason: null,
          payment_at: at,
          updated_at: at,
        });
        return { status: 'paid', amount, paidOn: payment.paidOn, reference: payment.reference };
      }
      await repo.updateEntry(trx, entry.id, {
        payment: 'failed',
        payment_reason: payment.reason,
        payment_at: at,
        updated_at: at,
      });
      return { status: 'failed', reason: payment.reason };
    },
    'grant.payment',
  );
}

export interface TransitionInput {
  action: ListAction;
  note?: string;
  /** open_confirmation: the date answers are expected by (YYYY-MM-DD) */
  respondBy?: string;
  /** the list version the operator saw: refused with grant.conflict when it changed meanwhile */
  version?: number;
}

function noticeText(list: repo.GrantListRow, entry: repo.GrantEntryRow): { title: string; body: string } {
  const amount = range(entry.amount_min, entry.amount_max);
  return {
    title: `免申即享：${list.title}`,
    body:
      `贵企业已列入「${list.title}」免申即享名单（${list.year}年第${list.run}批）` +
      (amount === null ? '' : `，可获 ${formatAmount(amount)}`) +
      '，无需申请。请登录「直达」，在“免申即享”中确认领取或放弃。',
  };
}

/**
 * Moves a list on by one step (core/grants/state-machine.ts), with its effects: confirm freezes the list and pushes
 * a notice to every included enterprise; start_payment marks accepted entries as awaiting payment and unanswered
 * ones as not answered. Audited as grant.ACTION.
 */
export async function transitionList(
  database: Database,
  id: number,
  input: TransitionInput,
  operator: GrantOperator,
  now = new Date(),
): Promise<GrantListDetail> {
  if (!LIST_ACTIONS.includes(input.action)) {
    throw errors.invalidGrant(`action: one of ${LIST_ACTIONS.join(', ')}`);
  }
  if (input.respondBy !== undefined && (input.action !== 'open_confirmation' || !isIsoDate(input.respondBy))) {
    throw errors.invalidGrant('respondBy: a date YYYY-MM-DD, given with open_confirmation only');
  }
  const { maxAttempts } = pushConfigFromEnv();
  const at = now.toISOString();
  const batchId = await database.db.transaction().execute(async (trx) => {
    const list = await loadList(trx, id, operator);
    if (input.version !== undefined && input.version !== list.version) throw errors.grantConflict(id, list.version);
    const counts = (await repo.entryCounts(trx, [id])).get(id)!;
    const from = list.state;
    const to = listTransition(from, input.action, {
      included: counts.included,
      awaitingPayment: counts.awaitingPayment,
    });
    const changes: Parameters<typeof repo.updateList>[3] = { state: to, updated_at: at };
    if (input.action === 'confirm') changes.frozen_at = at;
    if (input.action === 'open_confirmation') changes.respond_by = input.respondBy ?? null;
    if (input.action === 'publish') changes.published_at = at;
    if (input.action === 'archive') changes.archived_at = at;
    if (!(await repo.updateList(trx, id, list.version, changes))) {
      throw errors.grantConflict(id, (await repo.findList(trx, id))!.version);
    }
    let batch: number | null = null;
    let notified = 0;
    if (input.action === 'confirm') {
      const entries = await repo.allEntries(trx, id, 'included');
      const stored = await rules.findVersion(trx, list.policy_id, list.policy_version);
      const policy = JSON.parse(stored!.json) as Policy;
      const notices: ChangeInput[] = entries.map((entry) => ({
        enterpriseId: entry.enterprise_id,
        policyId: list.policy_id,
        kind: 'grant',
        amount: range(entry.amount_min, entry.amount_max),
        before: null,
        ...noticeText(list, entry),
      }));
      const recorded = await recordChanges(trx, notices, {
        cause: 'grant',
        subject: String(id),
        actor: operator.actor,
        year: list.year,
        at,
        maxAttempts,
        policies: new Map([[policy.id, policy]]),
      });
      batch = recorded.batchId;
      notified = recorded.changes;
    }
    if (input.action === 'start_payment') await repo.startPayment(trx, id, at);
    await recordAudit(
      trx,
      {
        actor: operator.actor,
        action: `grant.${input.action}`,
        entity: ENTRY_HISTORY,
        entityId: id,
        detail: {
          from,
          to,
          ...(input.note !== undefined ? { note: input.note } : {}),
          ...(input.respondBy !== undefined ? { respondBy: input.respondBy } : {}),
          ...(input.action === 'confirm' ? { notified } : {}),
          counts: { included: counts.included, accepted: counts.accepted, paid: counts.paid },
        },
      },
      at,
    );
    return batch;
  });
  await flushInbox(database, batchId);
  if (batchId !== null) wakePushWorkers();
  return getGrantList(database, id, operator);
}

/** The list as a workbook for the paying department (frozen lists only): qualify-export's columns and the answers. */
export async function grantWorkbook(
  database: Database,
  id: number,
  operator: GrantOperator,
): Promise<{ list: GrantListView; bytes: Buffer }> {
  const row = await loadList(database.db, id, operator);
  if (row.state === 'compared') {
    throw errors.grantIllegalTransition(
      stateName(row.state),
      'be exported',
      'confirm the list first: only a frozen list is exported',
    );
  }
  const entries = await repo.allEntries(database.db, id, 'included');
  const { qualifyWorkbook } = await import('../rules/qualify-export.ts');
  const workbook = await qualifyWorkbook({
    policy: { id: row.policy_id, title: row.title, version: row.policy_version, status: row.state },
    year: row.year,
    rows: entries.map((e) => ({
      uscc: e.uscc,
      name: e.name,
      region: e.region,
      industry: e.industry,
      status: 'eligible',
      amount: range(e.amount_min, e.amount_max),
      missing: [],
      supersededBy: null,
    })),
  });
  // The paying department also needs each answer and payment: columns after qualify-export's.
  const sheet = workbook.worksheets[0]!;
  const extra = ['response', 'payment', 'paid_amount', 'paid_on', 'payment_reference', 'payment_reason'];
  const first = sheet.columnCount + 1;
  extra.forEach((name, i) => {
    sheet.getRow(1).getCell(first + i).value = name;
    sheet.getColumn(first + i).width = 16;
  });
  entries.forEach((e, r) => {
    const cells = [e.response, e.payment, e.paid_amount, e.paid_on, e.payment_reference, e.payment_reason];
    cells.forEach((value, i) => {
      sheet.getRow(r + 2).getCell(first + i).value = value;
    });
  });
  sheet.getRow(1).font = { bold: true };
  const counts = (await repo.entryCounts(database.db, [id])).get(id)!;
  return { list: presentList(row, counts), bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

// ---- the enterprise's side -------------------------------------------------------------------------------------

/** States in which an enterprise sees its entry: from the push on. */
const TOLD: GrantState[] = ['pushed', 'confirming', 'paying', 'published', 'archived'];

async function enterpriseId(database: Database, uscc: string): Promise<number> {
  const found = await findEnterpriseRegion(database.db, uscc);
  if (found === undefined) throw errors.enterpriseNotFound(uscc);
  return found.id;
}

/** An enterprise's entries on lists it has been told of, newest first. */
export async function enterpriseGrants(database: Database, uscc: string): Promise<EnterpriseGrantView[]> {
  const id = await enterpriseId(database, uscc);
  return (await repo.entriesOfEnterprise(database.db, id, TOLD)).map(presentOwn);
}

/** The enterprise confirms (accept) or declines its entry (意愿确认); it may change its mind until payment starts. */
export async function respondToGrant(
  database: Database,
  uscc: string,
  entryId: number,
  input: { answer: 'accept' | 'decline'; reason?: string },
  actor: string,
): Promise<EnterpriseGrantView> {
  const own = await enterpriseId(database, uscc);
  const at = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    const entry = await repo.findEntry(trx, entryId);
    // Another enterprise's entry is not found: its existence is not told.
    if (entry === undefined || entry.enterprise_id !== own) throw errors.grantEntryNotFound(entryId);
    const list = (await repo.findList(trx, entry.list_id))!;
    if (list.state === 'compared') throw errors.grantEntryNotFound(entryId);
    checkEntryAction(list.state, 'respond', figuresOf(entry));
    const response = input.answer === 'accept' ? 'accepted' : 'declined';
    await repo.updateEntry(trx, entry.id, {
      response,
      response_reason: input.reason ?? null,
      responded_at: at,
      responded_by: actor,
      updated_at: at,
    });
    await recordAudit(
      trx,
      {
        actor,
        action: 'grant.respond',
        entity: ENTRY_HISTORY,
        entityId: list.id,
        detail: { entryId, uscc, answer: response, ...(input.reason !== undefined ? { reason: input.reason } : {}) },
      },
      at,
    );
  });
  const entry = (await repo.entriesOfEnterprise(database.db, own, TOLD)).find((e) => e.id === entryId)!;
  return presentOwn(entry);
}

// ---- the public notice (公示) ---------------------------------------------------------------------------------

const PUBLIC: GrantState[] = ['published', 'archived'];

/** Every published notice, newest first. */
export async function grantNotices(database: Database): Promise<GrantNoticeSummary[]> {
  const rows = await repo.listLists(database.db, { states: PUBLIC });
  const counts = await repo.entryCounts(
    database.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const c = counts.get(row.id)!;
    return {
      id: row.id,
      policyId: row.policy_id,
      title: row.title,
      year: row.year,
      run: row.run,
      publishedAt: row.published_at,
      count: c.paid,
      total: c.paidAmount,
    };
  });
}

/** A published list's notice: the names and amounts of its paid entries. Other lists are not found. */
export async function grantNotice(database: Database, id: number): Promise<GrantNotice> {
  const row = await repo.findList(database.db, id);
  if (row === undefined || !PUBLIC.includes(row.state)) throw errors.grantNotFound(id);
  const paid = await repo.allEntries(database.db, id, 'paid');
  const entries = paid
    .map((e) => ({ name: e.name, amount: e.paid_amount ?? 0 }))
    .sort((a, b) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    list: {
      id: row.id,
      policyId: row.policy_id,
      title: row.title,
      year: row.year,
      run: row.run,
      publishedAt: row.published_at,
    },
    count: entries.length,
    total: entries.reduce((sum, e) => sum + e.amount, 0),
    entries,
  };
}
