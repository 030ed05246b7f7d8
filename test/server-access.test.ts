import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import type { Role } from '../src/db/schema.ts';
import { buildApp } from '../src/server/app.ts';
import { findAccountByUsername } from '../src/db/accounts.repository.ts';
import { presentAccount } from '../src/services/accounts/accounts.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { firstDemoUscc } from '../src/services/accounts/demo-accounts.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// Every route of the OpenAPI document, called as an anonymous caller and as each role (session cookie with the
// CSRF header, and bearer token), on a database seeded as `zhida serve` seeds a fresh one: the demo accounts
// are the callers. The table below is the access policy; a route it does not know fails the test.

const ROLES: Role[] = ['admin', 'policy_operator', 'service_coordinator', 'enterprise_user'];

/** 'public': anyone, signed in or not; 'signed-in': any account; a list: those roles only. */
type Access = 'public' | 'signed-in' | readonly Role[];

interface RouteCase {
  access: Access;
  /** the statuses a caller who is let in may get (a 404 for someone else's token is a refusal by design) */
  ok: readonly number[];
  query?: string;
  body?: unknown;
  /** default application/json when there is a body */
  contentType?: string;
}

const PROFILE_USCC = makeUscc({ region: '310115', body: 'MA1K4AB0' });

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
  return access === 'signed-in' || access.includes(caller.role);
}

const callerName = (c: Caller) => (c.kind === 'anonymous' ? 'anonymous' : `${c.role} via ${c.kind}`);

describe.each(DIALECTS)('access to every route on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let ruleId: string;
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

  async function call(method: string, path: string, route: RouteCase, caller: Caller) {
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
    }
    const url = base + path.replace('{id}', path.startsWith('/api/rules/') ? encodeURIComponent(ruleId) : '1');
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
  });

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
    }
  });
});
