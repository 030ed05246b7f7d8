import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validateProfile } from '../../core/profile/facts.ts';
import type { Database } from '../../db/database.ts';
import { locateSourcesJson } from '../../services/policies/source-locations.ts';
import { matchProfile } from '../../services/rules/match.ts';
import { getPolicy, listPolicies } from '../../services/rules/policies.ts';
import { assertRole } from '../auth.ts';
import { httpError } from '../errors.ts';
import { errorResponses, openObject } from '../schemas.ts';
import { sendJson } from '../send-json.ts';

const ruleParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const matchBody = {
  type: 'object',
  required: ['profile', 'year'],
  properties: {
    profile: { type: 'object' },
    year: { type: 'integer', minimum: 1949, maximum: 2100 },
  },
  additionalProperties: false,
} as const;

/**
 * The policy `id` as the caller may see it: published to anyone; withdrawn (or draft) to administrators and policy
 * operators, who manage them. 404 otherwise.
 */
async function visiblePolicy(database: Database, id: string, request: FastifyRequest) {
  const found = await getPolicy(database, id);
  const role = request.account?.role;
  const manager = role === 'admin' || role === 'policy_operator';
  if (found === undefined || (found.summary.status !== 'published' && !manager)) {
    throw httpError(404, 'http.not_found', `no published policy ${id}`);
  }
  return found;
}

/**
 * Rules: the published policies (GET /api/rules, GET /api/rules/:id) and matching one profile against them
 * (POST /api/match {profile, year} → the contract's MatchReport). The profile is the caller's own: nothing
 * stored about any enterprise is read or returned here.
 */
export function rulesRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { status: 'published' | 'all' } }>(
      '/rules',
      {
        schema: {
          summary: 'The published policies (status=all: withdrawn ones too, for administrators and operators)',
          tags: ['rules'],
          querystring: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['published', 'all'], default: 'published' } },
            additionalProperties: false,
          },
          response: { 200: { type: 'array', items: openObject('a policy summary') }, ...errorResponses },
        },
      },
      async (request) => {
        if (request.query.status === 'published') return listPolicies(database, 'published');
        assertRole(request, 'admin', 'policy_operator');
        return listPolicies(database);
      },
    );
    app.get<{ Params: { id: string } }>(
      '/rules/:id',
      {
        schema: {
          summary: 'One published policy with its rule JSON (administrators and operators: withdrawn ones too)',
          tags: ['rules'],
          params: ruleParams,
          response: { 200: openObject('the policy and its rule'), ...errorResponses },
        },
      },
      (request) => visiblePolicy(database, request.params.id, request),
    );

    app.get<{ Params: { id: string } }>(
      '/rules/:id/sources',
      {
        schema: {
          summary: "Where each of the policy's source sentences is printed: the article and the sentence's span",
          tags: ['rules'],
          params: ruleParams,
          response: { 200: { type: 'array', items: openObject('PolicySourceLocation') }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { policy } = await visiblePolicy(database, request.params.id, request);
        return sendJson(request, reply, await locateSourcesJson(database, policy));
      },
    );

    app.post<{ Body: { profile: unknown; year: number } }>(
      '/match',
      {
        schema: {
          summary: 'Match the profile sent against the published policies (nothing stored is read)',
          tags: ['rules'],
          body: matchBody,
          response: { 200: openObject("the contract's MatchReport"), ...errorResponses },
        },
      },
      (request) => {
        const checked = validateProfile(request.body.profile);
        if ('errors' in checked) {
          const detail = checked.errors.map((e) => `${e.path || 'profile'}: ${e.reason}`).join('; ');
          throw httpError(400, 'http.invalid_request', `the profile is not valid: ${detail}`);
        }
        return matchProfile(database, checked.profile, request.body.year);
      },
    );
  };
}
