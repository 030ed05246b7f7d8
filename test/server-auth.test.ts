import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import { buildApp } from '../src/server/app.ts';
import { createAccount } from '../src/services/accounts/accounts.ts';
import { resolveSession } from '../src/services/accounts/sessions.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';

// Accounts over real HTTP on both databases: sign-in, the session cookie, CSRF, API tokens, the login rate limit
// and the audit log. Every response is checked for password hashes on the way.

const PASSWORDS = {
  root: 'root-password-1',
  op: 'operator-password-1',
  ent: 'enterprise-pass-1',
  victim: 'victim-pass-1',
};

interface Call {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

describe.each(DIALECTS)('accounts over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createAccount(database, 'cli:test', { username: 'root', password: PASSWORDS.root, role: 'admin' });
    await createAccount(database, 'cli:test', {
      username: 'op',
      password: PASSWORDS.op,
      role: 'policy_operator',
      department: '科技局',
      region: '320500',
    });
    await createAccount(database, 'cli:test', {
      username: 'ent',
      password: PASSWORDS.ent,
      role: 'enterprise_user',
      uscc: makeUscc({ region: '320505', body: 'MA1K4AB0' }),
    });
    await createAccount(database, 'cli:test', { username: 'victim', password: PASSWORDS.victim, role: 'admin' });
    app = await buildApp({ database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function call(
    method: string,
    path: string,
    options: { cookie?: string; csrf?: string; bearer?: string; body?: unknown; origin?: string } = {},
  ): Promise<Call> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.cookie !== undefined) headers.cookie = options.cookie;
    if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    const response = await fetch((options.origin ?? base) + path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    seen.push(text);
    return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : {} };
  }

  const errorId = (c: Call) => (c.json.error as { id: string } | undefined)?.id;

  async function signIn(username: keyof typeof PASSWORDS) {
    const response = await call('POST', '/api/auth/login', { body: { username, password: PASSWORDS[username] } });
    expect(response.status).toBe(200);
    const token = /zhida_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    return { cookie: `zhida_session=${token}`, token, csrf: response.json.csrfToken as string };
  }

  it('signs in: an HttpOnly, SameSite=Strict session cookie and only the presented fields', async () => {
    const response = await call('POST', '/api/auth/login', { body: { username: 'Root', password: PASSWORDS.root } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^zhida_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    expect(Object.keys(response.json.account as object).sort()).toEqual(
      ['department', 'displayName', 'id', 'region', 'role', 'username', 'uscc'].sort(),
    );
    expect(response.json.account).toMatchObject({ username: 'root', role: 'admin' });
    expect(response.json.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('adds Secure to the cookie when ZHIDA_COOKIE_SECURE=1', async () => {
    process.env.ZHIDA_COOKIE_SECURE = '1';
    const secure = await buildApp({ database }).finally(() => delete process.env.ZHIDA_COOKIE_SECURE);
    try {
      const origin = await secure.listen({ port: 0, host: '127.0.0.1' });
      const response = await call('POST', '/api/auth/login', {
        origin,
        body: { username: 'root', password: PASSWORDS.root },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it('stores only the SHA-256 of the session token', async () => {
    const { token } = await signIn('root');
    const id = createHash('sha256').update(token).digest('hex');
    const rows = await database.db.selectFrom('account_session').select('id').execute();
    expect(rows.map((r) => r.id)).toContain(id);
    expect(rows.map((r) => r.id)).not.toContain(token);
  });

  it.each([
    ['a wrong password', { username: 'root', password: 'not-the-password' }],
    ['an unknown user', { username: 'nobody', password: 'whatever-password' }],
  ])('refuses %s with 401 auth.bad_credentials and no cookie', async (_name, body) => {
    const response = await call('POST', '/api/auth/login', { body });
    expect(response.status).toBe(401);
    expect(errorId(response)).toBe('auth.bad_credentials');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a login without a password as an invalid request', async () => {
    const response = await call('POST', '/api/auth/login', { body: { username: 'root' } });
    expect(response.status).toBe(400);
    expect(errorId(response)).toBe('http.invalid_request');
  });

  it('says who is signed in, and 401 auth.required to no one', async () => {
    const { cookie, csrf } = await signIn('op');
    const me = await call('GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      account: { username: 'op', role: 'policy_operator', department: '科技局', region: '320500', uscc: null },
      via: 'session',
      csrfToken: csrf,
    });
    const anonymous = await call('GET', '/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(errorId(anonymous)).toBe('auth.required');
    const stale = await call('GET', '/api/auth/me', { cookie: 'zhida_session=not-a-session' });
    expect(stale.status).toBe(401);
  });

  it('keeps the public routes public', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/api/rules')).status).toBe(200);
    expect((await call('GET', '/api/policies/stats')).status).toBe(200);
  });

  it('logs out: the old cookie stops working, and logout itself needs the CSRF token', async () => {
    const { cookie, csrf } = await signIn('root');
    const refused = await call('POST', '/api/auth/logout', { cookie });
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('auth.csrf');
    const out = await call('POST', '/api/auth/logout', { cookie, csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await call('GET', '/api/auth/me', { cookie });
    expect(after.status).toBe(401);
    expect(errorId(after)).toBe('auth.required');
  });

  it('expires a session 8 hours after its last use, and slides while it is used', async () => {
    const { cookie, token } = await signIn('ent');
    const id = createHash('sha256').update(token).digest('hex');
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await resolveSession(database, token, later)).toBeDefined();
    const row = await database.db
      .selectFrom('account_session')
      .select('expires_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at)).toBe(later.getTime() + 8 * 60 * 60 * 1000);
    await database.db
      .updateTable('account_session')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await call('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF header, accepts it with the header', async () => {
    const { cookie, csrf } = await signIn('op');
    const missing = await call('POST', '/api/auth/tokens', { cookie, body: { name: 'x' } });
    expect(missing.status).toBe(403);
    expect(errorId(missing)).toBe('auth.csrf');
    const wrong = await call('POST', '/api/auth/tokens', { cookie, csrf: csrf.slice(1) + 'A', body: { name: 'x' } });
    expect(wrong.status).toBe(403);
    expect(errorId(wrong)).toBe('auth.csrf');
    const ok = await call('POST', '/api/auth/tokens', { cookie, csrf, body: { name: 'reporting' } });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ name: 'reporting' });
  });

  it('accepts a bearer API token without CSRF, and refuses it once revoked', async () => {
    const { cookie, csrf } = await signIn('op');
    const created = await call('POST', '/api/auth/tokens', { cookie, csrf, body: { name: 'city data hub' } });
    expect(created.status).toBe(201);
    const token = created.json.token as string;
    expect(token).toMatch(/^zhida_[A-Za-z0-9_-]{43}$/);

    const stored = await database.db.selectFrom('api_token').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));

    const me = await call('GET', '/api/auth/me', { bearer: token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ account: { username: 'op' }, via: 'token' });
    expect(me.json.csrfToken).toBeUndefined();
    // Writes with a bearer token need no CSRF header.
    const second = await call('POST', '/api/auth/tokens', { bearer: token, body: { name: 'second' } });
    expect(second.status).toBe(201);

    const revoked = await call('DELETE', `/api/auth/tokens/${String(created.json.id)}`, { bearer: token });
    expect(revoked.status).toBe(204);
    const after = await call('GET', '/api/auth/me', { bearer: token });
    expect(after.status).toBe(401);
    expect(errorId(after)).toBe('auth.required');
    expect((await call('GET', '/api/rules', { bearer: 'zhida_made-up' })).status).toBe(401);
  });

  it("does not let one account revoke another's token", async () => {
    const op = await signIn('op');
    const created = await call('POST', '/api/auth/tokens', { ...op, body: { name: 'mine' } });
    const ent = await signIn('ent');
    const response = await call('DELETE', `/api/auth/tokens/${String(created.json.id)}`, ent);
    expect(response.status).toBe(404);
    expect(errorId(response)).toBe('token.not_found');
  });

  it('refuses the 11th attempt after 10 failed logins with 429 auth.rate_limited, the right password too', async () => {
    for (let i = 0; i < 10; i++) {
      const failed = await call('POST', '/api/auth/login', { body: { username: 'victim', password: `wrong-${i}` } });
      expect(failed.status).toBe(401);
    }
    const limited = await call('POST', '/api/auth/login', {
      body: { username: 'VICTIM', password: PASSWORDS.victim },
    });
    expect(limited.status).toBe(429);
    expect(errorId(limited)).toBe('auth.rate_limited');
    expect((limited.json.error as { message: string }).message).toContain('too many failed sign-ins');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another username from the same address is not held back.
    await signIn('root');
  });

  it('shows the audit log to administrators only: 401 anonymous, 403 others', async () => {
    const anonymous = await call('GET', '/api/audit');
    expect(anonymous.status).toBe(401);
    expect(errorId(anonymous)).toBe('auth.required');
    for (const who of ['op', 'ent'] as const) {
      const refused = await call('GET', '/api/audit', { cookie: (await signIn(who)).cookie });
      expect(refused.status).toBe(403);
      expect(errorId(refused)).toBe('auth.forbidden');
    }
    const { cookie } = await signIn('root');
    const all = await call('GET', '/api/audit', { cookie });
    expect(all.status).toBe(200);
    const entries = all.json.entries as { id: number; actor: string; action: string; entity: string }[];
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
    expect(entries[0]).toMatchObject({ actor: 'account:root', action: 'login', entity: 'account' });
    expect(entries.filter((e) => e.action === 'create' && e.entity === 'account')).toHaveLength(4);

    const created = await call('GET', '/api/audit?entity=account&actor=cli%3Atest', { cookie });
    expect((created.json.entries as { action: string }[]).map((e) => e.action)).toEqual(Array(4).fill('create'));
    const tokens = await call('GET', '/api/audit?entity=api_token&limit=2', { cookie });
    expect(tokens.json.entries).toHaveLength(2);
    expect((tokens.json.entries as { entity: string }[]).every((e) => e.entity === 'api_token')).toBe(true);
    const bad = await call('GET', '/api/audit?limit=0', { cookie });
    expect(bad.status).toBe(400);
  });

  it('never returns a password or its hash, and never writes one to the audit log', async () => {
    const hashes = (await database.db.selectFrom('account').select('password_hash').execute()).map(
      (r) => r.password_hash,
    );
    expect(seen.length).toBeGreaterThan(30);
    const audit = JSON.stringify(await database.db.selectFrom('audit_log').selectAll().execute());
    for (const text of [...seen, audit]) {
      expect(text).not.toContain('scrypt$');
      for (const hash of hashes) expect(text).not.toContain(hash.split('$')[5]);
      for (const password of Object.values(PASSWORDS)) expect(text).not.toContain(password);
    }
  });
});
