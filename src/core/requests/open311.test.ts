import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from './categories.ts';
import {
  open311Errors,
  parseOpen311Post,
  parseOpen311Query,
  toOpen311Created,
  toOpen311Request,
  toOpen311Service,
  toOpen311ServiceDefinition,
  type Open311Fields,
} from './open311.ts';
import { REQUEST_STATES } from './state-machine.ts';
import type { EnterpriseRequest } from './types.ts';

const LAND = DEFAULT_CATEGORIES[1]!;
const NOW = new Date('2026-05-11T02:00:00Z');

// The specification's own example POST body, with a Zhida service code.
const SPEC_EXAMPLE =
  'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';

/** A form body parsed as Node's querystring does: repeated keys become lists. */
function form(body: string): Open311Fields {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const had = fields[key];
    fields[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

function errorsOf(fields: Open311Fields) {
  const result = parseOpen311Post(fields, DEFAULT_CATEGORIES);
  return result.ok ? { status: 200, errors: [] } : { status: result.status, errors: result.errors };
}

const base = { api_key: 'zhida_token', service_code: 'land', address_string: '苏州工业园区星湖街328号' };

describe('services', () => {
  it('lists a category as a GeoReport service', () => {
    expect(toOpen311Service(LAND)).toEqual({
      service_code: 'land',
      service_name: '用地保障',
      description: LAND.description,
      metadata: false,
      type: 'realtime',
      keywords: '用地指标,土地供应,规划许可,不动产登记,厂房',
      group: '企业诉求',
    });
    expect(toOpen311ServiceDefinition(LAND)).toEqual({ service_code: 'land', attributes: [] });
  });
});

describe('parseOpen311Post', () => {
  it('reads the specification’s example request', () => {
    const result = parseOpen311Post(
      form(SPEC_EXAMPLE.replace('service_code=001', 'service_code=land')),
      DEFAULT_CATEGORIES,
      {
        jurisdictionId: 'city.gov',
      },
    );
    expect(result).toEqual({
      ok: true,
      apiKey: 'xyz',
      input: {
        category: 'land',
        channel: 'open311',
        description: 'A large sinkhole is destroying the street',
        address: '1234 5th street',
        addressId: null,
        lat: 37.76524078,
        long: -122.4212043,
        contact: { firstName: 'john', lastName: 'smith', email: 'smit333@sfgov.edu', phone: '111111111' },
        mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
        attributes: { WHISPAWN: ['123456'], WHISDORN: ['COISL001'] },
      },
    });
  });

  it('accepts any one full location', () => {
    expect(errorsOf({ ...base }).status).toBe(200);
    expect(errorsOf({ api_key: 'k', service_code: 'land', address_id: '320571-001' }).status).toBe(200);
    expect(errorsOf({ api_key: 'k', service_code: 'land', lat: '31.3', long: '120.7' }).status).toBe(200);
  });

  it('refuses a request without a location, or half a coordinate', () => {
    expect(errorsOf({ api_key: 'k', service_code: 'land' })).toEqual({
      status: 400,
      errors: [{ code: 400, description: 'a location is required: lat and long, address_string or address_id' }],
    });
    expect(errorsOf({ api_key: 'k', service_code: 'land', lat: '31.3' }).errors).toEqual([
      { code: 400, description: 'lat and long must be sent together' },
    ]);
    expect(errorsOf({ ...base, lat: '91', long: '120' }).errors[0]!.description).toContain('lat must be a decimal');
    expect(errorsOf({ ...base, lat: '31.3', long: 'east' }).errors[0]!.description).toContain('long must be');
  });

  it('treats an empty optional field as absent, as the specification says', () => {
    const result = parseOpen311Post({ ...base, email: '', lat: '', long: '', description: ' ' }, DEFAULT_CATEGORIES);
    expect(result.ok && result.input).toMatchObject({
      description: '',
      lat: null,
      long: null,
      contact: { email: null },
    });
  });

  it('answers 400 when service_code is missing and 404 when it is unknown', () => {
    expect(errorsOf({ api_key: 'k', address_string: 'x' })).toEqual({
      status: 400,
      errors: [{ code: 400, description: 'service_code was not provided' }],
    });
    expect(errorsOf({ ...base, service_code: '001' })).toEqual({
      status: 404,
      errors: [{ code: 404, description: 'service_code 001 was not found' }],
    });
  });

  it('needs an api_key, and a known jurisdiction when one is given', () => {
    expect(errorsOf({ service_code: 'land', address_string: 'x' }).errors).toEqual([
      { code: 400, description: "api_key was not provided -- can't proceed with create_request" },
    ]);
    const other = parseOpen311Post({ ...base, jurisdiction_id: 'sz.gov.cn' }, DEFAULT_CATEGORIES, {
      jurisdictionId: 'suzhou.gov.cn',
    });
    expect(other).toMatchObject({ ok: false, status: 404 });
    expect(parseOpen311Post({ ...base, jurisdiction_id: 'sz.gov.cn' }, DEFAULT_CATEGORIES).ok).toBe(true);
  });

  it('checks email, media_url, lengths and fields sent twice', () => {
    expect(errorsOf({ ...base, email: 'not-an-email' }).errors[0]!.description).toBe(
      'email not-an-email is not an email address',
    );
    expect(errorsOf({ ...base, media_url: 'javascript:alert(1)' }).errors[0]!.description).toBe(
      'media_url must be an http or https URL',
    );
    expect(errorsOf({ ...base, description: '字'.repeat(4001) }).errors[0]!.description).toBe(
      'description is 4001 characters long, over the limit of 4000',
    );
    expect(errorsOf({ ...base, description: '字'.repeat(4000) }).status).toBe(200);
    expect(errorsOf({ ...base, service_code: ['land', 'other'] }).errors[0]!.description).toBe(
      'service_code was sent 2 times; send it once',
    );
  });

  it('lists every error, the first deciding the status', () => {
    const { status, errors } = errorsOf({ service_code: 'nope', email: 'x' });
    expect(status).toBe(404);
    expect(errors.map((e) => e.code)).toEqual([404, 400, 400, 400]);
  });

  it('keeps every value of a multi-value attribute', () => {
    const result = parseOpen311Post(
      form('api_key=k&service_code=land&address_id=1&attribute[code1][]=v1&attribute[code1][]=v2&attribute[code2]=x'),
      DEFAULT_CATEGORIES,
    );
    expect(result.ok && result.input.attributes).toEqual({ code1: ['v1', 'v2'], code2: ['x'] });
  });

  it('never throws, whatever the fields', () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined));
    const key = fc.constantFrom(
      'api_key',
      'service_code',
      'lat',
      'long',
      'address_string',
      'address_id',
      'email',
      'media_url',
      'attribute[a]',
      'x',
    );
    fc.assert(
      fc.property(fc.dictionary(key, value), (fields) => {
        const result = parseOpen311Post(fields, DEFAULT_CATEGORIES);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.status).toBe(result.errors[0]!.code);
        }
      }),
    );
  });
});

function stored(overrides: Partial<EnterpriseRequest> = {}): EnterpriseRequest {
  return {
    id: 638344,
    state: 'assigned',
    enterprise: '91320500MA1XXXXX0X',
    department: '市自然资源和规划局',
    deadline: '2026-05-25T15:59:59.999Z',
    lastEscalatedFor: null,
    resolvedAt: null,
    category: 'land',
    description: '新建厂房项目用地指标尚未落实',
    address: '苏州工业园区星湖街328号',
    addressId: null,
    zipcode: '215000',
    lat: 31.3,
    long: 120.7,
    mediaUrl: null,
    createdAt: '2026-05-11T02:00:00.000Z',
    updatedAt: '2026-05-11T06:30:00.000Z',
    statusNotes: '已交办，请10个工作日内办结',
    ...overrides,
  };
}

describe('toOpen311Request', () => {
  it('maps a request with its datetimes in China time', () => {
    expect(toOpen311Request(stored(), LAND)).toEqual({
      service_request_id: 638344,
      status: 'open',
      status_notes: '已交办：已交办，请10个工作日内办结',
      service_name: '用地保障',
      service_code: 'land',
      description: '新建厂房项目用地指标尚未落实',
      agency_responsible: '市自然资源和规划局',
      service_notice: '由市自然资源和规划局办理，10个工作日内答复',
      requested_datetime: '2026-05-11T10:00:00+08:00',
      updated_datetime: '2026-05-11T14:30:00+08:00',
      expected_datetime: '2026-05-25T23:59:59+08:00',
      address: '苏州工业园区星湖街328号',
      address_id: null,
      zipcode: '215000',
      lat: 31.3,
      long: 120.7,
      media_url: null,
    });
  });

  it('says which state in status_notes, and falls back to the category’s department', () => {
    const submitted = toOpen311Request(
      stored({ state: 'submitted', department: null, deadline: null, statusNotes: null }),
      LAND,
    );
    expect(submitted).toMatchObject({
      status: 'open',
      status_notes: '已提交',
      agency_responsible: '市自然资源和规划局',
      expected_datetime: null,
    });
    const unknown = toOpen311Request(stored({ category: 'gone', department: null }), undefined);
    expect(unknown).toMatchObject({ service_name: null, agency_responsible: null, service_notice: null });
  });

  it('closes resolved and final requests', () => {
    const statuses = REQUEST_STATES.map((state) => toOpen311Request(stored({ state }), LAND).status);
    expect(statuses.filter((s) => s === 'closed')).toHaveLength(4);
  });

  it('hides what the enterprise wrote when asked', () => {
    const hidden = toOpen311Request(stored({ mediaUrl: 'https://x/y.jpg' }), LAND, { hideDetails: true });
    expect(hidden).toMatchObject({
      description: null,
      address: null,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
      status_notes: '已交办',
      agency_responsible: '市自然资源和规划局',
    });
  });

  it('answers a POST with the id and the notice', () => {
    expect(toOpen311Created({ id: 7 }, LAND)).toEqual({
      service_request_id: 7,
      service_notice: '由市自然资源和规划局办理，10个工作日内答复',
      account_id: null,
    });
  });
});

describe('parseOpen311Query', () => {
  const ok = (fields: Open311Fields) => {
    const result = parseOpen311Query(fields, NOW);
    if (!result.ok) throw new Error(result.errors.map((e) => e.description).join('; '));
    return result.filter;
  };
  const DAY = 86_400_000;

  it('defaults to the 90 days up to now', () => {
    expect(ok({})).toEqual({
      ids: null,
      serviceCodes: null,
      statuses: null,
      start: new Date(NOW.getTime() - 90 * DAY).toISOString(),
      end: NOW.toISOString(),
    });
  });

  it('lets ids override every other argument', () => {
    expect(ok({ service_request_id: '1,2, 3,2', status: 'bogus', start_date: 'x' })).toEqual({
      ids: ['1', '2', '3'],
      serviceCodes: null,
      statuses: null,
      start: null,
      end: null,
    });
  });

  it('reads codes, statuses and dates', () => {
    expect(
      ok({
        service_code: 'land,financing',
        status: 'open',
        start_date: '2026-04-01T00:00:00+08:00',
        end_date: '2026-05-01T00:00:00Z',
      }),
    ).toEqual({
      ids: null,
      serviceCodes: ['land', 'financing'],
      statuses: ['open'],
      start: '2026-03-31T16:00:00.000Z',
      end: '2026-05-01T00:00:00.000Z',
    });
    expect(ok({ start_date: '2026-01-01T00:00:00Z' }).end).toBe('2026-04-01T00:00:00.000Z');
    expect(ok({ end_date: '2026-04-01T00:00:00Z' }).start).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    [{ status: 'pending' }, 'status pending is not open or closed'],
    [{ start_date: '2026-01-01' }, 'start_date must be a w3 datetime with a zone'],
    [{ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, 'may not span more than 90 days'],
    [{ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, 'end_date is before start_date'],
  ])('refuses %j', (fields, message) => {
    const result = parseOpen311Query(fields, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(400);
      expect(result.errors[0]!.description).toContain(message);
    }
  });

  it('has error shapes for the server', () => {
    expect(open311Errors.invalidApiKey()).toEqual({
      ok: false,
      status: 403,
      errors: [{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }],
    });
    expect(open311Errors.requestNotFound('9').status).toBe(404);
  });
});
