import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import { DEFAULT_CATEGORIES } from '../src/core/requests/categories.ts';
import { CHINA_2026 } from '../src/core/requests/china-2026.ts';
import { regionWithin } from '../src/core/regions/region-table.ts';
import type { Role } from '../src/db/schema.ts';
import { buildApp } from '../src/server/app.ts';
import { findAccountByUsername } from '../src/db/accounts.repository.ts';
import { findEnterpriseRegion } from '../src/db/enterprises.repository.ts';
import { insertNotifications } from '../src/db/notifications.repository.ts';
import { presentAccount } from '../src/services/accounts/accounts.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { firstDemoUscc } from '../src/services/accounts/demo-accounts.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { generatePopulation } from '../src/services/enterprises/population.ts';
import { createGrantList } from '../src/services/grants/lists.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';

// Every route of the OpenAPI document, called as an anonymous caller and as each role (session cookie with the
// CSRF header, and bearer token), on a database seeded as `zhida serve` seeds a fresh one: the demo accounts
// are the callers. The table below is the access policy; a route it does not know fails the test.

const ROLES: Role[] = ['admin', 'policy_operator', 'service_coordinator', 'enterprise_user'];

/**
 * 'public': anyone, signed in or not; 'signed-in': any account; a list: those roles only; 'tenant': any account for
 * an enterprise it may see ({uscc} is the caller's own enterprise, or for staff one within its scope).
 */
type Access = 'public' | 'signed-in' | 'tenant' | readonly Role[];

interface RouteCase {
  access: Access;
  /** the statuses a caller who is let in may get (a 404 for someone else's token is a refusal by design) */
  ok: readonly number[];
  query?: string;
  body?: unknown;
  /** default application/json when there is a body */
  contentType?: string;
  /** what {id} stands for, when not the first published policy (rules) or 1; 'rule': that policy elsewhere too */
  id?: 'own-policy' | 'own-notification' | 'rule';
}

const PROFILE_USCC = makeUscc({ region: '310115', body: 'MA1K4AB0' });

/** The demo operator's region (demo-accounts.ts) and a policy within it, published before the calls. */
const OPERATOR_REGION = '310000';
const OWN_POLICY = regionAward('access.shanghai-award', OPERATOR_REGION, 50_000);
/** A 免申即享 policy within the operator's region: 免申即享 list 1 is its run, made before the calls. */
const GRANT_POLICY = { ...regionAward('access.shanghai-grant', OPERATOR_REGION, 30_000), autoGrant: true };

/** The first demo enterprise within the operator's region: what the operator calls {uscc} routes with. */
const OPERATOR_USCC = [...generatePopulation(20, 1)].find((e) => regionWithin(e.profile.region, OPERATOR_REGION))!
  .profile.uscc;
/** Another demo enterprise than the enterprise user's own. */
const OTHER_USCC = [...generatePopulation(20, 1)][1]!.profile.uscc;

const ROUTES: Record<string, RouteCase> = {
  'GET /': { access: 'public', ok: [200] },
  'GET /healthz': { access: 'public', ok: [200] },
  'GET /readyz': { access: 'public', ok: [200] },
  'GET /api/openapi.json': { access: 'public', ok: [200] },
  'POST /api/extract': {
    access: 'public',
    ok: [200],
    query: '?name=notice.txt',
    body: '第一条 对新认定的高新技术企业给予一次性奖励20万元。',
    contentType: 'text/plain',
  },
  'POST /api/auth/login': {
    access: 'public',
    ok: [200],
    body: { username: 'demo-admin', password: 'demo-admin-2026' },
  },
  'POST /api/auth/logout': { access: 'signed-in', ok: [204] },
  'GET /api/auth/me': { access: 'signed-in', ok: [200] },
  'POST /api/auth/tokens': { access: 'signed-in', ok: [201], body: { name: 'access test' } },
  // Token 1 is the administrator's throwaway: another account is told it does not exist.
  'DELETE /api/auth/tokens/{id}': { access: 'signed-in', ok: [204, 404] },
  'GET /api/audit': { access: ['admin'], ok: [200] },
  'GET /api/policies/search': { access: 'public', ok: [200], query: '?q=' + encodeURIComponent('补贴') },
  'GET /api/policies/stats': { access: 'public', ok: [200] },
  'GET /api/rules': { access: 'public', ok: [200] },
  'GET /api/rules/{id}': { access: 'public', ok: [200] },
  'POST /api/match': {
    access: 'public',
    ok: [200],
    body: { year: 2026, profile: { uscc: PROFILE_USCC, name: '示例企业', region: '310115' } },
  },
  'GET /api/rules/{id}/sources': { access: 'public', ok: [200] },
  'GET /api/policies/articles/{id}': { access: 'public', ok: [200] },
  'GET /api/policies/sources': { access: 'signed-in', ok: [200] },
  'GET /api/policies/sources/{id}': { access: 'signed-in', ok: [200] },
  'POST /api/policies/documents': {
    access: ['admin', 'policy_operator'],
    ok: [200],
    query: '?name=access-notice.txt',
    body: '第一条 对新认定的高新技术企业给予一次性奖励20万元。',
    contentType: 'text/plain',
  },
  'POST /api/rules/preview': {
    access: ['admin', 'policy_operator'],
    ok: [200],
    body: { policy: OWN_POLICY, year: 2026 },
  },
  'POST /api/rules': { access: ['admin', 'policy_operator'], ok: [200], body: { policy: OWN_POLICY } },
  'POST /api/rules/{id}/withdraw': {
    access: ['admin', 'policy_operator'],
    ok: [200],
    body: { reason: 'access test' },
    id: 'own-policy',
  },
  'GET /api/rules/{id}/qualifying': {
    access: ['admin', 'policy_operator', 'service_coordinator'],
    ok: [200],
    query: '?year=2026',
  },
  'GET /api/rules/{id}/qualifying.xlsx': {
    access: ['admin', 'policy_operator', 'service_coordinator'],
    ok: [200],
    query: '?year=2026',
  },
  'GET /api/enterprises': { access: ['admin', 'policy_operator', 'service_coordinator'], ok: [200] },
  'GET /api/enterprises/{uscc}/profile': { access: 'tenant', ok: [200] },
  'GET /api/enterprises/{uscc}/policies': { access: 'tenant', ok: [200], query: '?year=2026' },
  'GET /api/enterprises/{uscc}/policies/{id}': { access: 'tenant', ok: [200], query: '?year=2026', id: 'rule' },
  'GET /api/enterprises/{uscc}/notifications': { access: 'tenant', ok: [200] },
  // The notification belongs to the first demo enterprise: the operator, calling for another, is told none exists.
  'POST /api/enterprises/{uscc}/notifications/{id}/read': { access: 'tenant', ok: [204, 404], id: 'own-notification' },
  'GET /api/dashboard': { access: 'signed-in', ok: [200] },
  // Requests (诉求): request 1 is the demo enterprise's, assigned to 市发展改革委 (demo-seed). The demo operator is
  // the department account of 上海市经济和信息化委员会 in the request loop: it sees none of the demo's requests.
  'GET /api/requests': { access: 'signed-in', ok: [200] },
  'POST /api/requests': {
    access: ['admin', 'service_coordinator', 'enterprise_user'],
    ok: [201],
    body: { category: 'other', description: '访问测试', uscc: firstDemoUscc() },
  },
  'GET /api/requests/dashboard': { access: 'signed-in', ok: [200] },
  'GET /api/requests/categories': { access: 'signed-in', ok: [200] },
  'PUT /api/requests/categories': { access: ['admin'], ok: [200], body: DEFAULT_CATEGORIES },
  'GET /api/requests/calendar': { access: ['admin'], ok: [200] },
  'PUT /api/requests/calendar': { access: ['admin'], ok: [200], body: CHINA_2026 },
  'GET /api/requests/settings': { access: ['admin'], ok: [200] },
  'PUT /api/requests/settings': { access: ['admin'], ok: [200], body: { reopenWindowDays: 15 } },
  // An id that does not exist: the answer is an outcome per id (not found), not a refusal.
  'POST /api/requests/bulk-assign': {
    access: ['admin', 'service_coordinator'],
    ok: [200],
    body: { ids: [999_999], department: '市发展改革委' },
  },
  'GET /api/requests/{id}': { access: ['admin', 'service_coordinator', 'enterprise_user'], ok: [200] },
  'POST /api/requests/{id}/transitions': {
    access: ['admin', 'service_coordinator', 'enterprise_user'],
    ok: [200],
    body: { action: 'comment', note: '访问测试' },
  },
  'POST /api/requests/{id}/project': { access: ['admin', 'service_coordinator'], ok: [200], body: { projectId: 1 } },
  'POST /api/requests/{id}/attachments': {
    access: ['admin', 'service_coordinator', 'enterprise_user'],
    ok: [201],
    query: '?name=note.txt',
    body: '访问测试的附件',
    contentType: 'text/plain',
  },
  // Attachment 1: the one the first allowed caller attached just before.
  'GET /api/requests/attachments/{id}': { access: ['admin', 'service_coordinator', 'enterprise_user'], ok: [200] },
  'GET /api/projects': { access: ['admin', 'policy_operator', 'service_coordinator'], ok: [200] },
  'GET /api/projects/warnings': { access: ['admin', 'policy_operator', 'service_coordinator'], ok: [200] },
  'POST /api/projects': {
    access: ['admin', 'service_coordinator'],
    ok: [201],
    body: { name: '访问测试项目', owner: '测试', department: '市发展改革委' },
  },
  'GET /api/projects/{id}': { access: ['admin', 'policy_operator', 'service_coordinator'], ok: [200] },
  'PATCH /api/projects/{id}': { access: ['admin', 'service_coordinator'], ok: [200], body: { status: 'active' } },
  'POST /api/projects/{id}/milestones': {
    access: ['admin', 'service_coordinator'],
    ok: [201],
    body: { name: '访问测试', owner: '测试', dueDate: '2026-12-31' },
  },
  'PATCH /api/projects/milestones/{id}': { access: ['admin', 'service_coordinator'], ok: [200], body: { done: true } },
  // Open311 GeoReport v2: public as the specification says; filing needs an api_key (the enterprise user's token).
  'GET /open311/v2/services.json': { access: 'public', ok: [200] },
  'GET /open311/v2/services/{service_code}.json': { access: 'public', ok: [200] },
  'GET /open311/v2/requests.json': { access: 'public', ok: [200] },
  'POST /open311/v2/requests.json': {
    access: 'public',
    ok: [201],
    body: 'api_key={enterprise-token}&service_code=other&address_string=%E8%8B%8F%E5%B7%9E&description=access',
    contentType: 'application/x-www-form-urlencoded',
  },
  'GET /open311/v2/requests/{service_request_id}.json': { access: 'public', ok: [200] },
  'GET /open311/v2/tokens/{token}.json': { access: 'public', ok: [200] },
  // Push (issue 7): subscriptions and self-reported facts as any {uscc} route; the outbox for administrators
  // (delivery 1 exists and is delivered, or was requeued by the first caller: not dead).
  'GET /api/enterprises/{uscc}/subscription': { access: 'tenant', ok: [200] },
  'PUT /api/enterprises/{uscc}/subscription': {
    access: 'tenant',
    ok: [200],
    body: { topics: ['奖励'], minAmount: 10_000, frequency: 'daily' },
  },
  'POST /api/enterprises/{uscc}/facts': { access: 'tenant', ok: [200], body: { employees: 42 } },
  'GET /api/push/outbox': { access: ['admin'], ok: [200] },
  'GET /api/push/dead-letters': { access: ['admin'], ok: [200] },
  'POST /api/push/dead-letters/{id}/requeue': { access: ['admin'], ok: [404, 409] },
  // 免申即享 lists: list 1 is the operator region's; its steps are taken once, later callers are refused by state
  // (409); entry 1 is a Shanghai enterprise's, so the enterprise user is told it has no such entry.
  'GET /api/grants': { access: ['admin', 'policy_operator'], ok: [200] },
  'POST /api/grants': {
    access: ['admin', 'policy_operator'],
    ok: [201],
    body: { policyId: GRANT_POLICY.id, year: 2026 },
  },
  'GET /api/grants/notices': { access: 'public', ok: [200] },
  'GET /api/grants/{id}': { access: ['admin', 'policy_operator'], ok: [200] },
  'GET /api/grants/{id}/entries': { access: ['admin', 'policy_operator'], ok: [200] },
  'POST /api/grants/{id}/transitions': {
    access: ['admin', 'policy_operator'],
    ok: [200, 409],
    body: { action: 'confirm' },
  },
  'GET /api/grants/{id}/export.xlsx': { access: ['admin', 'policy_operator'], ok: [200, 409] },
  'GET /api/grants/{id}/notice': { access: 'public', ok: [404] },
  'POST /api/grants/entries/{id}/exclude': {
    access: ['admin', 'policy_operator'],
    ok: [200, 409],
    body: { reason: '访问测试' },
  },
  'POST /api/grants/entries/{id}/include': { access: ['admin', 'policy_operator'], ok: [200, 409] },
  'POST /api/grants/entries/{id}/payment': {
    access: ['admin', 'policy_operator'],
    ok: [409],
    body: { status: 'failed', reason: '访问测试' },
  },
  'GET /api/enterprises/{uscc}/grants': { access: 'tenant', ok: [200] },
  'POST /api/enterprises/{uscc}/grants/{id}/response': {
    access: ['enterprise_user'],
    ok: [404],
    body: { answer: 'accept' },
  },
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

const DEMO_USERS: Record<Role, { username: string; password: string }> = {
  admin: { username: 'demo-admin', password: 'demo-admin-2026' },
  policy_operator: { username: 'demo-operator', password: 'demo-operator-2026' },
  service_coordinator: { username: 'demo-coordinator', password: 'demo-coordinator-2026' },
  enterprise_user: { username: 'demo-enterprise', password: 'demo-enterprise-2026' },
};

type Caller = { kind: 'anonymous' } | { kind: 'session' | 'bearer'; role: Role };

function allowed(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (caller.kind === 'anonymous') return false;
  return access === 'signed-in' || access === 'tenant' || access.includes(caller.role);
}

/** The enterprise a caller may see: the enterprise user's own; for the operator one within its region. */
function allowedUscc(caller: Caller): string {
  return caller.kind !== 'anonymous' && caller.role === 'policy_operator' ? OPERATOR_USCC : firstDemoUscc();
}

const callerName = (c: Caller) => (c.kind === 'anonymous' ? 'anonymous' : `${c.role} via ${c.kind}`);

describe.each(DIALECTS)('access to every route on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let ruleId: string;
  let notificationId: number;
  /** the Open311 token of request 1 */
  let requestToken: string;
  const bearer = new Map<Role, string>();
  const sessions = new Map<Role, { cookie: string; csrf: string }>();

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
    await seedDemo(database, { enterprises: 20 });
    // API token 1: a throwaway of the administrator, so DELETE /api/auth/tokens/1 revokes no caller's token.
    const admin = presentAccount((await findAccountByUsername(database.db, 'demo-admin'))!);
    const throwaway = await createApiToken(database, 'test', admin, 'placeholder');
    expect(throwaway.id).toBe(1);
    for (const role of ROLES) {
      const account = presentAccount((await findAccountByUsername(database.db, DEMO_USERS[role].username))!);
      bearer.set(role, (await createApiToken(database, 'test', account, 'access test')).token);
    }
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const rules = (await (await fetch(`${base}/api/rules`)).json()) as { id: string }[];
    ruleId = rules[0]!.id;
    expect(await publishPolicy(database, OWN_POLICY, 'test')).toMatchObject({ ok: true });
    expect(await publishPolicy(database, GRANT_POLICY, 'test')).toMatchObject({ ok: true });
    const grantList = await createGrantList(
      database,
      { policyId: GRANT_POLICY.id, year: 2026 },
      { actor: 'test', scope: null },
    );
    expect(grantList.id).toBe(1);
    expect(grantList.counts.entries).toBeGreaterThan(0);
    const own = await findEnterpriseRegion(database.db, firstDemoUscc());
    await insertNotifications(database.db, [
      {
        enterprise_id: own!.id,
        kind: 'eligible',
        policy_id: ruleId,
        title: '测试通知',
        body: '测试',
        amount_min: null,
        amount_max: null,
        created_at: new Date().toISOString(),
        read_at: null,
      },
    ]);
    const [row] = await database.db.selectFrom('notification').select('id').execute();
    notificationId = row!.id;
    const request = await database.db.selectFrom('request').select('public_token').where('id', '=', 1).execute();
    requestToken = request[0]!.public_token;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function session(role: Role): Promise<{ cookie: string; csrf: string }> {
    const cached = sessions.get(role);
    if (cached) return cached;
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_USERS[role]),
    });
    expect(response.status).toBe(200);
    const token = /zhida_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    const signedIn = {
      cookie: `zhida_session=${token}`,
      csrf: ((await response.json()) as { csrfToken: string }).csrfToken,
    };
    sessions.set(role, signedIn);
    return signedIn;
  }

  async function call(method: string, path: string, route: RouteCase, caller: Caller, uscc = allowedUscc(caller)) {
    const headers: Record<string, string> = {};
    if (caller.kind === 'session') {
      const { cookie, csrf } = await session(caller.role);
      headers.cookie = cookie;
      headers['x-csrf-token'] = csrf;
    } else if (caller.kind === 'bearer') {
      headers.authorization = `Bearer ${bearer.get(caller.role)!}`;
    }
    let body: string | undefined;
    if (route.body !== undefined) {
      headers['content-type'] = route.contentType ?? 'application/json';
      body = typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
      body = body.replace('{enterprise-token}', encodeURIComponent(bearer.get('enterprise_user')!));
    }
    const id =
      route.id === 'own-policy'
        ? OWN_POLICY.id
        : route.id === 'own-notification'
          ? String(notificationId)
          : route.id === 'rule' || path.startsWith('/api/rules/')
            ? encodeURIComponent(ruleId)
            : '1';
    const url =
      base +
      path
        .replace('{id}', id)
        .replace('{uscc}', uscc)
        .replace('{service_code}', 'land')
        .replace('{service_request_id}', '1')
        .replace('{token}', requestToken);
    const response = await fetch(url + (route.query ?? ''), { method, headers, ...(body ? { body } : {}) });
    const text = await response.text();
    // Logging out ends the session: the next call as this role signs in again.
    if (caller.kind === 'session' && path === '/api/auth/logout' && response.status === 204) {
      sessions.delete(caller.role);
    }
    return { status: response.status, text };
  }

  async function documentedRoutes(): Promise<string[]> {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    return Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.has(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  it('knows every route of the OpenAPI document, and the document every route of the table', async () => {
    const documented = await documentedRoutes();
    expect(documented.filter((route) => !(route in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('answers every route as the table says, for anonymous callers and every role, with no 5xx', async () => {
    const callers: Caller[] = [
      { kind: 'anonymous' },
      ...ROLES.map((role) => ({ kind: 'session' as const, role })),
      ...ROLES.map((role) => ({ kind: 'bearer' as const, role })),
    ];
    const outcomes: string[] = [];
    const wrong: string[] = [];
    for (const key of await documentedRoutes()) {
      const route = ROUTES[key];
      if (route === undefined) {
        wrong.push(`${key}: not in the table`);
        continue;
      }
      const [method, path] = key.split(' ') as [string, string];
      for (const caller of callers) {
        const { status, text } = await call(method, path, route, caller);
        let expected: string;
        if (allowed(route.access, caller)) expected = route.ok.join('|');
        else expected = caller.kind === 'anonymous' ? '401' : '403';
        const line = `${key} as ${callerName(caller)}: ${status}`;
        outcomes.push(line);
        if (status >= 500 || !expected.split('|').includes(String(status))) {
          wrong.push(`${line}, expected ${expected}: ${text.slice(0, 200)}`);
        }
        if (status === 401) expect(text).toContain('auth.required');
        if (status === 403) expect(text).toContain('auth.forbidden');
      }
    }
    expect(wrong).toEqual([]);
    expect(outcomes).toHaveLength(Object.keys(ROUTES).length * callers.length);
    // Some 40 routes × 9 callers, with logins, uploads and publishes: longer than one test's default under load.
  }, 180_000);

  it("shows an enterprise user its own USCC and no other enterprise's", async () => {
    const own = firstDemoUscc();
    const asSession: Record<string, string> = { cookie: (await session('enterprise_user')).cookie };
    const asToken: Record<string, string> = { authorization: `Bearer ${bearer.get('enterprise_user')!}` };
    for (const headers of [asSession, asToken]) {
      const response = await fetch(`${base}/api/auth/me`, { headers });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect((JSON.parse(text) as { account: { uscc: string } }).account.uscc).toBe(own);
      // Any 18-character code in the answer is its own.
      expect(new Set(text.match(/[0-9A-HJ-NPQRTUWXY]{18}/g))).toEqual(new Set([own]));
      for (const path of ['profile', 'policies', 'notifications']) {
        const answer = await fetch(`${base}/api/enterprises/${own}/${path}`, { headers });
        expect(answer.status).toBe(200);
        const body = await answer.text();
        expect(new Set(body.match(/[0-9A-HJ-NPQRTUWXY]{18}/g) ?? [own])).toEqual(new Set([own]));
      }
    }
  });

  const usccRoutes = () => Object.entries(ROUTES).filter(([key]) => key.includes('{uscc}'));

  it('refuses an enterprise user every route of another enterprise, existing or not, alike', async () => {
    const wrong: string[] = [];
    for (const kind of ['session', 'bearer'] as const) {
      const caller: Caller = { kind, role: 'enterprise_user' };
      for (const [key, route] of usccRoutes()) {
        const [method, path] = key.split(' ') as [string, string];
        const answers = [];
        for (const uscc of [OTHER_USCC, PROFILE_USCC]) {
          const { status, text } = await call(method, path, route, caller, uscc);
          if (status !== 403 || !text.includes('auth.forbidden') || !text.includes('another enterprise')) {
            wrong.push(`${key} for ${uscc} via ${kind}: ${status} ${text.slice(0, 200)}`);
          }
          expect(text).not.toContain(uscc);
          answers.push(text);
        }
        // A stored enterprise and an unknown code get the same answer: the refusal says nothing of either.
        expect(answers[0]).toBe(answers[1]);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('scopes a policy operator to enterprises within its region', async () => {
    const caller: Caller = { kind: 'bearer', role: 'policy_operator' };
    // The first demo enterprise is in 苏州 (320509), outside the operator's 上海 (310000).
    expect(regionWithin(firstDemoUscc().slice(2, 8), OPERATOR_REGION)).toBe(false);
    for (const [key, route] of usccRoutes()) {
      const [method, path] = key.split(' ') as [string, string];
      const { status, text } = await call(method, path, route, caller, firstDemoUscc());
      expect(status, key).toBe(403);
      expect(text).toContain(OPERATOR_REGION);
    }
    const headers = { authorization: `Bearer ${bearer.get('policy_operator')!}` };
    const list = (await (await fetch(`${base}/api/enterprises?limit=100`, { headers })).json()) as {
      items: { uscc: string; region: string }[];
      total: number;
    };
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.map((e) => e.uscc)).toContain(OPERATOR_USCC);
    for (const item of list.items) expect(regionWithin(item.region, OPERATOR_REGION)).toBe(true);
    const qualifying = (await (
      await fetch(`${base}/api/rules/${encodeURIComponent(ruleId)}/qualifying?unknown=true&year=2026`, { headers })
    ).json()) as { items: { region: string }[] };
    for (const item of qualifying.items) expect(regionWithin(item.region, OPERATOR_REGION)).toBe(true);
  });
});
