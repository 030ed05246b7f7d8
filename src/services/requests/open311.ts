import { ZhidaError } from '../../core/errors.ts';
import { normaliseUscc } from '../../core/profile/uscc.ts';
import {
  OPEN311_MAX_REQUESTS,
  open311Errors,
  parseOpen311Post,
  parseOpen311Query,
  toOpen311Created,
  toOpen311Request,
  toOpen311Service,
  toOpen311ServiceDefinition,
  type GeoReportFailure,
  type Open311Fields,
  type Open311ServiceRequest,
} from '../../core/requests/open311.ts';
import { statesOfOpen311Status } from '../../core/requests/state-machine.ts';
import type { EnterpriseRequest, RequestState } from '../../core/requests/types.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/requests.repository.ts';
import { resolveApiToken } from '../accounts/api-tokens.ts';
import { canSee, RequestAccessRefused, requestCaller, type RequestCaller } from './access.ts';
import { requestConfig } from './config.ts';
import { fileRequest } from './requests.ts';

// Open311 GeoReport v2 over the same requests (the mapping itself is core/requests/open311.ts). Who files:
//   - api_key is a Zhida API token (POST /api/auth/tokens). An enterprise user's token files for its own
//     enterprise (attribute[uscc], when sent, must be that enterprise).
//   - A coordinator's (or administrator's) token files on an enterprise's behalf and must name it:
//     attribute[uscc]=<its unified social credit code> (the enterprise must be in Zhida). Zhida has no requests
//     without an enterprise: the enterprise confirms and rates the resolution.
//   - Any other account (a department, a policy operator) may not file: 403.
// Reading: GET needs no key, as the specification says; what an enterprise wrote (description, location, media,
// notes) is shown only to a caller who may see that request (its enterprise, its department, a coordinator — by
// session, bearer token or api_key), everyone else reads status, service, department and times.

export type Open311Answer<T> = { ok: true; status: 200 | 201; body: T } | GeoReportFailure;

function failure(status: 400 | 403 | 404, description: string): GeoReportFailure {
  return { ok: false, status, errors: [{ code: status, description }] };
}

/** A thrown ZhidaError as GeoReport errors. */
function fromError(error: unknown, statusOf: (id: ZhidaError['id']) => number): GeoReportFailure {
  if (error instanceof RequestAccessRefused) return failure(403, error.message);
  if (error instanceof ZhidaError) {
    const status = statusOf(error.id);
    return failure(status === 403 || status === 404 ? status : 400, error.message);
  }
  throw error;
}

export async function open311Services(database: Database) {
  return (await requestConfig(database)).categories.map(toOpen311Service);
}

export async function open311ServiceDefinition(database: Database, code: string): Promise<Open311Answer<unknown>> {
  const category = (await requestConfig(database)).categories.find((c) => c.code === code);
  if (category === undefined) return open311Errors.serviceNotFound(code);
  return { ok: true, status: 200, body: toOpen311ServiceDefinition(category) };
}

/** The caller an api_key stands for; undefined when it is no valid token. */
export async function callerOfApiKey(database: Database, apiKey: string): Promise<RequestCaller | null | undefined> {
  const resolved = await resolveApiToken(database, apiKey);
  if (resolved === undefined) return undefined;
  return requestCaller(resolved.account);
}

/** POST requests.json: files a request from the form (or JSON) fields. */
export async function open311Create(
  database: Database,
  fields: Open311Fields,
  statusOf: (id: ZhidaError['id']) => number,
  now = new Date(),
): Promise<Open311Answer<(ReturnType<typeof toOpen311Created> & { token: string })[]>> {
  const config = await requestConfig(database);
  const parsed = parseOpen311Post(fields, config.categories);
  if (!parsed.ok) return parsed;
  const caller = await callerOfApiKey(database, parsed.apiKey);
  if (caller === undefined) return open311Errors.invalidApiKey();
  if (caller === null || (caller.actor.kind !== 'enterprise' && caller.actor.kind !== 'coordinator')) {
    return failure(
      403,
      "this api_key's account may not file requests: use the token of an enterprise user, or of a coordinator with attribute[uscc]",
    );
  }
  const { input } = parsed;
  const named = input.attributes.uscc?.[0];
  if (caller.actor.kind === 'coordinator' && named === undefined) {
    return failure(400, "attribute[uscc] is required with a coordinator's api_key: the enterprise the request is for");
  }
  try {
    const created = await fileRequest(
      database,
      caller,
      {
        category: input.category,
        description: input.description,
        channel: 'open311',
        uscc: named === undefined ? null : normaliseUscc(named),
        address: input.address,
        addressId: input.addressId,
        lat: input.lat,
        long: input.long,
        mediaUrl: input.mediaUrl,
        contact: input.contact,
        attributes: input.attributes,
      },
      now,
    );
    const category = config.categories.find((c) => c.code === input.category)!;
    return {
      ok: true,
      status: 201,
      body: [{ ...toOpen311Created({ id: created.id }, category), token: created.token }],
    };
  } catch (error) {
    return fromError(error, statusOf);
  }
}

function asEnterpriseRequest(row: repo.RequestListRow): EnterpriseRequest {
  return {
    id: Number(row.id),
    state: row.state,
    enterprise: row.uscc,
    department: row.department,
    deadline: row.deadline,
    lastEscalatedFor: row.last_escalated_for,
    resolvedAt: row.resolved_at,
    category: row.category,
    description: row.description,
    address: row.address,
    addressId: row.address_id,
    zipcode: row.zipcode,
    lat: row.lat,
    long: row.long,
    mediaUrl: row.media_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    statusNotes: row.status_notes,
  };
}

async function present(
  database: Database,
  viewer: RequestCaller | null,
  rows: repo.RequestListRow[],
): Promise<Open311ServiceRequest[]> {
  const categories = (await requestConfig(database)).allCategories;
  return rows.map((row) =>
    toOpen311Request(
      asEnterpriseRequest(row),
      categories.find((c) => c.code === row.category),
      { hideDetails: viewer === null || !canSee(viewer.scope, row) },
    ),
  );
}

/** GET requests.json. */
export async function open311List(
  database: Database,
  viewer: RequestCaller | null,
  fields: Open311Fields,
  now = new Date(),
): Promise<Open311Answer<Open311ServiceRequest[]>> {
  const parsed = parseOpen311Query(fields, now);
  if (!parsed.ok) return parsed;
  const f = parsed.filter;
  const filter: repo.RequestFilter = {};
  if (f.ids !== null) {
    const ids = f.ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    filter.ids = ids;
  } else {
    if (f.serviceCodes !== null) filter.categories = f.serviceCodes;
    if (f.statuses !== null) {
      filter.states = [...new Set(f.statuses.flatMap((s) => statesOfOpen311Status(s)))] as RequestState[];
    }
    if (f.start !== null) filter.createdFrom = f.start;
    if (f.end !== null) filter.createdTo = f.end;
  }
  const ids = await repo.pageRequestIds(database.db, filter, 'newest', { limit: OPEN311_MAX_REQUESTS, offset: 0 });
  return { ok: true, status: 200, body: await present(database, viewer, await repo.requestRows(database.db, ids)) };
}

/** GET requests/{id}.json: a list of one. */
export async function open311Get(
  database: Database,
  viewer: RequestCaller | null,
  id: string,
): Promise<Open311Answer<Open311ServiceRequest[]>> {
  const rows = /^\d{1,15}$/.test(id) ? await repo.requestRows(database.db, [Number(id)]) : [];
  if (rows.length === 0) return open311Errors.requestNotFound(id);
  return { ok: true, status: 200, body: await present(database, viewer, rows) };
}

/** GET tokens/{token}.json. */
export async function open311Token(
  database: Database,
  token: string,
): Promise<Open311Answer<{ service_request_id: number; token: string }[]>> {
  const row = /^[0-9a-f]{32}$/.test(token) ? await repo.findRequestByToken(database.db, token) : undefined;
  if (row === undefined) return open311Errors.tokenNotFound(token);
  return { ok: true, status: 200, body: [{ service_request_id: Number(row.id), token }] };
}
