import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeFacts } from '../src/core/profile/facts.ts';
import { evaluatePolicy } from '../src/core/rules/evaluate.ts';
import type { Policy } from '../src/core/rules/types.ts';
import { listFacts } from '../src/db/enterprises.repository.ts';
import type { EnterpriseFeed, NotificationPage } from '../src/server/api.ts';
import { buildApp } from '../src/server/app.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { importEnterprises } from '../src/services/enterprises/import.ts';
import type {
  EnterpriseGrantView,
  GrantEntryView,
  GrantListDetail,
  GrantNotice,
  GrantNoticeSummary,
} from '../src/services/grants/lists.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { QUALIFY_COLUMNS } from '../src/services/rules/qualify-export.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';
import { callApi, tokenFor } from './helpers/push.ts';

// A 免申即享 list through every state over real HTTP on both databases: made from authoritative facts only, reviewed
// (entries excluded and included with reasons), confirmed (frozen, exported, pushed to the inboxes), answered by the
// enterprises, paid, published (公示: names and amounts only) and archived, each step in the list's history; and
// every step out of turn refused with the state named.

const YEAR = 2026;
const QUALIFICATION = '专精特新中小企业';

/** 上海's auto-grant: 300,000 元 to a 专精特新 enterprise, on authoritative facts only. */
const GRANT: Policy = {
  ...regionAward('grant.sh-specialised', '310000', 300_000),
  title: '专精特新企业免申即享奖励（测试）',
  autoGrant: true,
  eligibility: { all: [{ regionWithin: ['310000'] }, { qualification: [QUALIFICATION] }] },
};

type ErrorBody = { error: { id: string; message: string } };

describe.each(DIALECTS)('免申即享 lists on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const tokens: Record<string, string> = {};
  /** 上海 enterprises without the qualification: A, C and D get it from a department, B reports it itself */
  let a: { id: number; uscc: string };
  let b: { id: number; uscc: string };
  let c: { id: number; uscc: string };
  let d: { id: number; uscc: string };
  let listId: number;

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 80 });
    const shanghai = (
      await database.db
        .selectFrom('enterprise')
        .select(['id', 'uscc', 'profile'])
        .where('region', 'like', '31%')
        .orderBy('id')
        .execute()
    ).filter((e) => !e.profile.includes(QUALIFICATION));
    expect(shanghai.length).toBeGreaterThanOrEqual(4);
    [a, b, c, d] = shanghai as unknown as [typeof a, typeof b, typeof c, typeof d];
    const csv = [a, c, d].map((e, i) => `${e.uscc},${QUALIFICATION}:${2022 + i}`).join('\n');
    const imported = await importEnterprises(
      database,
      { name: 'sjxw.csv', bytes: new TextEncoder().encode(`uscc,qualifications\n${csv}\n`) },
      { actor: 'test', source: '市经济信息化委', authoritative: true, asOf: `${YEAR}-01-10` },
    );
    expect(imported.accepted).toBe(3);
    expect(await publishPolicy(database, GRANT, 'test')).toMatchObject({ ok: true });
    for (const username of ['demo-admin', 'demo-operator', 'demo-coordinator', 'demo-enterprise']) {
      tokens[username] = await tokenFor(database, { username });
    }
    tokens.a = await tokenFor(database, { username: 'ent-a', uscc: a.uscc });
    tokens.b = await tokenFor(database, { username: 'ent-b', uscc: b.uscc });
    tokens.c = await tokenFor(database, { username: 'ent-c', uscc: c.uscc });
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const call = <T>(who: string | null, method: string, path: string, body?: unknown) =>
    callApi<T>(base, who === null ? null : tokens[who]!, method, path, body);

  /** The USCCs eligible on authoritative facts alone, by the one-by-one evaluator. */
  async function authoritativelyEligible(): Promise<string[]> {
    const rows = await database.db.selectFrom('enterprise').select(['id', 'uscc']).execute();
    const facts = await listFacts(
      database.db,
      rows.map((r) => r.id),
    );
    return rows
      .filter((row) => {
        const own = (facts.get(row.id) ?? []).filter((f) => f.provenance.authoritative);
        return evaluatePolicy(GRANT, mergeFacts(row.uscc, own).profile, { year: YEAR }).status === 'eligible';
      })
      .map((r) => r.uscc)
      .sort();
  }

  async function entries(filter = 'all'): Promise<GrantEntryView[]> {
    const page = await call<{ items: GrantEntryView[] }>(
      'demo-operator',
      'GET',
      `/api/grants/${listId}/entries?filter=${filter}&limit=500`,
    );
    expect(page.status).toBe(200);
    return page.body.items;
  }

  async function step(action: string, extra: Record<string, unknown> = {}) {
    return call<GrantListDetail & ErrorBody>('demo-operator', 'POST', `/api/grants/${listId}/transitions`, {
      action,
      ...extra,
    });
  }

  function expectRefused(answer: { status: number; body: unknown }, state: string, words: string): void {
    expect(answer.status).toBe(409);
    const { error } = answer.body as ErrorBody;
    expect(error.id).toBe('grant.illegal_transition');
    expect(error.message).toContain(`(${state})`);
    expect(error.message).toContain(words);
  }

  it('lists exactly the enterprises eligible on authoritative facts: a self-reported qualification is not enough', async () => {
    // B reports the qualification itself: matching counts it, 免申即享 does not.
    const reported = await call('b', 'POST', `/api/enterprises/${b.uscc}/facts`, {
      qualifications: [{ name: QUALIFICATION, year: 2024 }],
    });
    expect(reported.status).toBe(200);
    const feed = await call<EnterpriseFeed>('b', 'GET', `/api/enterprises/${b.uscc}/policies?year=${YEAR}`);
    expect(feed.body.matches.find((m) => m.policy.id === GRANT.id)?.status).toBe('eligible');

    const created = await call<GrantListDetail>('demo-operator', 'POST', '/api/grants', {
      policyId: GRANT.id,
      year: YEAR,
    });
    expect(created.status).toBe(201);
    listId = created.body.id;
    expect(created.body).toMatchObject({
      policy: { id: GRANT.id, version: 1, title: GRANT.title },
      run: 1,
      year: YEAR,
      state: 'compared',
      stateLabel: '系统比对',
      next: 'confirm',
      frozenAt: null,
    });
    const listed = (await entries()).map((e) => e.uscc).sort();
    expect(listed).toEqual(await authoritativelyEligible());
    expect(listed).toContain(a.uscc);
    expect(listed).toContain(c.uscc);
    expect(listed).not.toContain(b.uscc);
    expect(created.body.counts).toMatchObject({ entries: listed.length, included: listed.length });
    expect((await entries()).every((e) => e.amount?.max === 300_000)).toBe(true);

    // A second run of the same version is run 2.
    const again = await call<GrantListDetail>('demo-admin', 'POST', '/api/grants', { policyId: GRANT.id, year: YEAR });
    expect(again.body).toMatchObject({ run: 2, state: 'compared' });
  });

  it('refuses a policy that is not 免申即享, unknown, or outside the operator’s region', async () => {
    const plain = regionAward('grant.plain', '310000', 1000);
    expect(await publishPolicy(database, plain, 'test')).toMatchObject({ ok: true });
    const notAuto = await call<ErrorBody>('demo-operator', 'POST', '/api/grants', { policyId: plain.id });
    expect(notAuto.status).toBe(400);
    expect(notAuto.body.error).toMatchObject({ id: 'grant.invalid' });
    expect(notAuto.body.error.message).toContain('not marked autoGrant');
    expect((await call<ErrorBody>('demo-operator', 'POST', '/api/grants', { policyId: 'no.such' })).status).toBe(404);
    const suzhou = { ...regionAward('grant.suzhou', '320500', 1000), autoGrant: true };
    expect(await publishPolicy(database, suzhou, 'test')).toMatchObject({ ok: true });
    const outside = await call<ErrorBody>('demo-operator', 'POST', '/api/grants', { policyId: suzhou.id });
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain('your region (310000)');
    const adminList = await call<GrantListDetail>('demo-admin', 'POST', '/api/grants', { policyId: suzhou.id });
    expect(adminList.status).toBe(201);
    expect((await call<ErrorBody>('demo-operator', 'GET', `/api/grants/${adminList.body.id}`)).status).toBe(403);
    const visible = await call<{ id: number }[]>('demo-operator', 'GET', '/api/grants');
    expect(visible.body.map((l) => l.id)).not.toContain(adminList.body.id);
    for (const who of ['demo-coordinator', 'demo-enterprise']) {
      expect((await call(who, 'GET', '/api/grants')).status).toBe(403);
      expect((await call(who, 'POST', `/api/grants/${listId}/transitions`, { action: 'confirm' })).status).toBe(403);
    }
  });

  it('takes the list through every state, refusing each step out of turn', async () => {
    const all = await entries();
    const entryOf = (uscc: string) => all.find((e) => e.uscc === uscc)!;

    // 系统比对: review. Nothing later is allowed yet.
    expectRefused(await step('publish'), 'compared', 'only a list that is 自动兑付 (paying) can');
    expectRefused(
      await call('demo-operator', 'GET', `/api/grants/${listId}/export.xlsx`),
      'compared',
      'only a frozen list is exported',
    );
    const early = await call<ErrorBody>(
      'a',
      'POST',
      `/api/enterprises/${a.uscc}/grants/${entryOf(a.uscc).id}/response`,
      {
        answer: 'accept',
      },
    );
    expect(early.status).toBe(404); // not told yet
    expect((await call<EnterpriseGrantView[]>('a', 'GET', `/api/enterprises/${a.uscc}/grants`)).body).toEqual([]);
    const excludedOne = entryOf(d.uscc);
    const excluded = await call<GrantEntryView>(
      'demo-operator',
      'POST',
      `/api/grants/entries/${excludedOne.id}/exclude`,
      {
        reason: '企业已注销',
      },
    );
    expect(excluded.body).toMatchObject({ excluded: true, excludeReason: '企业已注销' });
    expectRefused(
      await call('demo-operator', 'POST', `/api/grants/entries/${excludedOne.id}/exclude`, { reason: '再次' }),
      'compared',
      'excluded already',
    );
    expect(
      (
        await call<GrantEntryView>('demo-operator', 'POST', `/api/grants/entries/${excludedOne.id}/include`, {
          reason: '核实有误',
        })
      ).body,
    ).toMatchObject({ excluded: false, excludeReason: null });
    await call('demo-operator', 'POST', `/api/grants/entries/${excludedOne.id}/exclude`, { reason: '存在失信记录' });
    const stale = await step('confirm', { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.id).toBe('grant.conflict');

    // 精准推送: frozen, exported, every included enterprise told in its inbox.
    const pushed = await step('confirm', { note: '经办人复核无误' });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ state: 'pushed', stateLabel: '精准推送', next: 'open_confirmation' });
    expect(pushed.body.frozenAt).not.toBeNull();
    expectRefused(
      await call('demo-operator', 'POST', `/api/grants/entries/${entryOf(a.uscc).id}/exclude`, { reason: 'x' }),
      'pushed',
      'the list is frozen once confirmed',
    );
    const inbox = await call<NotificationPage>('a', 'GET', `/api/enterprises/${a.uscc}/notifications`);
    const told = inbox.body.items.find((n) => n.policyId === GRANT.id && n.title.startsWith('免申即享'))!;
    expect(told).toMatchObject({ kind: 'eligible', amount: { min: 300_000, max: 300_000 } });
    expect(told.body).toContain('无需申请');
    const toldTo = await database.db
      .selectFrom('push_change')
      .innerJoin('enterprise', 'enterprise.id', 'push_change.enterprise_id')
      .select('enterprise.uscc')
      .where('push_change.kind', '=', 'grant')
      .where('push_change.policy_id', '=', GRANT.id)
      .execute();
    expect(toldTo.map((r) => r.uscc).sort()).toEqual(
      all
        .filter((e) => e.id !== excludedOne.id)
        .map((e) => e.uscc)
        .sort(),
    );
    const xlsx = await call('demo-operator', 'GET', `/api/grants/${listId}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      ...QUALIFY_COLUMNS,
      'response',
      'payment',
      'paid_amount',
      'paid_on',
      'payment_reference',
      'payment_reason',
    ]);
    expect(sheet.rowCount - 1).toBe(all.length - 1);

    // Answers are taken from the push on: A accepts at once.
    const mine = await call<EnterpriseGrantView[]>('a', 'GET', `/api/enterprises/${a.uscc}/grants`);
    expect(mine.body).toEqual([
      expect.objectContaining({
        id: entryOf(a.uscc).id,
        response: 'pending',
        list: expect.objectContaining({ state: 'pushed' }),
      }),
    ]);
    const accepted = await call<EnterpriseGrantView>(
      'a',
      'POST',
      `/api/enterprises/${a.uscc}/grants/${entryOf(a.uscc).id}/response`,
      {
        answer: 'accept',
      },
    );
    expect(accepted.body).toMatchObject({ response: 'accepted' });
    // Not someone else's entry, not for someone else's enterprise, and not by staff.
    expect(
      (
        await call('a', 'POST', `/api/enterprises/${a.uscc}/grants/${entryOf(c.uscc).id}/response`, {
          answer: 'decline',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('a', 'POST', `/api/enterprises/${c.uscc}/grants/${entryOf(c.uscc).id}/response`, {
          answer: 'decline',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('demo-admin', 'POST', `/api/enterprises/${c.uscc}/grants/${entryOf(c.uscc).id}/response`, {
          answer: 'decline',
        })
      ).status,
    ).toBe(403);

    // 意愿确认
    expectRefused(await step('start_payment'), 'pushed', 'the next step of this list is open_confirmation');
    const confirming = await step('open_confirmation', { respondBy: `${YEAR}-06-30` });
    expect(confirming.body).toMatchObject({ state: 'confirming', stateLabel: '意愿确认', respondBy: `${YEAR}-06-30` });
    const declined = await call<EnterpriseGrantView>(
      'c',
      'POST',
      `/api/enterprises/${c.uscc}/grants/${entryOf(c.uscc).id}/response`,
      {
        answer: 'decline',
        reason: '已享受同类政策',
      },
    );
    expect(declined.body).toMatchObject({ response: 'declined', respondBy: `${YEAR}-06-30` });

    // 自动兑付: accepted entries await payment; the unanswered are recorded as such.
    const paying = await step('start_payment');
    expect(paying.body).toMatchObject({ state: 'paying', stateLabel: '自动兑付' });
    expect(paying.body.counts).toMatchObject({ accepted: 1, declined: 1, awaitingPayment: 1, pending: 0 });
    expect(paying.body.counts.noResponse).toBe(all.length - 3);
    expectRefused(
      await call('a', 'POST', `/api/enterprises/${a.uscc}/grants/${entryOf(a.uscc).id}/response`, {
        answer: 'decline',
      }),
      'paying',
      'answers are taken while',
    );
    expectRefused(await step('publish'), 'paying', '1 accepted entries have no payment outcome yet');
    expectRefused(
      await call('demo-operator', 'POST', `/api/grants/entries/${entryOf(c.uscc).id}/payment`, {
        status: 'paid',
        paidOn: `${YEAR}-07-01`,
        reference: 'X',
      }),
      'paying',
      'declined, not accepted',
    );
    const failed = await call<GrantEntryView>(
      'demo-operator',
      'POST',
      `/api/grants/entries/${entryOf(a.uscc).id}/payment`,
      {
        status: 'failed',
        reason: '银行账户信息有误',
      },
    );
    expect(failed.body).toMatchObject({ payment: 'failed', paymentReason: '银行账户信息有误' });
    const paid = await call<GrantEntryView>(
      'demo-operator',
      'POST',
      `/api/grants/entries/${entryOf(a.uscc).id}/payment`,
      {
        status: 'paid',
        paidOn: `${YEAR}-07-02`,
        reference: 'ZF2026070200017',
      },
    );
    expect(paid.body).toMatchObject({ payment: 'paid', paidAmount: 300_000, paidOn: `${YEAR}-07-02` });

    // 公示归档: the public notice names the paid enterprises and their sums, nothing more.
    expect((await call<ErrorBody>(null, 'GET', `/api/grants/${listId}/notice`)).status).toBe(404);
    const published = await step('publish');
    expect(published.body).toMatchObject({ state: 'published', stateLabel: '公示归档', next: 'archive' });
    const notice = await call<GrantNotice>(null, 'GET', `/api/grants/${listId}/notice`);
    expect(notice.status).toBe(200);
    const name = (
      await database.db.selectFrom('enterprise').select('name').where('id', '=', a.id).executeTakeFirstOrThrow()
    ).name;
    expect(notice.body).toMatchObject({ count: 1, total: 300_000, entries: [{ name, amount: 300_000 }] });
    expect(Object.keys(notice.body.entries[0]!)).toEqual(['name', 'amount']);
    expect(notice.text).not.toMatch(/[0-9A-HJ-NPQRTUWXY]{18}/);
    const notices = await call<GrantNoticeSummary[]>(null, 'GET', '/api/grants/notices');
    expect(notices.body.map((n) => n.id)).toContain(listId);
    const archived = await step('archive');
    expect(archived.body).toMatchObject({ state: 'archived', next: null });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await call(null, 'GET', `/api/grants/${listId}/notice`)).status).toBe(200);
    for (const action of ['confirm', 'open_confirmation', 'start_payment', 'publish', 'archive']) {
      expectRefused(await step(action), 'archived', 'this list is finished');
    }

    // The history: every step, who took it, from which state to which.
    const history = archived.body.history;
    const transitions = history.filter((h) =>
      ['grant.confirm', 'grant.open_confirmation', 'grant.start_payment', 'grant.publish', 'grant.archive'].includes(
        h.action,
      ),
    );
    expect(transitions.map((h) => [h.detail.from, h.detail.to])).toEqual([
      ['compared', 'pushed'],
      ['pushed', 'confirming'],
      ['confirming', 'paying'],
      ['paying', 'published'],
      ['published', 'archived'],
    ]);
    expect(transitions.every((h) => h.actor === 'account:demo-operator')).toBe(true);
    expect(history.map((h) => h.action)).toEqual([
      'grant.compare',
      'grant.exclude',
      'grant.include',
      'grant.exclude',
      'grant.confirm',
      'grant.respond',
      'grant.open_confirmation',
      'grant.respond',
      'grant.start_payment',
      'grant.payment',
      'grant.payment',
      'grant.publish',
      'grant.archive',
    ]);
    expect(history.find((h) => h.action === 'grant.confirm')!.detail).toMatchObject({
      note: '经办人复核无误',
      notified: all.length - 1,
    });
    expect(history.filter((h) => h.action === 'grant.respond').map((h) => h.actor)).toEqual([
      'account:ent-a',
      'account:ent-c',
    ]);
  });
});
