import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPdf } from '../src/core/formats/test-pdf.ts';
import { CHINA_2026 } from '../src/core/requests/china-2026.ts';
import { DEFAULT_CATEGORIES } from '../src/core/requests/categories.ts';
import { buildApp } from '../src/server/app.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { MAX_ATTACHMENT_BYTES } from '../src/services/requests/attachments.ts';
import type { RequestDashboard } from '../src/services/requests/dashboard.ts';
import type { ProjectDetail, ProjectView } from '../src/services/requests/projects.ts';
import type { BulkOutcome, RequestPage } from '../src/services/requests/requests.ts';
import type { RequestAttachmentView, RequestDetail } from '../src/services/requests/views.ts';
import { countRows, DIALECTS } from './helpers/databases.ts';
import {
  ACCOUNTS,
  DEVELOPMENT,
  LAND,
  requestsFixture,
  type AccountName,
  type RequestsFixture,
} from './helpers/requests.ts';

// The request loop over real HTTP on both databases: the closed loop an enterprise, a coordinator and a department
// walk, the refusals with their statuses and ids, scopes (another enterprise, another department), attachments,
// bulk assignment, configuration and projects.

interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Uint8Array;
}

type ErrorBody = { error: { id: string; message: string } };

describe.each(DIALECTS)('requests API on %s', (dialect) => {
  let f: RequestsFixture;
  let app: FastifyInstance;
  let base: string;
  const tokens = new Map<AccountName, string>();

  beforeAll(async () => {
    f = await requestsFixture(dialect);
    for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
      tokens.set(name, (await createApiToken(f.database, 'test', f.accounts[name], 'requests test')).token);
    }
    app = await buildApp({ database: f.database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await f.database.drop();
  });

  async function call<T = unknown>(
    who: AccountName | null,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (who !== null) headers.authorization = `Bearer ${tokens.get(who)!}`;
    let payload: string | Uint8Array | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    }
    const response = await fetch(base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
    return { status: response.status, body: json as T, headers: response.headers, bytes };
  }

  const move = (who: AccountName, id: number, body: Record<string, unknown>) =>
    call<RequestDetail & ErrorBody>(who, 'POST', `/api/requests/${id}/transitions`, body);

  async function file(who: AccountName = 'entA', body: Record<string, unknown> = {}) {
    const answer = await call<RequestDetail>(who, 'POST', '/api/requests', {
      category: 'project-approval',
      description: '二期项目核准需要预审',
      ...body,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  it('closes the loop: filed, accepted, assigned, started, resolved, confirmed and rated, each step on the timeline', async () => {
    const filed = await file('entA', { title: '核准预审' });
    expect(filed).toMatchObject({ state: 'submitted', title: '核准预审', channel: 'web', uscc: f.usccs[0] });
    expect((await move('coordinator', filed.id, { action: 'accept', note: '已受理' })).status).toBe(200);
    const assigned = await move('coordinator', filed.id, { action: 'assign' });
    expect(assigned.body).toMatchObject({ state: 'assigned', department: DEVELOPMENT, version: 3 });
    expect(Date.parse(assigned.body.deadline!)).toBeGreaterThan(Date.now());
    expect((await move('development', filed.id, { action: 'start', expectedVersion: 3 })).status).toBe(200);
    const resolved = await move('development', filed.id, { action: 'resolve', note: '预审意见已反馈企业' });
    expect(resolved.body).toMatchObject({ state: 'resolved', open: false });
    expect(resolved.body.actions).toEqual(['comment']);
    const own = await call<RequestDetail>('entA', 'GET', `/api/requests/${filed.id}`);
    expect(own.body.actions).toEqual(['confirm', 'reopen', 'comment']);
    // The reopen window the page shows is the server's: the resolution plus the configured days.
    expect(Date.parse(own.body.reopenUntil!) - Date.parse(own.body.resolvedAt!)).toBe(15 * 86_400_000);
    expect(filed.reopenUntil).toBeNull();
    const confirmed = await move('entA', filed.id, { action: 'confirm', rating: 5, comment: '很及时' });
    expect(confirmed.body).toMatchObject({ state: 'confirmed', rating: 5, ratingComment: '很及时', version: 6 });
    expect(confirmed.body.events.map((e) => [e.action, e.actor, e.note])).toEqual([
      ['submit', 'account:enta', null],
      ['accept', 'account:coordinator', '已受理'],
      ['assign', 'account:coordinator', null],
      ['start', 'account:development', null],
      ['resolve', 'account:development', '预审意见已反馈企业'],
      ['confirm', 'account:enta', '很及时'],
    ]);
    const board = await call<RequestDashboard>('admin', 'GET', '/api/requests/dashboard');
    expect(board.status).toBe(200);
    expect(board.body.totals.satisfaction.count).toBeGreaterThanOrEqual(1);
    expect(board.body.byDepartment.find((d) => d.key === DEVELOPMENT)?.resolved).toBeGreaterThanOrEqual(1);
  });

  it('answers refusals with a status and an id that name the state and the action', async () => {
    const filed = await file();
    const illegal = await move('coordinator', filed.id, { action: 'confirm', rating: 5 });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.id).toBe('request.illegal_transition');
    expect(illegal.body.error.message).toContain('a request that is submitted cannot be confirmed');
    const forbidden = await move('entA', filed.id, { action: 'accept' });
    expect([forbidden.status, forbidden.body.error.id]).toEqual([403, 'request.forbidden_action']);
    const unknown = await move('coordinator', filed.id, { action: 'teleport' });
    expect([unknown.status, unknown.body.error.id]).toEqual([400, 'request.invalid_action']);
    await move('coordinator', filed.id, { action: 'accept' });
    await move('coordinator', filed.id, { action: 'assign' });
    await move('development', filed.id, { action: 'resolve', note: 'ok' });
    const rating = await move('entA', filed.id, { action: 'confirm', rating: 6 });
    expect([rating.status, rating.body.error.id]).toEqual([400, 'request.invalid_action']);
    expect(rating.body.error.message).toContain('from 1 to 5');
    const stale = await move('entA', filed.id, { action: 'confirm', rating: 4, expectedVersion: 2 });
    expect([stale.status, stale.body.error.id]).toEqual([409, 'request.conflict']);
    const missing = await call<ErrorBody>('admin', 'GET', '/api/requests/999999');
    expect([missing.status, missing.body.error.id]).toEqual([404, 'request.not_found']);
    const badBody = await call<ErrorBody>('coordinator', 'POST', `/api/requests/${filed.id}/transitions`, {
      note: 'x',
    });
    expect([badBody.status, badBody.body.error.id]).toEqual([400, 'http.invalid_request']);
  });

  it('lets one of two transitions sent at once with the same version win, the other 409 request.conflict', async () => {
    const filed = await file();
    const answers = await Promise.all([
      move('coordinator', filed.id, { action: 'accept', expectedVersion: 1 }),
      move('admin', filed.id, { action: 'reject', reason: '不予受理', expectedVersion: 1 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.id).toBe('request.conflict');
    const after = await call<RequestDetail>('admin', 'GET', `/api/requests/${filed.id}`);
    expect(after.body.events).toHaveLength(2);
  });

  it("refuses another enterprise's request and an unknown id alike, and scopes every list", async () => {
    const filed = await file('entA');
    const other = await call<ErrorBody>('entB', 'GET', `/api/requests/${filed.id}`);
    const unknown = await call<ErrorBody>('entB', 'GET', '/api/requests/999999');
    expect([other.status, other.body.error.id]).toEqual([403, 'auth.forbidden']);
    expect([unknown.status, unknown.body.error.id]).toEqual([403, 'auth.forbidden']);
    expect(other.body.error.message.replace(String(filed.id), 'N')).toBe(
      unknown.body.error.message.replace('999999', 'N'),
    );
    expect(JSON.stringify(other.body)).not.toContain(f.usccs[0]);
    for (const [method, path, body] of [
      ['POST', `/api/requests/${filed.id}/transitions`, { action: 'comment', note: '偷看' }],
      ['POST', `/api/requests/${filed.id}/attachments?name=a.txt`, 'hello'],
    ] as const) {
      const refused = await call<ErrorBody>(
        'entB',
        method,
        path,
        body,
        typeof body === 'string' ? 'text/plain' : 'application/json',
      );
      expect([refused.status, refused.body.error.id], path).toEqual([403, 'auth.forbidden']);
    }
    const filedForOther = await call<ErrorBody>('entA', 'POST', '/api/requests', {
      category: 'land',
      description: 'x',
      uscc: f.usccs[1],
    });
    expect([filedForOther.status, filedForOther.body.error.id]).toEqual([403, 'auth.forbidden']);
    const list = await call<RequestPage>('entB', 'GET', '/api/requests?limit=100');
    expect(list.body.items.every((r) => r.uscc === f.usccs[1])).toBe(true);
    const asked = await call<RequestPage>('entB', 'GET', `/api/requests?uscc=${f.usccs[0]}`);
    expect(asked.body.total).toBe(0);
    const outsider = await call<RequestPage>('outsider', 'GET', '/api/requests');
    expect([outsider.status, outsider.body.total]).toEqual([200, 0]);
  });

  it('walks the routes as a department account: its own requests only, no coordinator or admin work', async () => {
    const mine = await file('entA');
    await move('coordinator', mine.id, { action: 'accept' });
    await move('coordinator', mine.id, { action: 'assign' });
    const theirs = await file('entA', { category: 'land' });
    await move('coordinator', theirs.id, { action: 'accept' });
    await move('coordinator', theirs.id, { action: 'assign' });
    const expectations: [string, string, unknown, number][] = [
      ['GET', '/api/requests', undefined, 200],
      ['GET', `/api/requests?department=${encodeURIComponent(LAND)}`, undefined, 200],
      ['POST', '/api/requests', { category: 'land', description: 'x', uscc: f.usccs[0] }, 403],
      ['GET', '/api/requests/dashboard', undefined, 200],
      ['GET', '/api/requests/categories', undefined, 200],
      ['PUT', '/api/requests/categories', DEFAULT_CATEGORIES, 403],
      ['GET', '/api/requests/calendar', undefined, 403],
      ['PUT', '/api/requests/settings', { reopenWindowDays: 3 }, 403],
      ['POST', '/api/requests/bulk-assign', { ids: [mine.id], department: LAND }, 403],
      ['GET', `/api/requests/${mine.id}`, undefined, 200],
      ['GET', `/api/requests/${theirs.id}`, undefined, 403],
      ['POST', `/api/requests/${mine.id}/transitions`, { action: 'start' }, 200],
      ['POST', `/api/requests/${mine.id}/transitions`, { action: 'reassign', department: LAND }, 403],
      ['POST', `/api/requests/${theirs.id}/transitions`, { action: 'start' }, 403],
      ['POST', `/api/requests/${mine.id}/project`, { projectId: null }, 403],
      ['GET', '/api/projects', undefined, 200],
    ];
    const wrong: string[] = [];
    for (const [method, path, body, status] of expectations) {
      const answer = await call<ErrorBody & RequestPage>('development', method, path, body);
      if (answer.status !== status)
        wrong.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      if (method === 'GET' && path === '/api/requests')
        expect(answer.body.items.every((r) => r.department === DEVELOPMENT)).toBe(true);
      if (path.includes('department=')) expect(answer.body.total).toBe(0);
    }
    expect(wrong).toEqual([]);
    const board = await call<RequestDashboard>('development', 'GET', '/api/requests/dashboard');
    expect(board.body.byDepartment.map((d) => d.key)).toEqual([DEVELOPMENT]);
  });

  it('uploads and downloads attachments; refuses too large and wrong types with nothing stored', async () => {
    const filed = await file('entA');
    const pdf = buildPdf([{ lines: [{ text: '项目核准申请表', x: 72, y: 72, size: 12 }] }]);
    const up = await call<RequestAttachmentView>(
      'entA',
      'POST',
      `/api/requests/${filed.id}/attachments?name=${encodeURIComponent('申请表.pdf')}`,
      pdf,
      'application/pdf',
    );
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: '申请表.pdf', contentType: 'application/pdf', size: pdf.length });
    const text = await call<RequestAttachmentView>(
      'coordinator',
      'POST',
      `/api/requests/${filed.id}/attachments?name=note.txt`,
      '电话记录：企业补充了材料。',
      'text/plain',
    );
    expect([text.status, text.body.contentType]).toEqual([201, 'text/plain; charset=utf-8']);
    const down = await call('entA', 'GET', `/api/requests/attachments/${up.body.id}`);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('申请表.pdf')}`);
    expect(Buffer.from(down.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect((await call<ErrorBody>('entB', 'GET', `/api/requests/attachments/${up.body.id}`)).status).toBe(403);

    const stored = async () => [
      await countRows(f.database.db, 'request_blob'),
      await countRows(f.database.db, 'request_attachment'),
    ];
    const before = await stored();
    const big = await call<ErrorBody>(
      'entA',
      'POST',
      `/api/requests/${filed.id}/attachments?name=big.pdf`,
      new Uint8Array(MAX_ATTACHMENT_BYTES + 1),
      'application/pdf',
    );
    expect([big.status, big.body.error.id]).toEqual([413, 'attachment.too_large']);
    expect(big.body.error.message).toContain(String(MAX_ATTACHMENT_BYTES));
    const exe = await call<ErrorBody>(
      'entA',
      'POST',
      `/api/requests/${filed.id}/attachments?name=setup.exe`,
      Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0xff, 0xfe]),
      'application/octet-stream',
    );
    expect([exe.status, exe.body.error.id]).toEqual([415, 'attachment.type']);
    const liar = await call<ErrorBody>(
      'entA',
      'POST',
      `/api/requests/${filed.id}/attachments?name=x.png`,
      pdf,
      'image/png',
    );
    expect([liar.status, liar.body.error.id]).toEqual([415, 'attachment.type']);
    const noName = await call<ErrorBody>(
      'entA',
      'POST',
      `/api/requests/${filed.id}/attachments`,
      pdf,
      'application/pdf',
    );
    expect(noName.status).toBe(400);
    expect(await stored()).toEqual(before);
    const detail = await call<RequestDetail>('entA', 'GET', `/api/requests/${filed.id}`);
    expect(detail.body.attachments.map((a) => a.name)).toEqual(['申请表.pdf', 'note.txt']);
  });

  it('assigns in bulk with an outcome per id, coordinators only', async () => {
    const a = await file('entA');
    const b = await file('entB', { category: 'land' });
    const bulk = await call<BulkOutcome[]>('coordinator', 'POST', '/api/requests/bulk-assign', {
      ids: [a.id, b.id, 999_999],
      department: LAND,
      deadline: '2099-01-01T00:00:00+08:00',
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.map((o) => (o.ok ? [o.id, o.state, o.department, o.deadline] : [o.id, o.error.id]))).toEqual([
      [a.id, 'assigned', LAND, '2098-12-31T16:00:00.000Z'],
      [b.id, 'assigned', LAND, '2098-12-31T16:00:00.000Z'],
      [999_999, 'request.not_found'],
    ]);
    expect((await call('entA', 'POST', '/api/requests/bulk-assign', { ids: [a.id], department: LAND })).status).toBe(
      403,
    );
  });

  it('lets an administrator configure categories, the calendar and the reopen window, validated', async () => {
    const categories = await call<unknown[]>('entA', 'GET', '/api/requests/categories');
    expect(categories.body).toHaveLength(DEFAULT_CATEGORIES.length);
    const bad = await call<ErrorBody>('admin', 'PUT', '/api/requests/categories', [{ code: 'X Y', name: '' }]);
    expect([bad.status, bad.body.error.id]).toEqual([400, 'category.invalid']);
    expect(bad.body.error.message).toContain('[0].code');
    const calendar = await call<{ holidays: string[] }>('admin', 'GET', '/api/requests/calendar');
    expect(calendar.body).toEqual(CHINA_2026);
    const badCalendar = await call<ErrorBody>('admin', 'PUT', '/api/requests/calendar', { holidays: ['2026-13-01'] });
    expect([badCalendar.status, badCalendar.body.error.id]).toEqual([400, 'calendar.invalid']);
    const put = await call('admin', 'PUT', '/api/requests/calendar', CHINA_2026);
    expect(put.status).toBe(200);
    const settings = await call<{ reopenWindowDays: number }>('admin', 'PUT', '/api/requests/settings', {
      reopenWindowDays: 20,
    });
    expect(settings.body).toEqual({ reopenWindowDays: 20 });
    const badSettings = await call<ErrorBody>('admin', 'PUT', '/api/requests/settings', { reopenWindowDays: 9999 });
    expect([badSettings.status, badSettings.body.error.id]).toEqual([400, 'settings.invalid']);
    await call('admin', 'PUT', '/api/requests/settings', { reopenWindowDays: 15 });
    const audit = await f.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'account:admin')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['request.calendar', 'request.settings']));
  });

  it('keeps the project registry with milestones, warnings and linked requests', async () => {
    const created = await call<ProjectDetail>('coordinator', 'POST', '/api/projects', {
      name: '智能制造基地',
      owner: '张伟',
      department: DEVELOPMENT,
      uscc: f.usccs[0],
    });
    expect(created.status).toBe(201);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const added = await call<ProjectDetail>('coordinator', 'POST', `/api/projects/${created.body.id}/milestones`, {
      name: '用地手续',
      owner: '李娜',
      dueDate: today,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ warning: 'due_soon', milestones: { total: 1, dueSoon: 1 } });
    const warnings = await call<ProjectView[]>('admin', 'GET', '/api/projects/warnings');
    expect(warnings.body.map((p) => p.id)).toContain(created.body.id);
    const done = await call<ProjectDetail>(
      'coordinator',
      'PATCH',
      `/api/projects/milestones/${added.body.milestoneList[0]!.id}`,
      { done: true },
    );
    expect(done.body.warning).toBeNull();
    const request = await file('entA');
    const linked = await call<RequestDetail>('coordinator', 'POST', `/api/requests/${request.id}/project`, {
      projectId: created.body.id,
    });
    expect(linked.body.projectId).toBe(created.body.id);
    const project = await call<ProjectDetail>('land', 'GET', `/api/projects/${created.body.id}`);
    expect(project.body.requests).toBe(1);
    expect((await call('entA', 'GET', '/api/projects')).status).toBe(403);
    const invalid = await call<ErrorBody>('coordinator', 'POST', '/api/projects', {
      name: 'x',
      owner: 'y',
      department: 'z',
      uscc: 'bad',
    });
    expect([invalid.status, invalid.body.error.id]).toEqual([400, 'project.invalid']);
    const missing = await call<ErrorBody>('admin', 'GET', '/api/projects/999999');
    expect([missing.status, missing.body.error.id]).toEqual([404, 'project.not_found']);
  });
});
