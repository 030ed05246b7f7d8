import type { FastifyInstance } from 'fastify';
import { validateProfile } from '../../core/profile/facts.ts';
import type { Database } from '../../db/database.ts';
import { matchProfile } from '../../services/rules/match.ts';
import { getPolicy, listPolicies } from '../../services/rules/policies.ts';
import { httpError } from '../errors.ts';
import { errorResponses, openObject } from '../schemas.ts';

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
 * Rules: the published policies (GET /api/rules, GET /api/rules/:id) and matching one profile against them
 * (POST /api/match {profile, year} → the contract's MatchReport). The profile is the caller's own: nothing
 * stored about any enterprise is read or returned here.
 */
export function rulesRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/rules',
      {
        schema: {
          summary: 'The published policies',
          tags: ['rules'],
          response: { 200: { type: 'array', items: openObject('a policy summary') }, ...errorResponses },
        },
      },
      () => listPolicies(database, 'published'),
    );
    app.get<{ Params: { id: string } }>(
      '/rules/:id',
      {
        schema: {
          summary: 'One published policy with its rule JSON',
          tags: ['rules'],
          params: ruleParams,
          response: { 200: openObject('the policy and its rule'), ...errorResponses },
        },
      },
      async (request) => {
        const found = await getPolicy(database, request.params.id);
        if (found === undefined || found.summary.status !== 'published') {
          throw httpError(404, 'http.not_found', `no published policy ${request.params.id}`);
        }
        return found;
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
