import type { FastifyInstance } from 'fastify';
import { FREQUENCIES, type SubscriptionInput } from '../../core/push/subscription.ts';
import type { Database } from '../../db/database.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import { listDeadLetters, outboxFigures, requeueDeadLetter } from '../../services/push/dead-letters.ts';
import { reportFacts, type SelfReport } from '../../services/push/self-report.ts';
import { getSubscription, putSubscription } from '../../services/push/subscriptions.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';
import { requireTenant } from '../tenant.ts';

// Push (issue 7): an enterprise's subscription and its self-reported facts (tenant-checked, as every
// /api/enterprises/{uscc}/… route), and the outbox for administrators: its figures, dead letters, requeueing.

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code' };
const usccParams = { type: 'object', required: ['uscc'], properties: { uscc: USCC } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

const subscriptionBody = {
  type: 'object',
  properties: {
    topics: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 50 } },
    regions: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', pattern: '^\\d{6}$' },
      description: 'GB/T 2260 codes: policies issued within them',
    },
    minAmount: { type: ['number', 'null'], minimum: 0, description: 'yuan; null: any' },
    email: { type: ['string', 'null'], maxLength: 254, description: 'the contact e-mail; null: no e-mail' },
    webhook: {
      type: ['object', 'null'],
      required: ['url'],
      properties: {
        url: { type: 'string', maxLength: 2000 },
        secret: { type: 'string', minLength: 16, maxLength: 200, description: 'left out: keep the stored one' },
      },
      additionalProperties: false,
    },
    frequency: { type: 'string', enum: [...FREQUENCIES] },
  },
  additionalProperties: false,
} as const;

const YEAR_FIGURES = {
  type: 'object',
  additionalProperties: { type: 'number', minimum: 0 },
  description: 'figures of one year by metric key (money in yuan)',
} as const;

const factsBody = {
  type: 'object',
  properties: {
    industry: { type: 'string', maxLength: 10 },
    founded: { type: 'string', maxLength: 10 },
    employees: { type: 'integer', minimum: 0 },
    qualifications: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, year: { type: 'integer' } },
        additionalProperties: false,
      },
    },
    metrics: { type: 'object', additionalProperties: YEAR_FIGURES, description: '{"2025": {"revenue": 1000000}}' },
    asOf: { type: 'string', maxLength: 10, description: 'the date the facts are true as of; default today' },
  },
  additionalProperties: false,
} as const;

const deadQuery = {
  type: 'object',
  properties: {
    channel: { type: 'string', enum: ['inbox', 'email', 'webhook'] },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
  additionalProperties: false,
} as const;

const admin = requireRole('admin');

type Uscc = { uscc: string };

export function pushRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    const tenant = requireTenant(database);

    app.get<{ Params: Uscc }>(
      '/enterprises/:uscc/subscription',
      {
        preHandler: tenant,
        schema: {
          summary: "An enterprise's push subscription: topics, regions, minimum amount, channels and frequency",
          tags: ['push'],
          security: signedIn,
          params: usccParams,
          response: { 200: openObject('SubscriptionView (src/services/push/subscriptions.ts)'), ...errorResponses },
        },
      },
      (request) => getSubscription(database, request.params.uscc),
    );

    app.put<{ Params: Uscc; Body: SubscriptionInput }>(
      '/enterprises/:uscc/subscription',
      {
        preHandler: tenant,
        schema: {
          summary: 'Set the push subscription (fields left out keep their value; the webhook secret is never shown)',
          tags: ['push'],
          security: signedIn,
          params: usccParams,
          body: subscriptionBody,
          response: { 200: openObject('SubscriptionView (src/services/push/subscriptions.ts)'), ...errorResponses },
        },
      },
      (request) => putSubscription(database, request.params.uscc, request.body, accountActor(request.account!)),
    );

    app.post<{ Params: Uscc; Body: SelfReport }>(
      '/enterprises/:uscc/facts',
      {
        preHandler: tenant,
        schema: {
          summary:
            'Report facts about the enterprise (self-reported, never authoritative); its matches are refreshed and changes pushed',
          tags: ['push'],
          security: signedIn,
          params: usccParams,
          body: factsBody,
          response: { 200: openObject('SelfReportOutcome (src/services/push/self-report.ts)'), ...errorResponses },
        },
      },
      (request) => reportFacts(database, request.params.uscc, request.body, accountActor(request.account!)),
    );

    app.get(
      '/push/outbox',
      {
        preHandler: admin,
        schema: {
          summary: 'Administrators: how many deliveries the outbox holds, by channel and state',
          tags: ['push'],
          security: signedIn,
          response: { 200: openObject('OutboxFigures (src/services/push/dead-letters.ts)'), ...errorResponses },
        },
      },
      () => outboxFigures(database),
    );

    app.get<{ Querystring: { channel?: 'inbox' | 'email' | 'webhook'; limit: number; offset: number } }>(
      '/push/dead-letters',
      {
        preHandler: admin,
        schema: {
          summary: 'Administrators: deliveries that gave up after their last attempt, oldest first',
          tags: ['push'],
          security: signedIn,
          querystring: deadQuery,
          response: { 200: openObject('Page<DeliveryView> (src/services/push/dead-letters.ts)'), ...errorResponses },
        },
      },
      (request) => listDeadLetters(database, request.query),
    );

    app.post<{ Params: { id: number } }>(
      '/push/dead-letters/:id/requeue',
      {
        preHandler: admin,
        schema: {
          summary: 'Administrators: put a dead letter back in the queue, due now, its attempts counted afresh',
          tags: ['push'],
          security: signedIn,
          params: idParams,
          response: { 200: openObject('DeliveryView (src/services/push/dead-letters.ts)'), ...errorResponses },
        },
      },
      (request) => requeueDeadLetter(database, request.params.id, accountActor(request.account!)),
    );
  };
}
