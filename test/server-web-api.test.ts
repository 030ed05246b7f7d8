import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import { regionWithin } from '../src/core/regions/region-table.ts';
import { findAccountByUsername } from '../src/db/accounts.repository.ts';
import type { Role } from '../src/db/schema.ts';
import type {
  ArticleView,
  Dashboard,
  EnterpriseFeed,
  Match,
  MatchReport,
  NotificationPage,
  PolicySourceLocation,
  PublishResult,
  QualifyingPage,
  RulePreview,
  SourceView,
  WithdrawResult,
} from '../src/server/api.ts';
import { buildApp } from '../src/server/app.ts';
import { presentAccount } from '../src/services/accounts/accounts.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { firstDemoUscc } from '../src/services/accounts/demo-accounts.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { QUALIFY_COLUMNS } from '../src/services/rules/qualify-export.ts';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';

// The routes the web app reads and writes, over real HTTP on both databases seeded as `zhida serve` seeds one:
// what each answer holds, that the writes land (and nothing when refused), and that the figures agree.

/** The year publishing refreshes and the demo seed stores matches for. */
const YEAR = new Date().getFullYear();
const USERS: Record<Role, string> = {
  admin: 'demo-admin',
  policy_operator: 'demo-operator',
  service_coordinator: 'demo-coordinator',
  enterprise_user: 'demo-enterprise',
};

const NOTICE = `苏州市支持企业创新发展若干措施

苏州市科技局近日印发《苏州市支持企业创新发展若干措施》。一是对新认定的高新技术企业给予一次性奖励20万元。二是对企业研发投入按照实际发生额的10%给予补助，最高不超过500万元。三是对首次入选专精特新的企业奖励50万元。
`;

/** The 苏州 award the tests publish, update and withdraw; the first demo enterprise (苏州吴江) qualifies. */
const AWARD = regionAward('web.suzhou-award', '320500', 100_000);

describe.each(DIALECTS)('web API on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const tokens = new Map<Role, string>();
  const own = firstDemoUscc();

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 40 });
    for (const [role, username] of Object.entries(USERS) as [Role, string][]) {
      const account = presentAccount((await findAccountByUsername(database.db, username))!);
      tokens.set(role, (await createApiToken(database, 'test', account, 'web api test')).token);
    }
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function call<T>(
    role: Role | null,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; body: T; headers: Headers; bytes: ArrayBuffer }> {
    const headers: Record<string, string> = {};
    if (role !== null) headers.authorization = `Bearer ${tokens.get(role)!}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const payload =
      body === undefined
        ? undefined
        : typeof body === 'string' || body instanceof Uint8Array
          ? body
          : JSON.stringify(body);
    const response = await fetch(base + path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const bytes = await response.arrayBuffer();
    const text = new TextDecoder().decode(bytes);
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
    return { status: response.status, body: json as T, headers: response.headers, bytes };
  }

  /** Enterprises of the demo population within `region`, from the staff list. */
  async function enterprisesWithin(region: string): Promise<string[]> {
    const list = await call<{ items: { uscc: string; region: string }[] }>(
      'admin',
      'GET',
      '/api/enterprises?limit=100',
    );
    return list.body.items.filter((e) => regionWithin(e.region, region)).map((e) => e.uscc);
  }

  async function auditActions(actor: string): Promise<string[]> {
    const rows = await database.db.selectFrom('audit_log').select('action').where('actor', '=', actor).execute();
    return rows.map((r) => r.action);
  }

  it('feeds an enterprise every published policy, eligible first, with counts, total and wanted facts', async () => {
    const rules = await call<{ id: string }[]>(null, 'GET', '/api/rules');
    const usccs = (await call<{ items: { uscc: string }[] }>('admin', 'GET', '/api/enterprises?limit=20')).body.items;
    let wantedSeen = 0;
    for (const { uscc } of usccs) {
      const { status, body: feed } = await call<EnterpriseFeed>(
        'admin',
        'GET',
        `/api/enterprises/${uscc}/policies?year=${YEAR}`,
      );
      expect(status).toBe(200);
      expect(feed.enterprise.uscc).toBe(uscc);
      expect(feed.year).toBe(YEAR);
      const matches = feed.matches;
      expect(matches).toHaveLength(rules.body.length);
      expect(feed.counts.eligible + feed.counts.unknown + feed.counts.ineligible).toBe(matches.length);
      const rank = { eligible: 0, unknown: 1, ineligible: 2 };
      const ranks = matches.map((m) => rank[m.status]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      const eligible = matches.filter((m) => m.status === 'eligible' && m.amount !== null);
      expect(feed.total).toEqual(
        eligible.length === 0
          ? null
          : {
              min: eligible.reduce((n, m) => n + m.amount!.min, 0),
              max: eligible.reduce((n, m) => n + m.amount!.max, 0),
            },
      );
      for (const { fact, policies } of feed.wanted) {
        expect(matches.filter((m) => m.status === 'unknown' && m.missing.includes(fact))).toHaveLength(policies);
      }
      const counts = feed.wanted.map((w) => w.policies);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      wantedSeen += feed.wanted.length;
    }
    expect(wantedSeen).toBeGreaterThan(0);

    // The same report as matching the stored profile through POST /api/match: each policy in the same order with
    // the same status, sum and missing facts, and its trace and sources from the route for that one policy.
    const profile = await call<{ profile: unknown }>('enterprise_user', 'GET', `/api/enterprises/${own}/profile`);
    const matched = await call<MatchReport>(null, 'POST', '/api/match', { profile: profile.body.profile, year: YEAR });
    const feed = await call<EnterpriseFeed>('enterprise_user', 'GET', `/api/enterprises/${own}/policies?year=${YEAR}`);
    expect(feed.body.matches).toEqual(
      matched.body.matches.map(({ policy, status, amount, missing }) => ({
        policy: { id: policy.id, title: policy.title, regions: policy.regions },
        status,
        amount,
        missing,
      })),
    );
    for (const match of matched.body.matches) {
      const path = `/api/enterprises/${own}/policies/${encodeURIComponent(match.policy.id)}?year=${YEAR}`;
      const why = await call<Match>('enterprise_user', 'GET', path);
      expect(why.status).toBe(200);
      expect(why.body).toEqual(match);
    }
    expect(feed.body.enterprise.regionName).toMatch(/^江苏省苏州市/);
    // fetch asks for gzip: the cached answer comes gzipped; a client that does not gets the same JSON as it is.
    expect(feed.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(`${base}/api/enterprises/${own}/policies?year=${YEAR}`, {
      headers: { authorization: `Bearer ${tokens.get('enterprise_user')!}`, 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(feed.body);
  });

  it('shows a profile with the provenance of its facts, and 404 for a code no enterprise has', async () => {
    const { status, body } = await call<{
      profile: { uscc: string };
      provenance: Record<string, { source: string }>;
      facts: unknown[];
    }>('enterprise_user', 'GET', `/api/enterprises/${own}/profile`);
    expect(status).toBe(200);
    expect(body.profile.uscc).toBe(own);
    expect(body.provenance.region?.source).toBeTruthy();
    expect(body.facts.length).toBeGreaterThan(0);
    const unknown = makeUscc({ region: '310115', body: 'MA1K4AB0' });
    for (const path of ['profile', 'policies', 'policies/sh-mfg.basic-research', 'notifications']) {
      const answer = await call<{ error: { id: string } }>('admin', 'GET', `/api/enterprises/${unknown}/${path}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.id).toBe('enterprise.not_found');
    }
    // Why, for a policy that is not published: 404 as well.
    const why = await call<{ error: { id: string } }>(
      'admin',
      'GET',
      `/api/enterprises/${own}/policies/no.such-policy`,
    );
    expect(why.status).toBe(404);
    expect(why.body.error.id).toBe('policy.not_found');
  });

  it('uploads a document into the library, the same bytes again unchanged, and refuses bad bytes', async () => {
    const sources = () => countRows(database.db, 'policy_source');
    const before = await sources();
    const first = await call<SourceView>(
      'policy_operator',
      'POST',
      '/api/policies/documents?name=notice.txt',
      NOTICE,
      'text/plain',
    );
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('new');
    expect(first.body.source).toMatchObject({ name: 'notice.txt', version: 1, articles: 1, measures: 3 });
    const article = first.body.articles[0]!;
    expect(article.regions).toEqual([{ code: '320500', name: '江苏省苏州市' }]);
    expect(article.measures.map((m) => m.text)).toEqual([
      '对新认定的高新技术企业给予一次性奖励20万元。',
      '对企业研发投入按照实际发生额的10%给予补助，最高不超过500万元。',
      '对首次入选专精特新的企业奖励50万元。',
    ]);
    for (const m of article.measures) expect(article.text.slice(m.start, m.end)).toContain(m.text.slice(0, -1));
    for (const a of article.amounts) expect(article.text.slice(a.start, a.end)).toBe(a.text);
    expect(article.text.startsWith('苏州市支持企业创新发展若干措施')).toBe(true);
    expect(await sources()).toBe(before + 1);
    expect(await auditActions('account:demo-operator')).toContain('policy_source.create');

    const again = await call<SourceView>(
      'admin',
      'POST',
      '/api/policies/documents?name=notice.txt',
      NOTICE,
      'text/plain',
    );
    expect(again.body.status).toBe('unchanged');
    expect(again.body.source).toEqual(first.body.source);
    expect(await sources()).toBe(before + 1);

    const listed = await call<{ id: number; name: string }[]>('service_coordinator', 'GET', '/api/policies/sources');
    expect(listed.body[0]).toEqual(first.body.source);
    const shown = await call<SourceView>('enterprise_user', 'GET', `/api/policies/sources/${first.body.source.id}`);
    expect(shown.body).toEqual({ source: first.body.source, articles: first.body.articles });
    const one = await call<ArticleView>(null, 'GET', `/api/policies/articles/${article.id}`);
    expect(one.body).toEqual(article);
    expect((await call(null, 'GET', '/api/policies/articles/999999')).status).toBe(404);

    const tables = ['policy_source', 'policy_source_version', 'policy_article', 'policy_blob', 'audit_log'] as const;
    const counts = async () => Promise.all(tables.map((t) => countRows(database.db, t)));
    const unchanged = await counts();
    const bad: [Uint8Array | string, string, string][] = [
      [new Uint8Array(), 'application/octet-stream', 'input.empty'],
      [
        new Uint8Array([0, 1, 2, 3, 0, 0, 0x7f, 0, 0xff, 0, 1, 2, 3, 4, 5, 0]),
        'application/octet-stream',
        'input.binary',
      ],
    ];
    for (const [bytes, type, id] of bad) {
      const refused = await call<{ error: { id: string; message: string } }>(
        'admin',
        'POST',
        '/api/policies/documents?name=bad.bin',
        bytes,
        type,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.id).toBe(id);
      const extracted = await call<{ error: { id: string; message: string } }>(
        'admin',
        'POST',
        '/api/extract',
        bytes,
        type,
      );
      expect(refused.body.error).toEqual(extracted.body.error);
    }
    expect(await counts()).toEqual(unchanged);
  });

  it('previews a valid policy (who would qualify, nothing stored) and an invalid one (its errors)', async () => {
    const suzhou = await enterprisesWithin('320500');
    expect(suzhou).toContain(own);
    const preview = await call<RulePreview>('admin', 'POST', '/api/rules/preview', { policy: AWARD, year: YEAR });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      valid: true,
      year: YEAR,
      enterprises: 40,
      counts: { eligible: suzhou.length, unknown: 0 },
      total: { min: suzhou.length * 100_000, max: suzhou.length * 100_000 },
    });
    if (preview.body.valid) expect(preview.body.sample.map((e) => e.uscc).sort()).toEqual([...suzhou].sort());
    expect(await database.db.selectFrom('policy').select('id').where('id', '=', AWARD.id).execute()).toEqual([]);

    // An operator previews over its own region only: no 苏州 enterprise there.
    const scoped = await call<RulePreview>('policy_operator', 'POST', '/api/rules/preview', { policy: AWARD });
    expect(scoped.body).toMatchObject({ valid: true, counts: { eligible: 0 }, total: null });
    if (scoped.body.valid) expect(scoped.body.enterprises).toBe((await enterprisesWithin('310000')).length);

    const invalid = await call<RulePreview>('admin', 'POST', '/api/rules/preview', {
      policy: { ...AWARD, regions: [] },
    });
    expect(invalid.status).toBe(200);
    expect(invalid.body.valid).toBe(false);
    if (!invalid.body.valid) expect(invalid.body.errors.map((e) => e.path)).toContain('regions');
  });

  it('publishes, notifies, lists who qualifies (JSON and XLSX), updates and withdraws a policy', async () => {
    const suzhou = await enterprisesWithin('320500');
    const published = await call<PublishResult>('admin', 'POST', '/api/rules', { policy: AWARD });
    expect(published.status).toBe(200);
    expect(published.body).toEqual({
      id: AWARD.id,
      version: 1,
      status: 'new',
      notified: { eligible: suzhou.length, amount_changed: 0, ineligible: 0 },
    });

    // The enterprise reads its notification and marks it read.
    const path = `/api/enterprises/${own}/notifications`;
    const inbox = await call<NotificationPage>('enterprise_user', 'GET', path);
    const note = inbox.body.items.find((n) => n.policyId === AWARD.id)!;
    expect(note).toMatchObject({ kind: 'eligible', amount: { min: 100_000, max: 100_000 }, readAt: null });
    expect(note.title).toContain(AWARD.title);
    expect(inbox.body.unread).toBeGreaterThan(0);
    const read = await call('enterprise_user', 'POST', `${path}/${note.id}/read`);
    expect(read.status).toBe(204);
    const after = await call<NotificationPage>('enterprise_user', 'GET', path);
    expect(after.body.unread).toBe(inbox.body.unread - 1);
    expect(after.body.items.find((n) => n.id === note.id)!.readAt).not.toBeNull();
    expect(await auditActions('account:demo-enterprise')).toContain('notification.read');

    const same = await call<PublishResult>('admin', 'POST', '/api/rules', { policy: AWARD });
    expect(same.body).toMatchObject({
      status: 'unchanged',
      notified: { eligible: 0, amount_changed: 0, ineligible: 0 },
    });
    const raised = regionAward(AWARD.id, '320500', 200_000, 2);
    const updated = await call<PublishResult>('admin', 'POST', '/api/rules', { policy: raised });
    expect(updated.body).toMatchObject({ version: 2, status: 'updated' });
    expect(updated.body.notified).toEqual({ eligible: 0, amount_changed: suzhou.length, ineligible: 0 });
    const changed = await call<NotificationPage>('enterprise_user', 'GET', path);
    expect(changed.body.items[0]).toMatchObject({ kind: 'amount_changed', amount: { min: 200_000, max: 200_000 } });

    const page = await call<QualifyingPage>(
      'service_coordinator',
      'GET',
      `/api/rules/${AWARD.id}/qualifying?year=${YEAR}`,
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      policy: { id: AWARD.id, version: 2, status: 'published' },
      year: YEAR,
      counts: { eligible: suzhou.length, unknown: 0 },
      amount: { min: suzhou.length * 200_000, max: suzhou.length * 200_000 },
      total: suzhou.length,
    });
    expect(page.body.items.map((e) => e.uscc).sort()).toEqual([...suzhou].sort());
    const second = await call<QualifyingPage>('admin', 'GET', `/api/rules/${AWARD.id}/qualifying?limit=1&offset=1`);
    expect(second.body.items).toEqual(page.body.items.slice(1, 2));

    const xlsx = await call<string>('admin', 'GET', `/api/rules/${AWARD.id}/qualifying.xlsx?year=${YEAR}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="qualifying-web\\.suzhou-award-${YEAR}\\.xlsx"; filename\\*=UTF-8''`),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([...QUALIFY_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(page.body.items.map((e) => e.uscc));
    expect(rows.slice(1).every((r) => r[4] === 'eligible' && r[6] === 200_000)).toBe(true);

    const stored = () =>
      database.db.selectFrom('policy_match').select(['amount_max']).where('policy_id', '=', AWARD.id).execute();
    expect((await stored()).map((r) => r.amount_max)).toEqual(suzhou.map(() => 200_000));

    const withdrawn = await call<WithdrawResult>('admin', 'POST', `/api/rules/${AWARD.id}/withdraw`, {
      reason: 'test',
    });
    expect(withdrawn.body).toEqual({ id: AWARD.id, changed: true });
    expect(await stored()).toEqual([]);
    const told = await call<NotificationPage>('enterprise_user', 'GET', path);
    expect(told.body.items[0]).toMatchObject({ kind: 'ineligible', policyId: AWARD.id, amount: null });
    const twice = await call<WithdrawResult>('admin', 'POST', `/api/rules/${AWARD.id}/withdraw`);
    expect(twice.body).toEqual({ id: AWARD.id, changed: false });
    expect((await call(null, 'GET', `/api/rules/${AWARD.id}`)).status).toBe(404);
    const managed = await call<{ summary: { status: string } }>('policy_operator', 'GET', `/api/rules/${AWARD.id}`);
    expect(managed.body.summary.status).toBe('withdrawn');
    // The list: withdrawn policies are listed with status=all, for those who manage policies only.
    const listed = async (role: Role | null, query: string) =>
      call<{ id: string; status: string }[]>(role, 'GET', `/api/rules${query}`);
    expect((await listed(null, '')).body.some((p) => p.id === AWARD.id)).toBe(false);
    expect((await listed('policy_operator', '?status=all')).body.find((p) => p.id === AWARD.id)?.status).toBe(
      'withdrawn',
    );
    expect((await listed('enterprise_user', '?status=all')).status).toBe(403);
    expect((await listed(null, '?status=all')).status).toBe(401);
    expect((await call('admin', 'POST', '/api/rules/no.such-policy/withdraw')).status).toBe(404);

    const actions = await auditActions('account:demo-admin');
    for (const action of ['policy.publish', 'policy.update', 'policy.withdraw', 'match.refresh_policy']) {
      expect(actions).toContain(action);
    }
  });

  it('refuses an invalid policy with its errors, and an operator a policy outside its region, storing nothing', async () => {
    const counts = async () =>
      Promise.all(
        (['policy', 'policy_version', 'audit_log', 'notification'] as const).map((t) => countRows(database.db, t)),
      );
    const before = await counts();
    const invalid = await call<{ error: { id: string; message: string; errors: { path: string }[] } }>(
      'admin',
      'POST',
      '/api/rules',
      { policy: { ...AWARD, id: 'web.invalid', regions: [] } },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.id).toBe('rules.invalid');
    expect(invalid.body.error.errors.map((e) => e.path)).toContain('regions');
    expect(invalid.body.error.message).toContain('regions:');

    const outside = regionAward('web.operator-outside', '320500', 1000);
    const refused = await call<{ error: { id: string } }>('policy_operator', 'POST', '/api/rules', { policy: outside });
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe('auth.forbidden');
    // Nor may the operator withdraw (or republish) a policy of another region.
    const pack = await call<{ id: string; regions: string[] }[]>(null, 'GET', '/api/rules');
    const jiangsu = pack.body.find((p) => p.regions.includes('320000'))!;
    expect((await call('policy_operator', 'POST', `/api/rules/${jiangsu.id}/withdraw`)).status).toBe(403);
    expect(await counts()).toEqual(before);

    const inside = regionAward('web.operator-inside', '310000', 1000);
    const accepted = await call<PublishResult>('policy_operator', 'POST', '/api/rules', { policy: inside });
    expect(accepted.body).toMatchObject({ id: inside.id, status: 'new' });
    expect(await auditActions('account:demo-operator')).toContain('policy.publish');
  });

  it('finds where each source sentence is printed: exactly, or its longest printed prefix', async () => {
    const rules = await call<{ id: string }[]>(null, 'GET', '/api/rules');
    const locations = await call<PolicySourceLocation[]>(null, 'GET', `/api/rules/${rules.body[0]!.id}/sources`);
    expect(locations.status).toBe(200);
    expect(locations.body.length).toBeGreaterThan(0);
    for (const { source, found } of locations.body) {
      expect(found).not.toBeNull();
      expect(found!.article.text.slice(found!.highlight.start, found!.highlight.end)).toBe(source.text.trim());
      expect(found!.article.current).toBe(true);
    }
    const article = await call<ArticleView>(
      null,
      'GET',
      `/api/policies/articles/${locations.body[0]!.found!.article.id}`,
    );
    expect(article.body).toEqual(locations.body[0]!.found!.article);

    // A sentence the notice prints with another ending: the longest printed prefix is highlighted.
    const printed = '对新认定的高新技术企业给予一次性奖励20万元';
    const policy = {
      ...regionAward('web.prefix', '320500', 200_000),
      sources: [
        { document: null, article: '苏州市支持企业创新发展若干措施', measure: 1, text: `${printed}，每家仅限一次。` },
      ],
      eligibility: { regionWithin: ['320500'], source: printed },
      benefit: { kind: 'fixed' as const, amount: 200_000, source: printed },
    };
    expect((await call('admin', 'POST', '/api/rules', { policy })).status).toBe(200);
    const prefix = await call<PolicySourceLocation[]>(null, 'GET', '/api/rules/web.prefix/sources');
    const found = prefix.body[0]!.found!;
    expect(found.article.title).toBe('苏州市支持企业创新发展若干措施');
    expect(found.article.text.slice(found.highlight.start, found.highlight.end)).toBe(
      `${printed}。`.slice(0, printed.length),
    );
  });

  it("sums the year's stored matches on the dashboard as the qualifying lists and policy_match rows do", async () => {
    const { status, body } = await call<Dashboard>('enterprise_user', 'GET', `/api/dashboard?year=${YEAR}`);
    expect(status).toBe(200);
    expect(body.matches.year).toBe(YEAR);
    expect(body.matches.computedAt).not.toBeNull();
    const rules = await call<{ id: string }[]>(null, 'GET', '/api/rules');
    expect(body.library.policies).toBe(rules.body.length);

    const rows = await database.db
      .selectFrom('policy_match')
      .select(['amount_min', 'amount_max'])
      .where('year', '=', YEAR)
      .where('status', '=', 'eligible')
      .execute();
    const sum = (list: { count: number; amount: { min: number; max: number } }[]) => ({
      count: list.reduce((n, g) => n + g.count, 0),
      min: list.reduce((n, g) => n + g.amount.min, 0),
      max: list.reduce((n, g) => n + g.amount.max, 0),
    });
    const stored = {
      count: rows.length,
      min: rows.reduce((n, r) => n + (r.amount_min ?? 0), 0),
      max: rows.reduce((n, r) => n + (r.amount_max ?? 0), 0),
    };
    expect(stored.count).toBeGreaterThan(0);
    expect(sum(body.matches.byDistrict)).toEqual(stored);
    expect(sum(body.matches.byIndustry)).toEqual(stored);

    // The qualifying lists compute the same matches now, from the profiles.
    const live = { count: 0, min: 0, max: 0 };
    for (const { id } of rules.body) {
      const page = await call<QualifyingPage>('admin', 'GET', `/api/rules/${id}/qualifying?year=${YEAR}&limit=1`);
      live.count += page.body.counts.eligible;
      live.min += page.body.amount?.min ?? 0;
      live.max += page.body.amount?.max ?? 0;
    }
    expect(live).toEqual(stored);

    for (const district of body.matches.byDistrict) expect(district.name).toMatch(/^\S+(省|市|自治区)/);
    for (const industry of body.matches.byIndustry) expect(industry.key).toMatch(/^[A-T]$/);
    const articles = await database.db.selectFrom('policy_article').select('id').where('current', '=', 1).execute();
    expect(body.library.bySection.reduce((n, s) => n + s.count, 0)).toBe(articles.length);
  });
});
