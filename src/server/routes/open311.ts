import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZhidaError } from '../../core/errors.ts';
import type { GeoReportFailure, Open311Fields } from '../../core/requests/open311.ts';
import type { Database } from '../../db/database.ts';
import { requestCaller, type RequestCaller } from '../../services/requests/access.ts';
import {
  callerOfApiKey,
  open311Create,
  open311Get,
  open311List,
  open311ServiceDefinition,
  open311Services,
  open311Token,
  type Open311Answer,
} from '../../services/requests/open311.ts';
import { statusOfError } from '../errors.ts';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under /open311/v2/, over the same requests and
// states as /api/requests (services/requests/open311.ts says who files and who reads what). JSON only: every answer
// is a JSON array as the specification shows, errors included ([{code, description}] with the HTTP status of the
// code). A .xml (or any other) path answers in that form too, saying that only JSON is served. POST takes
// application/x-www-form-urlencoded, as the specification says, or JSON; api_key is a Zhida API token.

const geoErrors = {
  type: 'array',
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string' } },
  },
} as const;

const errorAnswers = { '4xx': geoErrors, '5xx': geoErrors } as const;

const arrayOf = (description: string) =>
  ({ type: 'array', description, items: { type: 'object', additionalProperties: true } }) as const;

const FORM_LIMIT = 64 * 1024;

const TEXT = { type: 'string', maxLength: 4000 } as const;

const postBody = {
  type: 'object',
  description:
    'form fields (application/x-www-form-urlencoded) or a JSON object; attribute[uscc]=USCC names the enterprise when a coordinator files',
  required: ['api_key', 'service_code'],
  properties: {
    api_key: { type: 'string', maxLength: 200, description: 'a Zhida API token' },
    service_code: { type: 'string', maxLength: 40 },
    jurisdiction_id: { type: 'string', maxLength: 200 },
    lat: { type: 'string', maxLength: 40 },
    long: { type: 'string', maxLength: 40 },
    address_string: { type: 'string', maxLength: 1000 },
    address_id: { type: 'string', maxLength: 200 },
    email: { type: 'string', maxLength: 200 },
    device_id: { type: 'string', maxLength: 200 },
    account_id: { type: 'string', maxLength: 200 },
    first_name: { type: 'string', maxLength: 200 },
    last_name: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 100 },
    description: TEXT,
    media_url: { type: 'string', maxLength: 2000 },
  },
} as const;

const listQuery = {
  type: 'object',
  properties: {
    service_request_id: { type: 'string', maxLength: 2000, description: 'comma-separated ids; overrides the rest' },
    service_code: { type: 'string', maxLength: 2000, description: 'comma-separated' },
    start_date: { type: 'string', maxLength: 40, description: 'w3 datetime, e.g. 2026-05-01T00:00:00+08:00' },
    end_date: { type: 'string', maxLength: 40 },
    status: { type: 'string', maxLength: 20, description: 'open, closed or open,closed' },
    jurisdiction_id: { type: 'string', maxLength: 200 },
    api_key: { type: 'string', maxLength: 200, description: 'optional: a token whose account may read the details' },
  },
} as const;

const keyQuery = {
  type: 'object',
  properties: { jurisdiction_id: { type: 'string', maxLength: 200 }, api_key: { type: 'string', maxLength: 200 } },
} as const;

/** A form body as the specification sends it: a field sent twice is a list. */
export function parseForm(body: string): Open311Fields {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const had = fields[key];
    fields[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

/** A JSON body or a parsed query as Open311 fields: numbers (lat, long in JSON) as their text. */
function asFields(input: unknown): Open311Fields {
  const fields: Open311Fields = {};
  if (typeof input !== 'object' || input === null) return fields;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (Array.isArray(value)) fields[key] = value.map(String);
    else if (value !== undefined && value !== null) fields[key] = String(value);
  }
  return fields;
}

function send<T>(reply: FastifyReply, answer: Open311Answer<T> | GeoReportFailure): FastifyReply {
  reply.type('application/json; charset=utf-8');
  return answer.ok ? reply.status(answer.status).send(answer.body) : reply.status(answer.status).send(answer.errors);
}

function fail(reply: FastifyReply, code: number, description: string): FastifyReply {
  return reply.status(code).type('application/json; charset=utf-8').send([{ code, description }]);
}

/** Every error of these routes as GeoReport errors. */
function open311ErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ZhidaError) return fail(reply, statusOfError(error.id), error.message);
  if (error.validation) return fail(reply, 400, error.message);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return fail(reply, error.statusCode, error.message);
  }
  request.log.error({ err: error }, 'open311 request failed');
  return fail(reply, 500, 'internal error; the server log has the details');
}

/**
 * Who reads: the signed-in account (session or bearer token), or the api_key of the query. undefined: an api_key
 * that is no valid token.
 */
async function viewer(database: Database, request: FastifyRequest): Promise<RequestCaller | null | undefined> {
  if (request.account !== null) return requestCaller(request.account);
  const key = (request.query as { api_key?: unknown }).api_key;
  if (typeof key !== 'string' || key === '') return null;
  return callerOfApiKey(database, key);
}

const INVALID_KEY = 'api_key is not a valid API token';

export function open311Routes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler(open311ErrorHandler);
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_request, body, done) => done(null, parseForm(body as string)),
    );

    app.get(
      '/services.json',
      {
        schema: {
          summary: 'GeoReport v2: the services (request categories)',
          tags: ['open311'],
          querystring: keyQuery,
          response: { 200: arrayOf('services'), ...errorAnswers },
        },
      },
      async (_request, reply) => reply.type('application/json; charset=utf-8').send(await open311Services(database)),
    );

    app.get<{ Params: { service_code: string } }>(
      '/services/:service_code.json',
      {
        schema: {
          summary: "GeoReport v2: a service's definition (no attributes: no service needs metadata)",
          tags: ['open311'],
          params: {
            type: 'object',
            required: ['service_code'],
            properties: { service_code: { type: 'string', maxLength: 40 } },
          },
          querystring: keyQuery,
          response: { 200: { type: 'object', additionalProperties: true }, ...errorAnswers },
        },
      },
      async (request, reply) => send(reply, await open311ServiceDefinition(database, request.params.service_code)),
    );

    app.get<{ Querystring: Record<string, string> }>(
      '/requests.json',
      {
        schema: {
          summary:
            'GeoReport v2: service requests (details only for a caller who may see each request; the last 90 days by default)',
          tags: ['open311'],
          querystring: listQuery,
          response: { 200: arrayOf('service requests'), ...errorAnswers },
        },
      },
      async (request, reply) => {
        const who = await viewer(database, request);
        if (who === undefined) return fail(reply, 403, INVALID_KEY);
        return send(reply, await open311List(database, who, asFields(request.query)));
      },
    );

    app.post<{ Body: Open311Fields }>(
      '/requests.json',
      {
        schema: {
          summary: 'GeoReport v2: file a service request (api_key: a Zhida API token)',
          tags: ['open311'],
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: postBody,
          response: { 201: arrayOf('the created request: service_request_id, token, service_notice'), ...errorAnswers },
        },
      },
      async (request, reply) => send(reply, await open311Create(database, asFields(request.body), statusOfError)),
    );

    app.get<{ Params: { service_request_id: string } }>(
      '/requests/:service_request_id.json',
      {
        schema: {
          summary: 'GeoReport v2: one service request (a list of one)',
          tags: ['open311'],
          params: {
            type: 'object',
            required: ['service_request_id'],
            properties: { service_request_id: { type: 'string', maxLength: 40 } },
          },
          querystring: keyQuery,
          response: { 200: arrayOf('service requests'), ...errorAnswers },
        },
      },
      async (request, reply) => {
        const who = await viewer(database, request);
        if (who === undefined) return fail(reply, 403, INVALID_KEY);
        return send(reply, await open311Get(database, who, request.params.service_request_id));
      },
    );

    app.get<{ Params: { token: string } }>(
      '/tokens/:token.json',
      {
        schema: {
          summary: 'GeoReport v2: the service_request_id of a token',
          tags: ['open311'],
          params: { type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 100 } } },
          querystring: keyQuery,
          response: { 200: arrayOf('[{service_request_id, token}]'), ...errorAnswers },
        },
      },
      async (request, reply) => send(reply, await open311Token(database, request.params.token)),
    );

    // Anything else under /open311/v2/ (services.xml, a typo): a GeoReport error, not the web app's page.
    app.all<{ Params: { '*': string } }>('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.params['*'];
      if (/\.(xml|html?)$/i.test(path)) {
        return fail(reply, 400, `only JSON is served: ask for ${path.replace(/\.[^.]+$/, '.json')}`);
      }
      return fail(
        reply,
        404,
        `no GeoReport v2 resource ${request.method} /open311/v2/${path}; the resources are services.json, services/{service_code}.json, requests.json, requests/{service_request_id}.json and tokens/{token}.json`,
      );
    });
  };
}
