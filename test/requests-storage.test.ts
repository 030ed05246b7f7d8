import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhidaError } from '../src/core/errors.ts';
import { CHINA_2026 } from '../src/core/requests/china-2026.ts';
import { DEFAULT_CATEGORIES } from '../src/core/requests/categories.ts';
import { buildDocx } from '../src/core/formats/test-docx.ts';
import { buildPdf } from '../src/core/formats/test-pdf.ts';
import { countRequests } from '../src/db/requests.repository.ts';
import { RequestAccessRefused, type RequestCaller } from '../src/services/requests/access.ts';
import { addAttachment, MAX_ATTACHMENT_BYTES, readAttachment } from '../src/services/requests/attachments.ts';
import { replaceCalendar, replaceCategories, updateSettings } from '../src/services/requests/config.ts';
import { requestDashboard } from '../src/services/requests/dashboard.ts';
import {
  bulkAssign,
  fileRequest,
  listRequests,
  requestDetail,
  transitionRequest,
  type TransitionInput,
} from '../src/services/requests/requests.ts';
import { countRows, DIALECTS } from './helpers/databases.ts';
import {
  DAY,
  DEVELOPMENT,
  HOUR,
  LAND,
  later,
  MONDAY,
  requestsFixture,
  type RequestsFixture,
} from './helpers/requests.ts';

// What storage adds to the state machine (whose every state × action is tested in src/core/requests): events and
// audit rows, optimistic locking, deadlines from the configured calendar, the reopen window from the settings,
// duplicates, bulk assignment, attachments, scopes, lists and figures — on SQLite and PostgreSQL.

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

async function errorId(promise: Promise<unknown>): Promise<string> {
  const error = await refusal(promise);
  if (error instanceof ZhidaError) return error.id;
  if (error instanceof RequestAccessRefused) return 'access';
  throw error;
}

describe.each(DIALECTS)('requests stored on %s', (dialect) => {
  let f: RequestsFixture;
  let db: RequestsFixture['database'];

  beforeAll(async () => {
    f = await requestsFixture(dialect);
    db = f.database;
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A request of entA in the category, filed at `at`. */
  async function filed(category = 'project-approval', at = MONDAY, caller: RequestCaller = f.callers.entA) {
    return fileRequest(db, caller, { category, description: `测试诉求 ${category}` }, at);
  }

  async function move(id: number, caller: RequestCaller, input: TransitionInput, at: Date) {
    return transitionRequest(db, caller, id, input, at);
  }

  /** Filed Monday, accepted and assigned to DEVELOPMENT at `at`. */
  async function assigned(at = MONDAY, input: Partial<TransitionInput> = {}) {
    const request = await filed('project-approval', at);
    await move(request.id, f.callers.coordinator, { action: 'accept' }, at);
    return move(request.id, f.callers.coordinator, { action: 'assign', ...input }, at);
  }

  async function auditOf(id: number) {
    return db.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'at'])
      .where('entity', '=', 'request')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
  }

  it('files a request with its first event and an audit row', async () => {
    const request = await filed('financing', MONDAY);
    expect(request).toMatchObject({
      uscc: f.usccs[0],
      category: 'financing',
      categoryName: '融资需求',
      channel: 'web',
      state: 'submitted',
      open: true,
      department: null,
      version: 1,
      title: '融资需求：测试诉求 financing',
      actions: ['comment'],
    });
    expect(request.enterpriseName).toBeTruthy();
    expect(request.token).toMatch(/^[0-9a-f]{32}$/);
    expect(request.events).toEqual([
      expect.objectContaining({
        action: 'submit',
        from: 'submitted',
        to: 'submitted',
        actor: 'account:enta',
        actorKind: 'enterprise',
        at: MONDAY.toISOString(),
      }),
    ]);
    expect(await auditOf(request.id)).toEqual([
      { actor: 'account:enta', action: 'request.submit', at: MONDAY.toISOString() },
    ]);
  });

  it('lets a coordinator file on behalf of an enterprise, by phone or at a visit, and nobody else', async () => {
    const phone = await fileRequest(
      db,
      f.callers.coordinator,
      { category: 'land', description: '电话来访', uscc: f.usccs[2] },
      MONDAY,
    );
    expect(phone).toMatchObject({ uscc: f.usccs[2], channel: 'phone', createdBy: 'account:coordinator' });
    const visit = await fileRequest(
      db,
      f.callers.admin,
      { category: 'land', description: '上门走访', uscc: f.usccs[3], channel: 'visit' },
      MONDAY,
    );
    expect(visit.channel).toBe('visit');
    expect(await errorId(fileRequest(db, f.callers.coordinator, { category: 'land', description: 'x' }))).toBe(
      'request.invalid',
    );
    expect(
      await errorId(
        fileRequest(db, f.callers.coordinator, { category: 'land', description: 'x', uscc: '91320509MA00087E8Q' }),
      ),
    ).toBe('request.invalid');
    expect(
      await errorId(fileRequest(db, f.callers.entA, { category: 'land', description: 'x', uscc: f.usccs[1] })),
    ).toBe('access');
    expect(
      await errorId(fileRequest(db, f.callers.entA, { category: 'land', description: 'x', channel: 'phone' })),
    ).toBe('request.invalid');
    expect(await errorId(fileRequest(db, f.callers.development, { category: 'land', description: 'x' }))).toBe(
      'access',
    );
    expect(await errorId(fileRequest(db, f.callers.entA, { category: 'nope', description: 'x' }))).toBe(
      'request.invalid',
    );
    expect(await errorId(fileRequest(db, f.callers.entA, { category: 'land', description: '  ' }))).toBe(
      'request.invalid',
    );
  });

  it('records every transition: who, when, the note, the data, an audit row, version + 1', async () => {
    const request = await filed('project-approval', MONDAY);
    const accepted = await move(
      request.id,
      f.callers.coordinator,
      { action: 'accept', note: '已受理' },
      later(MONDAY, HOUR),
    );
    const assigned = await move(
      request.id,
      f.callers.coordinator,
      { action: 'assign', note: '请发改委办理' },
      later(MONDAY, 2 * HOUR),
    );
    const started = await move(request.id, f.callers.development, { action: 'start' }, later(MONDAY, 3 * HOUR));
    const resolved = await move(
      request.id,
      f.callers.development,
      { action: 'resolve', note: '已完成预审' },
      later(MONDAY, DAY),
    );
    const confirmed = await move(
      request.id,
      f.callers.entA,
      { action: 'confirm', rating: 5, comment: '非常满意' },
      later(MONDAY, 2 * DAY),
    );
    expect([accepted, assigned, started, resolved, confirmed].map((r) => [r.state, r.version])).toEqual([
      ['accepted', 2],
      ['assigned', 3],
      ['in_progress', 4],
      ['resolved', 5],
      ['confirmed', 6],
    ]);
    expect(assigned.department).toBe(DEVELOPMENT);
    expect(confirmed).toMatchObject({
      rating: 5,
      ratingComment: '非常满意',
      resolvedAt: later(MONDAY, DAY).toISOString(),
      open: false,
      statusNotes: '非常满意',
    });
    expect(confirmed.events.map((e) => [e.action, e.from, e.to, e.actor, e.actorKind, e.note])).toEqual([
      ['submit', 'submitted', 'submitted', 'account:enta', 'enterprise', null],
      ['accept', 'submitted', 'accepted', 'account:coordinator', 'coordinator', '已受理'],
      ['assign', 'accepted', 'assigned', 'account:coordinator', 'coordinator', '请发改委办理'],
      ['start', 'assigned', 'in_progress', 'account:development', 'department', null],
      ['resolve', 'in_progress', 'resolved', 'account:development', 'department', '已完成预审'],
      ['confirm', 'resolved', 'confirmed', 'account:enta', 'enterprise', '非常满意'],
    ]);
    expect(confirmed.events[2]!.data).toEqual({ department: DEVELOPMENT, deadline: assigned.deadline });
    expect(confirmed.events[5]!.data).toEqual({ rating: 5 });
    expect(confirmed.events.map((e) => e.at)).toEqual(
      [
        MONDAY,
        later(MONDAY, HOUR),
        later(MONDAY, 2 * HOUR),
        later(MONDAY, 3 * HOUR),
        later(MONDAY, DAY),
        later(MONDAY, 2 * DAY),
      ].map((d) => d.toISOString()),
    );
    expect((await auditOf(request.id)).map((a) => [a.actor, a.action])).toEqual([
      ['account:enta', 'request.submit'],
      ['account:coordinator', 'request.accept'],
      ['account:coordinator', 'request.assign'],
      ['account:development', 'request.start'],
      ['account:development', 'request.resolve'],
      ['account:enta', 'request.confirm'],
    ]);
    // no more actions for the department; the enterprise may still reopen within the window
    expect((await requestDetail(db, f.callers.development, request.id, later(MONDAY, 2 * DAY))).actions).toEqual([]);
    expect((await requestDetail(db, f.callers.entA, request.id, later(MONDAY, 2 * DAY))).actions).toEqual(['reopen']);
  });

  it('leaves the row, the events and the audit log as they were when a transition is refused', async () => {
    const request = await filed();
    const before = await requestDetail(db, f.callers.coordinator, request.id, MONDAY);
    const audit = await auditOf(request.id);
    const refusals: [RequestCaller, TransitionInput, string][] = [
      [f.callers.entA, { action: 'reject', reason: 'x' }, 'request.forbidden_action'],
      [f.callers.development, { action: 'resolve', note: 'x' }, 'access'],
      [f.callers.coordinator, { action: 'confirm', rating: 5 }, 'request.illegal_transition'],
      [f.callers.entA, { action: 'accept' }, 'request.forbidden_action'],
      [f.callers.coordinator, { action: 'reject' }, 'request.invalid_action'],
      [f.callers.coordinator, { action: 'fly' }, 'request.invalid_action'],
      [f.callers.coordinator, { action: 'accept', expectedVersion: 7 }, 'request.conflict'],
      [f.callers.entB, { action: 'comment', note: 'x' }, 'access'],
    ];
    for (const [caller, input, id] of refusals) {
      expect(await errorId(move(request.id, caller, input, MONDAY)), JSON.stringify(input)).toBe(id);
    }
    const illegal = await refusal(move(request.id, f.callers.coordinator, { action: 'confirm', rating: 5 }, MONDAY));
    expect(illegal.message).toContain('a request that is submitted cannot be confirmed');
    expect(await requestDetail(db, f.callers.coordinator, request.id, MONDAY)).toEqual(before);
    expect(await auditOf(request.id)).toEqual(audit);
  });

  it('lets one of two concurrent transitions with the same expected version win; the other gets request.conflict', async () => {
    for (let round = 0; round < 5; round++) {
      const request = await filed();
      const events = await countRows(db.db, 'request_event');
      const outcomes = await Promise.allSettled([
        move(request.id, f.callers.coordinator, { action: 'accept', expectedVersion: 1 }, MONDAY),
        move(request.id, f.callers.admin, { action: 'reject', reason: '重复', expectedVersion: 1 }, MONDAY),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as ZhidaError).id).toBe('request.conflict');
      expect((lost[0]!.reason as ZhidaError).message).toContain(`request ${request.id}`);
      const after = await requestDetail(db, f.callers.coordinator, request.id, MONDAY);
      expect(after.version).toBe(2);
      expect(after.events).toHaveLength(2);
      expect(await countRows(db.db, 'request_event')).toBe(events + 1);
    }
  });

  it('computes the deadline from the category working days and the configured calendar', async () => {
    const at = (iso: string) => new Date(iso);
    // Friday 6 March → five working days: the next Friday, across a weekend
    expect((await assigned(at('2026-03-06T02:00:00Z'))).deadline).toBe('2026-03-13T15:59:59.999Z');
    // Friday 8 May → Saturday 9 May is a make-up working day (调休) in CHINA_2026: Thursday 14 May
    expect((await assigned(at('2026-05-08T02:00:00Z'))).deadline).toBe('2026-05-14T15:59:59.999Z');
    // Wednesday 30 September (land: ten working days) → across 国庆 to Tuesday 20 October
    const land = await filed('land', at('2026-09-30T02:00:00Z'));
    await move(land.id, f.callers.coordinator, { action: 'accept' }, at('2026-09-30T02:00:00Z'));
    const assignedLand = await move(land.id, f.callers.coordinator, { action: 'assign' }, at('2026-09-30T02:00:00Z'));
    expect(assignedLand).toMatchObject({ department: LAND, deadline: '2026-10-20T15:59:59.999Z' });
    // an explicit deadline wins
    expect((await assigned(MONDAY, { deadline: '2026-06-01T18:00:00+08:00' })).deadline).toBe(
      '2026-06-01T10:00:00.000Z',
    );
    // an administrator declares Tuesday 10 March a holiday: the March deadline moves to Monday 16 March
    await replaceCalendar(db, 'account:admin', { ...CHINA_2026, holidays: [...CHINA_2026.holidays, '2026-03-10'] });
    try {
      expect((await assigned(at('2026-03-06T02:00:00Z'))).deadline).toBe('2026-03-16T15:59:59.999Z');
    } finally {
      await replaceCalendar(db, 'account:admin', CHINA_2026);
    }
    expect(await errorId(replaceCalendar(db, 'x', { holidays: ['2026-02-30'] }))).toBe('calendar.invalid');
    expect(await errorId(replaceCalendar(db, 'x', { workdays: ['2026-03-11'] }))).toBe('calendar.invalid');
    const audit = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'request.calendar')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('uses the configured categories: their department, their time limit; retired ones stay for their requests', async () => {
    const original = await filed('other');
    const changed = DEFAULT_CATEGORIES.filter((c) => c.code !== 'other').map((c) =>
      c.code === 'financing' ? { ...c, department: '市财政局', deadlineWorkingDays: 2 } : c,
    );
    try {
      const active = await replaceCategories(db, 'account:admin', changed);
      expect(active.map((c) => c.code)).not.toContain('other');
      expect(await errorId(filed('other'))).toBe('request.invalid');
      const financing = await filed('financing', MONDAY);
      await move(financing.id, f.callers.coordinator, { action: 'accept' }, MONDAY);
      const moved = await move(financing.id, f.callers.coordinator, { action: 'assign' }, MONDAY);
      expect(moved).toMatchObject({ department: '市财政局', deadline: '2026-05-13T15:59:59.999Z' });
      // the retired category's request keeps its name and can still be assigned
      const detail = await move(original.id, f.callers.coordinator, { action: 'accept' }, MONDAY);
      expect(detail.categoryName).toBe('其他');
      expect(await errorId(replaceCategories(db, 'x', [{ ...changed[0]!, deadlineWorkingDays: 0 }]))).toBe(
        'category.invalid',
      );
      expect(await errorId(replaceCategories(db, 'x', []))).toBe('category.invalid');
    } finally {
      await replaceCategories(db, 'account:admin', DEFAULT_CATEGORIES);
    }
  });

  it('lets the enterprise rate and reopen within the configured window only', async () => {
    const request = await assigned(MONDAY);
    await move(request.id, f.callers.development, { action: 'resolve', note: '已办结' }, later(MONDAY, DAY));
    await move(request.id, f.callers.entA, { action: 'confirm', rating: 2, comment: '不满意' }, later(MONDAY, DAY));
    expect(await errorId(move(request.id, f.callers.entB, { action: 'reopen', reason: 'x' }, later(MONDAY, DAY)))).toBe(
      'access',
    );
    // default window: 15 days after the resolution
    const late = later(MONDAY, 17 * DAY);
    const closed = await refusal(move(request.id, f.callers.entA, { action: 'reopen', reason: '没有解决' }, late));
    expect((closed as ZhidaError).id).toBe('request.illegal_transition');
    expect(closed.message).toContain('within 15 days');
    await updateSettings(db, 'account:admin', { reopenWindowDays: 30 });
    try {
      const reopened = await move(request.id, f.callers.entA, { action: 'reopen', reason: '没有解决' }, late);
      expect(reopened).toMatchObject({
        state: 'reopened',
        rating: null,
        ratingComment: null,
        resolvedAt: null,
        open: true,
      });
      expect(reopened.events.at(-1)).toMatchObject({ action: 'reopen', note: '没有解决' });
    } finally {
      await updateSettings(db, 'account:admin', { reopenWindowDays: 15 });
    }
    expect(await errorId(updateSettings(db, 'x', { reopenWindowDays: -1 }))).toBe('settings.invalid');
    const audit = await db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'request.settings')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      { from: 15, to: 30 },
      { from: 30, to: 15 },
    ]);
  });

  it('links a duplicate to the original, following a chain of duplicates', async () => {
    const first = await filed();
    const second = await filed();
    const third = await filed();
    const marked = await move(
      second.id,
      f.callers.coordinator,
      { action: 'mark_duplicate', originalId: first.id },
      MONDAY,
    );
    expect(marked).toMatchObject({ state: 'duplicate', duplicateOf: first.id, open: false });
    const chained = await move(
      third.id,
      f.callers.coordinator,
      { action: 'mark_duplicate', originalId: second.id },
      MONDAY,
    );
    expect(chained.duplicateOf).toBe(first.id);
    expect(chained.events.at(-1)!.data).toEqual({ originalId: first.id });
    const fourth = await filed();
    expect(
      await errorId(
        move(fourth.id, f.callers.coordinator, { action: 'mark_duplicate', originalId: fourth.id }, MONDAY),
      ),
    ).toBe('request.invalid_action');
    expect(
      await errorId(move(fourth.id, f.callers.coordinator, { action: 'mark_duplicate', originalId: 999_999 }, MONDAY)),
    ).toBe('request.not_found');
  });

  it('assigns in bulk: submitted ones accepted first, assigned ones reassigned, each outcome on its own', async () => {
    const submitted = await filed();
    const accepted = await filed();
    await move(accepted.id, f.callers.coordinator, { action: 'accept' }, MONDAY);
    const already = await assigned(MONDAY);
    const rejected = await filed();
    await move(rejected.id, f.callers.coordinator, { action: 'reject', reason: '不予受理' }, MONDAY);
    const outcomes = await bulkAssign(
      db,
      f.callers.coordinator,
      { ids: [submitted.id, accepted.id, already.id, rejected.id, 999_999], department: LAND },
      later(MONDAY, HOUR),
    );
    expect(outcomes.map((o) => [o.id, o.ok, o.ok ? o.state : o.error.id])).toEqual([
      [submitted.id, true, 'assigned'],
      [accepted.id, true, 'assigned'],
      [already.id, true, 'assigned'],
      [rejected.id, false, 'request.illegal_transition'],
      [999_999, false, 'request.not_found'],
    ]);
    for (const outcome of outcomes.slice(0, 3)) expect(outcome).toMatchObject({ department: LAND });
    const detail = await requestDetail(db, f.callers.coordinator, submitted.id, MONDAY);
    expect(detail.events.map((e) => e.action)).toEqual(['submit', 'accept', 'assign']);
    expect((await requestDetail(db, f.callers.coordinator, already.id, MONDAY)).events.at(-1)!.action).toBe('reassign');
    expect(await errorId(bulkAssign(db, f.callers.development, { ids: [accepted.id], department: LAND }))).toBe(
      'access',
    );
  });

  it('stores good attachments once per content and refuses too large or wrong ones without writing anything', async () => {
    const request = await filed();
    const pdf = buildPdf([{ lines: [{ text: '营业执照', x: 72, y: 72, size: 12 }] }]);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const docx = await buildDocx();
    const text = new TextEncoder().encode('补充说明：项目用地约30亩。\n');
    const attach = (name: string, bytes: Uint8Array, contentType?: string) =>
      addAttachment(db, f.callers.entA, request.id, { name, bytes, ...(contentType ? { contentType } : {}) }, MONDAY);
    expect((await attach('执照.pdf', pdf, 'application/pdf')).contentType).toBe('application/pdf');
    expect((await attach('C:\\scans\\photo.png', png)).name).toBe('photo.png');
    expect((await attach('材料.docx', docx)).contentType).toContain('wordprocessingml');
    expect((await attach('说明.txt', text, 'text/plain')).contentType).toBe('text/plain; charset=utf-8');
    const again = await addAttachment(db, f.callers.coordinator, request.id, { name: 'copy.pdf', bytes: pdf }, MONDAY);
    expect(await countRows(db.db, 'request_blob')).toBe(4);
    const read = await readAttachment(db, f.callers.entA, again.id);
    expect(Buffer.from(read.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(read.view).toMatchObject({ name: 'copy.pdf', size: pdf.length, createdBy: 'account:coordinator' });
    expect(await errorId(readAttachment(db, f.callers.entB, again.id))).toBe('access');
    expect(await errorId(readAttachment(db, f.callers.entB, 999_999))).toBe('access');
    expect(await errorId(readAttachment(db, f.callers.admin, 999_999))).toBe('attachment.not_found');

    const counts = async () => [
      await countRows(db.db, 'request_blob'),
      await countRows(db.db, 'request_attachment'),
      await countRows(db.db, 'audit_log'),
    ];
    const before = await counts();
    const huge = new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0x61);
    const refused: [string, Uint8Array, string | undefined, string][] = [
      ['big.txt', huge, undefined, 'attachment.too_large'],
      [
        'run.exe',
        Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]),
        undefined,
        'attachment.type',
      ],
      ['empty.txt', new Uint8Array(0), undefined, 'attachment.type'],
      ['fake.pdf', text, 'application/pdf', 'attachment.type'],
      ['a.zip', await zipOf('a.txt', 'hello'), undefined, 'attachment.type'],
      ['', pdf, undefined, 'request.invalid'],
    ];
    for (const [name, bytes, type, id] of refused) expect(await errorId(attach(name, bytes, type)), name).toBe(id);
    const wrong = await refusal(attach('run.exe', Uint8Array.from([0x4d, 0x5a, 0x90, 0, 0xff, 0xfe])));
    expect(wrong.message).toContain('PDF, PNG, JPEG, DOCX, XLSX or plain-text');
    expect(await counts()).toEqual(before);
    expect((await requestDetail(db, f.callers.entA, request.id, MONDAY)).attachments).toHaveLength(5);
  });

  it('shows an enterprise its own requests, a department those assigned to it, a coordinator all', async () => {
    const own = await assigned(MONDAY);
    const other = await filed('land', MONDAY, f.callers.entB);
    expect(await errorId(requestDetail(db, f.callers.entB, own.id))).toBe('access');
    // a missing request is refused alike, so an enterprise learns nothing of other ids
    const missing = await refusal(requestDetail(db, f.callers.entB, 999_999));
    const others = await refusal(requestDetail(db, f.callers.entB, own.id));
    expect(missing.message.replace('999999', 'N')).toBe(others.message.replace(String(own.id), 'N'));
    expect(await errorId(requestDetail(db, f.callers.admin, 999_999))).toBe('request.not_found');
    expect(await errorId(requestDetail(db, f.callers.land, own.id))).toBe('access');
    expect((await requestDetail(db, f.callers.development, own.id, MONDAY)).actions).toEqual([
      'start',
      'resolve',
      'comment',
    ]);
    const page = { limit: 100, offset: 0 };
    const lists = {
      entA: await listRequests(db, f.callers.entA, page),
      entB: await listRequests(db, f.callers.entB, page),
      development: await listRequests(db, f.callers.development, page),
      outsider: await listRequests(db, f.callers.outsider, page),
      coordinator: await listRequests(db, f.callers.coordinator, page),
    };
    expect(lists.entA.items.every((r) => r.uscc === f.usccs[0])).toBe(true);
    expect(lists.entB.items.map((r) => r.id)).toContain(other.id);
    expect(lists.entB.items.every((r) => r.uscc === f.usccs[1])).toBe(true);
    expect(lists.development.items.map((r) => r.id)).toContain(own.id);
    expect(lists.development.items.every((r) => r.department === DEVELOPMENT)).toBe(true);
    expect(lists.outsider.total).toBe(0);
    expect(lists.coordinator.total).toBe(await countRows(db.db, 'request'));
    // asking for another enterprise or department inside a scope finds nothing
    expect((await listRequests(db, f.callers.entA, { ...page, uscc: f.usccs[1] })).total).toBe(0);
    expect((await listRequests(db, f.callers.development, { ...page, department: LAND })).total).toBe(0);
  });

  it('filters and orders lists: state, open, department, category, overdue, uscc, q, deadline order', async () => {
    const early = await assigned(MONDAY, { deadline: '2026-05-12T12:00:00+08:00' });
    const lateOne = await assigned(MONDAY, { deadline: '2026-05-20T12:00:00+08:00' });
    const now = new Date('2026-05-13T00:00:00Z');
    const page = { limit: 100, offset: 0 };
    const overdue = await listRequests(db, f.callers.coordinator, { ...page, overdue: true }, now);
    expect(overdue.items.map((r) => r.id)).toContain(early.id);
    expect(overdue.items.map((r) => r.id)).not.toContain(lateOne.id);
    expect(overdue.items.every((r) => r.overdue)).toBe(true);
    const byDeadline = await listRequests(
      db,
      f.callers.development,
      { ...page, open: true, sort: 'deadline', state: ['assigned'] },
      now,
    );
    const deadlines = byDeadline.items.map((r) => r.deadline!);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(byDeadline.items.every((r) => r.state === 'assigned' && r.open)).toBe(true);
    const land = await listRequests(db, f.callers.coordinator, { ...page, category: ['land'] });
    expect(land.items.every((r) => r.category === 'land')).toBe(true);
    const q = await listRequests(db, f.callers.coordinator, { ...page, q: '测试诉求 land' });
    expect(q.total).toBe(land.items.filter((r) => r.description === '测试诉求 land').length);
    const like = await listRequests(db, f.callers.coordinator, { ...page, q: '%' });
    expect(like.total).toBe(0);
    const closed = await listRequests(db, f.callers.coordinator, { ...page, open: false });
    expect(closed.items.every((r) => !r.open)).toBe(true);
    const paged = await listRequests(db, f.callers.coordinator, { limit: 2, offset: 1 });
    const all = await listRequests(db, f.callers.coordinator, page);
    expect(paged.items.map((r) => r.id)).toEqual(all.items.slice(1, 3).map((r) => r.id));
    expect(paged.total).toBe(all.total);
    expect(paged.totalCapped).toBe(false);
    // the total is counted up to a cap (MAX_COUNTED in lists): counting stops there
    expect(all.total).toBeGreaterThan(3);
    expect(await countRequests(db.db, {}, 3)).toBe(3);
    expect(await countRequests(db.db, {})).toBe(all.total);
    expect(await errorId(listRequests(db, f.callers.coordinator, { ...page, state: ['bogus' as never] }))).toBe(
      'search.bad_filter',
    );
  });

  it('sums the loop up: open, overdue, median time to resolve, satisfaction, by department and category', async () => {
    const fresh = await requestsFixture(dialect);
    try {
      const d = fresh.database;
      const c = fresh.callers;
      const file = (category: string, at: Date) => fileRequest(d, c.entA, { category, description: 'x' }, at);
      const go = (id: number, who: RequestCaller, input: TransitionInput, at: Date) =>
        transitionRequest(d, who, id, input, at);
      const a = await file('project-approval', MONDAY);
      await go(a.id, c.coordinator, { action: 'accept' }, MONDAY);
      await go(a.id, c.coordinator, { action: 'assign' }, MONDAY);
      await go(a.id, c.development, { action: 'resolve', note: 'ok' }, later(MONDAY, 10 * HOUR));
      await go(a.id, c.entA, { action: 'confirm', rating: 5 }, later(MONDAY, 11 * HOUR));
      const b = await file('project-approval', MONDAY);
      await go(b.id, c.coordinator, { action: 'accept' }, MONDAY);
      await go(b.id, c.coordinator, { action: 'assign' }, MONDAY);
      await go(b.id, c.development, { action: 'resolve', note: 'ok' }, later(MONDAY, 30 * HOUR));
      await go(b.id, c.entA, { action: 'confirm', rating: 2 }, later(MONDAY, 31 * HOUR));
      const late = await file('land', MONDAY);
      await go(late.id, c.coordinator, { action: 'accept' }, MONDAY);
      await go(late.id, c.coordinator, { action: 'assign', deadline: '2026-05-12T00:00:00Z' }, MONDAY);
      await file('financing', MONDAY);
      const board = await requestDashboard(d, c.coordinator, new Date('2026-05-20T00:00:00Z'));
      expect(board.totals).toEqual({
        total: 4,
        open: 2,
        overdue: 1,
        resolved: 2,
        medianHoursToResolve: 20,
        satisfaction: { average: 3.5, count: 2 },
      });
      expect(board.byState).toMatchObject({ confirmed: 2, assigned: 1, submitted: 1 });
      expect(board.byDepartment).toEqual([
        expect.objectContaining({ key: DEVELOPMENT, total: 2, open: 0, medianHoursToResolve: 20 }),
        expect.objectContaining({ key: null, total: 1, open: 1 }),
        expect.objectContaining({ key: LAND, total: 1, overdue: 1, medianHoursToResolve: null }),
      ]);
      expect(board.byCategory[0]).toMatchObject({ key: 'project-approval', name: '项目审批', total: 2 });
      const department = await requestDashboard(d, c.development, new Date('2026-05-20T00:00:00Z'));
      expect(department.totals.total).toBe(2);
      const enterprise = await requestDashboard(d, c.entB, new Date('2026-05-20T00:00:00Z'));
      expect(enterprise.totals.total).toBe(0);
    } finally {
      await fresh.database.drop();
    }
  });
});

async function zipOf(name: string, content: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array' });
}
