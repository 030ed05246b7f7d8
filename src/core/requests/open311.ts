import { formatInstant, parseInstant } from './calendar.ts';
import { STATE_LABELS } from './labels.ts';
import { open311Status } from './state-machine.ts';
import type { EnterpriseRequest, NewRequestInput, RequestCategory } from './types.ts';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over Zhida's requests, as pure mappings: categories
// are services, requests are service requests, and a POST body becomes a NewRequestInput. The HTTP routes under
// /open311/v2/ only load, call these and send. Field names are the specification's; every datetime carries its
// offset (+08:00), as the specification requires a zone. Services have no extra attributes (metadata false) and
// are "realtime": the service_request_id is returned at once, so the token resource is never needed.

/** An error as GeoReport v2 sends it: a list of { code (the HTTP status), description }. */
export interface GeoReportError {
  code: number;
  description: string;
}

export type GeoReportFailure = { ok: false; status: 400 | 403 | 404; errors: GeoReportError[] };

/** The most requests one GET answers, as the specification's default limit. */
export const OPEN311_MAX_REQUESTS = 1000;
/** The longest span of requested_datetime one GET may ask for. */
export const OPEN311_MAX_SPAN_DAYS = 90;
/** The specification's limit on a description. */
export const OPEN311_MAX_DESCRIPTION = 4000;

/** Errors the server sends itself (the parsing errors come from parseOpen311Post and parseOpen311Query). */
export const open311Errors = {
  invalidApiKey: (): GeoReportFailure => failure(403, "Invalid api_key received -- can't proceed with create_request."),
  requestNotFound: (id: string): GeoReportFailure => failure(404, `service_request_id ${id} was not found`),
  serviceNotFound: (code: string): GeoReportFailure => failure(404, `service_code ${code} was not found`),
  tokenNotFound: (token: string): GeoReportFailure =>
    failure(404, `token ${token} was not found: services here are realtime and return a service_request_id`),
};

function failure(status: 400 | 403 | 404, description: string): GeoReportFailure {
  return { ok: false, status, errors: [{ code: status, description }] };
}

/** GET services.json: one entry per category. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export function toOpen311Service(category: RequestCategory): Open311Service {
  return {
    service_code: category.code,
    service_name: category.name,
    description: category.description,
    metadata: false,
    type: 'realtime',
    keywords: (category.keywords ?? []).join(','),
    group: category.group ?? '',
  };
}

/** GET services/{code}.json: no attributes, since no service needs metadata. */
export function toOpen311ServiceDefinition(category: RequestCategory): { service_code: string; attributes: [] } {
  return { service_code: category.code, attributes: [] };
}

/** What the enterprise can expect: who answers and in how many working days. */
export function serviceNotice(category: RequestCategory): string {
  return `由${category.department}办理，${category.deadlineWorkingDays}个工作日内答复`;
}

/** GET requests.json and requests/{id}.json: one service request. Absent values are null, as in the
 *  specification's JSON examples. */
export interface Open311ServiceRequest {
  service_request_id: string | number;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311ViewOptions {
  /** leave out what an enterprise wrote (description, location, media, notes): for callers who may not read it.
   *  GeoReport's GET methods need no key, and an enterprise's problem is not a pothole everyone can see. */
  hideDetails?: boolean;
  timeZone?: string;
}

export function toOpen311Request(
  request: EnterpriseRequest,
  category: RequestCategory | undefined,
  options: Open311ViewOptions = {},
): Open311ServiceRequest {
  const hide = options.hideDetails === true;
  const time = (iso: string) => formatInstant(iso, options.timeZone);
  const label = STATE_LABELS[request.state].zh;
  const notes = request.statusNotes?.trim();
  return {
    service_request_id: request.id,
    status: open311Status(request.state),
    // GeoReport has open and closed only: the notes say which of Zhida's states, and why when it is known
    status_notes: notes && !hide ? `${label}：${notes}` : label,
    service_name: category?.name ?? null,
    service_code: request.category,
    description: hide || request.description === '' ? null : request.description,
    agency_responsible: request.department ?? category?.department ?? null,
    service_notice: category ? serviceNotice(category) : null,
    requested_datetime: time(request.createdAt),
    updated_datetime: time(request.updatedAt),
    expected_datetime: request.deadline ? time(request.deadline) : null,
    address: hide ? null : request.address,
    address_id: hide ? null : request.addressId,
    zipcode: hide ? null : request.zipcode,
    lat: hide ? null : request.lat,
    long: hide ? null : request.long,
    media_url: hide ? null : request.mediaUrl,
  };
}

/** POST requests.json answers [this]. */
export function toOpen311Created(
  request: Pick<EnterpriseRequest, 'id'>,
  category: RequestCategory,
): { service_request_id: string | number; service_notice: string; account_id: null } {
  return { service_request_id: request.id, service_notice: serviceNotice(category), account_id: null };
}

/** A form-encoded body or a query string as parsed: a field sent twice is a list. */
export type Open311Fields = Record<string, string | string[] | undefined>;

class Collector {
  readonly errors: GeoReportError[] = [];

  add(code: 400 | 403 | 404, description: string): void {
    this.errors.push({ code, description });
  }

  /** A single-valued field, trimmed; empty counts as absent ("Optional" in the specification: a parameter passed
   *  empty is the same as one not passed). */
  one(fields: Open311Fields, name: string, max = 500): string | null {
    const value = fields[name];
    if (value === undefined) return null;
    if (Array.isArray(value)) {
      this.add(400, `${name} was sent ${value.length} times; send it once`);
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length > max) {
      this.add(400, `${name} is ${trimmed.length} characters long, over the limit of ${max}`);
      return null;
    }
    return trimmed === '' ? null : trimmed;
  }

  fail(): GeoReportFailure {
    return { ok: false, status: this.errors[0]!.code as 400 | 403 | 404, errors: this.errors };
  }
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ATTRIBUTE = /^attribute\[([^\]]+)\](\[\])?$/;

function checkJurisdiction(c: Collector, fields: Open311Fields, jurisdictionId: string | undefined): void {
  const given = c.one(fields, 'jurisdiction_id', 200);
  if (given !== null && jurisdictionId !== undefined && given !== jurisdictionId) {
    c.add(404, `jurisdiction_id ${given} was not found; this endpoint serves ${jurisdictionId}`);
  }
}

function coordinate(c: Collector, fields: Open311Fields, name: 'lat' | 'long', limit: number): number | null {
  const text = c.one(fields, name, 40);
  if (text === null) return null;
  const value = Number(text);
  if (!DECIMAL.test(text) || Math.abs(value) > limit) {
    c.add(400, `${name} must be a decimal number of degrees from -${limit} to ${limit} (WGS84), not ${text}`);
    return null;
  }
  return value;
}

/**
 * POST requests.json: the form fields of a new service request, checked as the specification says: service_code
 * required and known, one full location (lat and long together, address_string or address_id), api_key present
 * (the caller checks that it is a valid API token and answers open311Errors.invalidApiKey() if not). The
 * enterprise is the one of the token's account, which the caller knows.
 */
export function parseOpen311Post(
  fields: Open311Fields,
  categories: readonly RequestCategory[],
  options: { jurisdictionId?: string } = {},
): { ok: true; apiKey: string; input: NewRequestInput } | GeoReportFailure {
  const c = new Collector();
  checkJurisdiction(c, fields, options.jurisdictionId);
  const code = c.one(fields, 'service_code', 40);
  if (code === null) c.add(400, 'service_code was not provided');
  else if (!categories.some((k) => k.code === code)) c.add(404, `service_code ${code} was not found`);
  const apiKey = c.one(fields, 'api_key', 200);
  if (apiKey === null) c.add(400, "api_key was not provided -- can't proceed with create_request");

  const lat = coordinate(c, fields, 'lat', 90);
  const long = coordinate(c, fields, 'long', 180);
  const hasLat = fields.lat !== undefined && String(fields.lat).trim() !== '';
  const hasLong = fields.long !== undefined && String(fields.long).trim() !== '';
  if (hasLat !== hasLong) c.add(400, 'lat and long must be sent together');
  const address = c.one(fields, 'address_string', 500);
  const addressId = c.one(fields, 'address_id', 100);
  if (!hasLat && !hasLong && address === null && addressId === null) {
    c.add(400, 'a location is required: lat and long, address_string or address_id');
  }

  const description = c.one(fields, 'description', OPEN311_MAX_DESCRIPTION) ?? '';
  const email = c.one(fields, 'email', 200);
  if (email !== null && !EMAIL.test(email)) c.add(400, `email ${email} is not an email address`);
  const mediaUrl = c.one(fields, 'media_url', 2000);
  if (mediaUrl !== null && !/^https?:\/\/[^\s/]+/i.test(mediaUrl)) c.add(400, 'media_url must be an http or https URL');
  const contact = {
    firstName: c.one(fields, 'first_name', 50),
    lastName: c.one(fields, 'last_name', 50),
    email,
    phone: c.one(fields, 'phone', 30),
  };

  const attributes: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = ATTRIBUTE.exec(key);
    if (!match || value === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length > 0) (attributes[match[1]!] ??= []).push(...values);
  }

  if (c.errors.length > 0) return c.fail();
  return {
    ok: true,
    apiKey: apiKey!,
    input: {
      category: code!,
      channel: 'open311',
      description,
      address,
      addressId,
      lat,
      long,
      contact,
      mediaUrl,
      attributes,
    },
  };
}

/** GET requests.json: what to list. Ids, when given, override every other argument. */
export interface Open311Filter {
  ids: string[] | null;
  serviceCodes: string[] | null;
  statuses: ('open' | 'closed')[] | null;
  /** ISO instants (UTC) bounding requested_datetime, both inclusive; null when ids are given */
  start: string | null;
  end: string | null;
}

function list(c: Collector, fields: Open311Fields, name: string): string[] | null {
  const value = fields[name];
  if (value === undefined) return null;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (items.length > 100) {
    c.add(400, `${name} lists ${items.length} values, over the limit of 100`);
    return null;
  }
  return items.length > 0 ? [...new Set(items)] : null;
}

function w3(c: Collector, fields: Open311Fields, name: string): number | null {
  const text = c.one(fields, name, 40);
  if (text === null) return null;
  const ms = parseInstant(text);
  if (ms === null) c.add(400, `${name} must be a w3 datetime with a zone, like 2010-01-01T00:00:00Z, not ${text}`);
  return ms;
}

/**
 * GET requests.json arguments: service_request_id (comma-separated, overrides the rest), service_code, status
 * (open, closed), start_date and end_date (w3 datetimes with a zone, at most 90 days apart; the default range is the
 * 90 days up to now, or 90 days from a lone start_date, or up to a lone end_date).
 */
export function parseOpen311Query(
  fields: Open311Fields,
  now: Date,
  options: { jurisdictionId?: string } = {},
): { ok: true; filter: Open311Filter } | GeoReportFailure {
  const c = new Collector();
  checkJurisdiction(c, fields, options.jurisdictionId);
  const ids = list(c, fields, 'service_request_id');
  if (ids !== null) {
    return c.errors.length > 0
      ? c.fail()
      : { ok: true, filter: { ids, serviceCodes: null, statuses: null, start: null, end: null } };
  }
  const serviceCodes = list(c, fields, 'service_code');
  const statusList = list(c, fields, 'status');
  for (const status of statusList ?? []) {
    if (status !== 'open' && status !== 'closed') c.add(400, `status ${status} is not open or closed`);
  }
  const span = OPEN311_MAX_SPAN_DAYS * 86_400_000;
  let start = w3(c, fields, 'start_date');
  let end = w3(c, fields, 'end_date');
  if (c.errors.length === 0) {
    if (start === null && end === null) end = now.getTime();
    if (start === null) start = end! - span;
    if (end === null) end = start + span;
    if (end < start) c.add(400, 'end_date is before start_date');
    else if (end - start > span)
      c.add(400, `start_date and end_date may not span more than ${OPEN311_MAX_SPAN_DAYS} days`);
  }
  if (c.errors.length > 0) return c.fail();
  return {
    ok: true,
    filter: {
      ids: null,
      serviceCodes,
      statuses: statusList as ('open' | 'closed')[] | null,
      start: new Date(start!).toISOString(),
      end: new Date(end!).toISOString(),
    },
  };
}
