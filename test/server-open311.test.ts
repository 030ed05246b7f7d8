import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/core/profile/uscc.ts';
import { DEFAULT_CATEGORIES } from '../src/core/requests/categories.ts';
import { buildApp } from '../src/server/app.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { transitionRequest } from '../src/services/requests/requests.ts';
import { DIALECTS } from './helpers/databases.ts';
import { ACCOUNTS, requestsFixture, type AccountName, type RequestsFixture } from './helpers/requests.ts';

// Open311 GeoReport v2 under /open311/v2/ over real HTTP, as a client of the standard calls it: services, a
// form-encoded POST with an API token as api_key, the request and its token read back, the list with its filters,
// and errors as [{code, description}] with the matching HTTP status.

type Geo = Record<string, unknown>;
type GeoError = { code: number; description: string };

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  let f: RequestsFixture;
  let app: FastifyInstance;
  let base: string;
  const keys = new Map<AccountName, string>();

  beforeAll(async () => {
    f = await requestsFixture(dialect);
    for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
      keys.set(name, (await createApiToken(f.database, 'test', f.accounts[name], 'open311 test')).token);
    }
    app = await buildApp({ database: f.database });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await f.database.drop();
  });

  async function get<T>(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}/open311/v2/${path}`, { headers });
    expect(response.headers.get('content-type')).toContain('application/json');
    return { status: response.status, body: (await response.json()) as T };
  }

  async function post<T>(fields: Record<string, string>, json = false) {
    const response = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
    });
    expect(response.headers.get('content-type')).toContain('application/json');
    return { status: response.status, body: (await response.json()) as T };
  }

  const located = { address_string: '苏州工业园区星湖街328号', description: '厂房扩建需要新增用地指标' };

  it('lists the categories as services, and one service definition', async () => {
    const services = await get<Geo[]>('services.json');
    expect(services.status).toBe(200);
    expect(services.body.map((s) => s.service_code)).toEqual(DEFAULT_CATEGORIES.map((c) => c.code));
    expect(services.body[1]).toEqual({
      service_code: 'land',
      service_name: '用地保障',
      description: DEFAULT_CATEGORIES[1]!.description,
      metadata: false,
      type: 'realtime',
      keywords: '用地指标,土地供应,规划许可,不动产登记,厂房',
      group: '企业诉求',
    });
    expect(await get('services/land.json')).toEqual({ status: 200, body: { service_code: 'land', attributes: [] } });
    const missing = await get<GeoError[]>('services/nope.json');
    expect(missing).toEqual({ status: 404, body: [{ code: 404, description: 'service_code nope was not found' }] });
  });

  it('serves JSON only: an .xml path is a 400 in the GeoReport error form; an unknown one a 404', async () => {
    const xml = await get<GeoError[]>('services.xml');
    expect(xml.status).toBe(400);
    expect(xml.body).toEqual([{ code: 400, description: 'only JSON is served: ask for services.json' }]);
    expect((await get<GeoError[]>('requests/1.xml')).status).toBe(400);
    const unknown = await get<GeoError[]>('discovery.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body[0]!.code).toBe(404);
  });

  it('files a form-encoded request with an enterprise token, and reads it back by id and by token', async () => {
    const created = await post<Geo[]>({
      api_key: keys.get('entA')!,
      service_code: 'land',
      lat: '31.2989',
      long: '120.7853',
      ...located,
      email: 'contact@example.com',
      first_name: '伟',
      last_name: '张',
      'attribute[area]': '30亩',
    });
    expect(created.status).toBe(201);
    expect(created.body).toHaveLength(1);
    const [answer] = created.body as [{ service_request_id: number; token: string; service_notice: string }];
    expect(answer).toEqual({
      service_request_id: expect.any(Number),
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      service_notice: '由市自然资源和规划局办理，10个工作日内答复',
      account_id: null,
    });
    const id = answer.service_request_id;
    const stored = await f.database.db.selectFrom('request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      uscc: f.usccs[0],
      channel: 'open311',
      state: 'submitted',
      lat: 31.2989,
      long: 120.7853,
      address: located.address_string,
      created_by: 'account:enta',
    });
    expect(JSON.parse(stored.attributes)).toEqual({ area: ['30亩'] });
    expect(JSON.parse(stored.contact!)).toMatchObject({ email: 'contact@example.com', firstName: '伟' });

    // anonymous: status, service, department and times; not what the enterprise wrote
    const anonymous = await get<Geo[]>(`requests/${id}.json`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已提交',
      service_code: 'land',
      service_name: '用地保障',
      description: null,
      address: null,
      lat: null,
      agency_responsible: '市自然资源和规划局',
      expected_datetime: null,
    });
    expect(anonymous.body[0]!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // the enterprise (api_key or bearer) and a coordinator see the details; another enterprise does not
    const own = await get<Geo[]>(`requests/${id}.json?api_key=${encodeURIComponent(keys.get('entA')!)}`);
    expect(own.body[0]).toMatchObject({ description: located.description, lat: 31.2989, long: 120.7853 });
    const staff = await get<Geo[]>(`requests/${id}.json`, { authorization: `Bearer ${keys.get('coordinator')!}` });
    expect(staff.body[0]!.description).toBe(located.description);
    const other = await get<Geo[]>(`requests/${id}.json`, { authorization: `Bearer ${keys.get('entB')!}` });
    expect(other.body[0]!.description).toBeNull();

    expect(await get(`tokens/${answer.token}.json`)).toEqual({
      status: 200,
      body: [{ service_request_id: id, token: answer.token }],
    });
    const noToken = await get<GeoError[]>(`tokens/${'0'.repeat(32)}.json`);
    expect([noToken.status, noToken.body[0]!.code]).toEqual([404, 404]);
    const noRequest = await get<GeoError[]>('requests/999999.json');
    expect(noRequest).toEqual({
      status: 404,
      body: [{ code: 404, description: 'service_request_id 999999 was not found' }],
    });

    // once resolved, GeoReport says closed and why
    await transitionRequest(f.database, f.callers.coordinator, id, { action: 'accept' });
    await transitionRequest(f.database, f.callers.coordinator, id, { action: 'assign' });
    await transitionRequest(f.database, f.callers.land, id, { action: 'resolve', note: '已协调新增用地指标' });
    const closed = await get<Geo[]>(`requests/${id}.json?api_key=${encodeURIComponent(keys.get('entA')!)}`);
    expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: '已办结：已协调新增用地指标' });
    expect(closed.body[0]!.expected_datetime).toMatch(/\+08:00$/);
  });

  it('lets a coordinator file for an enterprise named by attribute[uscc], and accepts JSON too', async () => {
    const staff = await post<Geo[]>({
      api_key: keys.get('coordinator')!,
      service_code: 'financing',
      'attribute[uscc]': f.usccs[2]!,
      ...located,
    });
    expect(staff.status).toBe(201);
    const id = staff.body[0]!.service_request_id as number;
    const row = await f.database.db.selectFrom('request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ uscc: f.usccs[2], channel: 'open311', created_by: 'account:coordinator' });
    const json = await post<Geo[]>(
      { api_key: keys.get('entB')!, service_code: 'talent', lat: '31.3', long: '120.6' },
      true,
    );
    expect(json.status).toBe(201);
  });

  it('answers errors as the specification shows: [{code, description}] with that HTTP status', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ api_key: keys.get('entA')!, service_code: 'nope', ...located }, 404, /service_code nope was not found/],
      [{ api_key: keys.get('entA')!, service_code: 'land', description: 'x' }, 400, /a location is required/],
      [{ api_key: 'zhida_not-a-token', service_code: 'land', ...located }, 403, /Invalid api_key/],
      [{ service_code: 'land', ...located }, 400, /api_key/],
      [{ api_key: keys.get('entA')!, service_code: 'land', lat: '31.3', ...located }, 400, /lat and long/],
      [{ api_key: keys.get('coordinator')!, service_code: 'land', ...located }, 400, /attribute\[uscc\] is required/],
      [
        {
          api_key: keys.get('coordinator')!,
          service_code: 'land',
          'attribute[uscc]': makeUscc({ region: '320505', body: 'MA1XXXX0' }),
          ...located,
        },
        404,
        /no enterprise/,
      ],
      [{ api_key: keys.get('development')!, service_code: 'land', ...located }, 403, /may not file/],
      [
        { api_key: keys.get('entA')!, service_code: 'land', 'attribute[uscc]': f.usccs[1]!, ...located },
        403,
        /own enterprise/,
      ],
    ];
    const before = await f.database.db.selectFrom('request').select('id').execute();
    for (const [fields, status, description] of cases) {
      const answer = await post<GeoError[]>(fields);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body[0]!.code).toBe(status);
      expect(answer.body[0]!.description).toMatch(description);
    }
    expect(await f.database.db.selectFrom('request').select('id').execute()).toHaveLength(before.length);
    const badKey = await get<GeoError[]>('requests.json?api_key=zhida_nope');
    expect([badKey.status, badKey.body[0]!.code]).toEqual([403, 403]);
  });

  it('lists requests with the specification’s filters: ids, service_code, status, start and end dates', async () => {
    const file = async (code: string) =>
      (await post<Geo[]>({ api_key: keys.get('entB')!, service_code: code, ...located })).body[0]!
        .service_request_id as number;
    const a = await file('utilities');
    const b = await file('utilities');
    const c = await file('other');
    await transitionRequest(f.database, f.callers.coordinator, b, { action: 'reject', reason: '重复' });
    const all = await get<Geo[]>('requests.json');
    expect(all.status).toBe(200);
    expect(all.body.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([a, b, c]));
    const ids = all.body.map((r) => r.service_request_id as number);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const utilities = await get<Geo[]>('requests.json?service_code=utilities');
    expect(utilities.body.map((r) => r.service_request_id)).toEqual([b, a]);
    const open = await get<Geo[]>('requests.json?service_code=utilities&status=open');
    expect(open.body.map((r) => r.service_request_id)).toEqual([a]);
    const closed = await get<Geo[]>('requests.json?service_code=utilities,other&status=closed');
    expect(closed.body.map((r) => r.service_request_id)).toEqual([b]);
    const byId = await get<Geo[]>(`requests.json?service_request_id=${c},${a},999999&status=closed`);
    expect(byId.body.map((r) => r.service_request_id).sort()).toEqual([a, c].sort());
    const past = await get<Geo[]>('requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z');
    expect(past.body).toEqual([]);
    const span = await get<GeoError[]>('requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z');
    expect([span.status, span.body[0]!.code]).toEqual([400, 400]);
    const badStatus = await get<GeoError[]>('requests.json?status=pending');
    expect(badStatus.status).toBe(400);
    const badDate = await get<GeoError[]>('requests.json?start_date=yesterday');
    expect(badDate.body[0]!.description).toMatch(/w3 datetime/);
  });
});
