import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.ts';
import type { Database } from '../../db/database.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import { enterpriseFeedJson, enterpriseMatch } from '../../services/enterprises/feed.ts';
import { listEnterprises } from '../../services/enterprises/list.ts';
import { listNotifications, markNotificationRead } from '../../services/enterprises/notifications.ts';
import { getProfile } from '../../services/enterprises/profiles.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';
import { sendJson } from '../send-json.ts';
import { operatorScope, requireTenant } from '../tenant.ts';

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code' };

const usccParams = { type: 'object', required: ['uscc'], properties: { uscc: USCC } } as const;

const notificationParams = {
  type: 'object',
  required: ['uscc', 'id'],
  properties: { uscc: USCC, id: { type: 'integer', minimum: 1 } },
} as const;

const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
} as const;

const listQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 100, description: 'part of the name or of the USCC' },
    region: { type: 'string', maxLength: 40, description: 'a GB/T 2260 code or place name; regions within it too' },
    ...pageProperties,
  },
  additionalProperties: false,
} as const;

const yearQuery = {
  type: 'object',
  properties: { year: { type: 'integer', minimum: 1949, maximum: 2100, description: 'default: this year' } },
  additionalProperties: false,
} as const;

const matchParams = {
  type: 'object',
  required: ['uscc', 'id'],
  properties: { uscc: USCC, id: { type: 'string', minLength: 1, maxLength: 200, description: 'a published policy' } },
} as const;

const STATUS = { type: 'string', enum: ['eligible', 'unknown', 'ineligible'] } as const;

const amountRange = {
  type: ['object', 'null'],
  required: ['min', 'max'],
  properties: { min: { type: 'number' }, max: { type: 'number' } },
  description: 'yuan; null: none',
} as const;

/** EnterpriseFeed (src/server/api.ts): documents the answer, which is sent as the cached bytes (send-json.ts). */
const enterpriseFeed = {
  type: 'object',
  required: ['enterprise', 'year', 'counts', 'total', 'wanted', 'matches'],
  properties: {
    enterprise: {
      type: 'object',
      required: ['uscc', 'name', 'region', 'regionName'],
      properties: {
        uscc: { type: 'string' },
        name: { type: 'string' },
        region: { type: 'string' },
        regionName: { type: 'string' },
      },
    },
    year: { type: 'integer' },
    counts: {
      type: 'object',
      required: ['eligible', 'unknown', 'ineligible'],
      properties: { eligible: { type: 'integer' }, unknown: { type: 'integer' }, ineligible: { type: 'integer' } },
    },
    total: { ...amountRange, description: 'the sum of the eligible policies (after 就高不重复); null: none has one' },
    wanted: {
      type: 'array',
      description: 'the facts unknown policies wait for, with how many each would decide, most first',
      items: {
        type: 'object',
        required: ['fact', 'policies'],
        properties: { fact: { type: 'string' }, policies: { type: 'integer' } },
      },
    },
    matches: {
      type: 'array',
      description: 'every published policy, eligible first (largest amount first), then unknown, then ineligible',
      items: {
        type: 'object',
        required: ['policy', 'status', 'amount', 'missing'],
        properties: {
          policy: {
            type: 'object',
            required: ['id', 'title', 'regions'],
            properties: {
              id: { type: 'string' },
              title: { type: 'string' },
              regions: { type: 'array', items: { type: 'string' } },
            },
          },
          status: STATUS,
          amount: amountRange,
          missing: { type: 'array', items: { type: 'string' }, description: 'fact keys' },
        },
      },
    },
  },
} as const;

const pageQuery = { type: 'object', properties: pageProperties, additionalProperties: false } as const;

type Uscc = { uscc: string };
type PageQuery = { limit: number; offset: number };

/**
 * Enterprises: the staff list (GET /api/enterprises) and, for whoever may see the enterprise (tenant.ts), its
 * profile, its feed of policies, why one policy matched as it did, and its notifications.
 */
export function enterprisesRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    const tenant = requireTenant(database);

    app.get<{ Querystring: { q?: string; region?: string } & PageQuery }>(
      '/enterprises',
      {
        preHandler: requireRole('admin', 'policy_operator', 'service_coordinator'),
        schema: {
          summary: 'The enterprises, by name or USCC and region (a policy operator: within its region)',
          tags: ['enterprises'],
          security: signedIn,
          querystring: listQuery,
          response: { 200: openObject('Page<EnterpriseListItem> (src/server/api.ts)'), ...errorResponses },
        },
      },
      (request) => listEnterprises(database, { ...request.query, scope: operatorScope(request.account!) }),
    );

    app.get<{ Params: Uscc }>(
      '/enterprises/:uscc/profile',
      {
        preHandler: tenant,
        schema: {
          summary: "An enterprise's profile, with where each fact came from",
          tags: ['enterprises'],
          security: signedIn,
          params: usccParams,
          response: { 200: openObject('ProfileView'), ...errorResponses },
        },
      },
      async (request) => {
        const view = await getProfile(database, request.params.uscc);
        if (view === undefined) throw errors.enterpriseNotFound(request.params.uscc);
        return view;
      },
    );

    app.get<{ Params: Uscc; Querystring: { year?: number } }>(
      '/enterprises/:uscc/policies',
      {
        preHandler: tenant,
        schema: {
          summary:
            "An enterprise's feed: every published policy matched against its profile now (status, sum, missing facts)",
          tags: ['enterprises'],
          security: signedIn,
          params: usccParams,
          querystring: yearQuery,
          response: { 200: enterpriseFeed, ...errorResponses },
        },
      },
      async (request, reply) => {
        const year = request.query.year ?? new Date().getFullYear();
        // The cached bytes (gzipped when accepted), serialised once per change of the policies or the profile.
        return sendJson(request, reply, await enterpriseFeedJson(database, request.params.uscc, year));
      },
    );

    app.get<{ Params: Uscc & { id: string }; Querystring: { year?: number } }>(
      '/enterprises/:uscc/policies/:id',
      {
        preHandler: tenant,
        schema: {
          summary: 'Why one published policy matched an enterprise as it did: the Match with its trace',
          tags: ['enterprises'],
          security: signedIn,
          params: matchParams,
          querystring: yearQuery,
          response: {
            200: openObject('Match (profile-and-match-contract.md), with trace and sources'),
            ...errorResponses,
          },
        },
      },
      (request) => {
        const year = request.query.year ?? new Date().getFullYear();
        return enterpriseMatch(database, request.params.uscc, request.params.id, year);
      },
    );

    app.get<{ Params: Uscc; Querystring: PageQuery }>(
      '/enterprises/:uscc/notifications',
      {
        preHandler: tenant,
        schema: {
          summary: "An enterprise's notifications, newest first, with how many are unread",
          tags: ['enterprises'],
          security: signedIn,
          params: usccParams,
          querystring: pageQuery,
          response: { 200: openObject('NotificationPage (src/server/api.ts)'), ...errorResponses },
        },
      },
      (request) => listNotifications(database, request.params.uscc, request.query),
    );

    app.post<{ Params: Uscc & { id: number } }>(
      '/enterprises/:uscc/notifications/:id/read',
      {
        preHandler: tenant,
        schema: {
          summary: "Mark one of the enterprise's notifications read",
          tags: ['enterprises'],
          security: signedIn,
          params: notificationParams,
          response: { 204: { type: 'null' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { uscc, id } = request.params;
        await markNotificationRead(database, uscc, id, accountActor(request.account!));
        return reply.status(204).send();
      },
    );
  };
}
