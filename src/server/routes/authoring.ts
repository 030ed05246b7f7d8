import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import {
  publishAndNotify,
  withdrawAndNotify,
  type Author,
  type AuthoringRefusal,
} from '../../services/rules/authoring.ts';
import { previewPolicy } from '../../services/rules/qualifying.ts';
import { requireRole } from '../auth.ts';
import { httpError, rulesInvalid } from '../errors.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';
import { operatorScope } from '../tenant.ts';

const year = { type: 'integer', minimum: 1949, maximum: 2100 } as const;

const previewBody = {
  type: 'object',
  required: ['policy'],
  properties: { policy: {}, year: { ...year, description: 'default: this year' } },
  additionalProperties: false,
} as const;

const publishBody = {
  type: 'object',
  required: ['policy'],
  properties: { policy: { description: 'the policy in the authoring format (docs/rules.md)' } },
  additionalProperties: false,
} as const;

const withdrawBody = {
  type: ['object', 'null'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
  additionalProperties: false,
} as const;

const ruleParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const authoring = requireRole('admin', 'policy_operator');

function author(request: FastifyRequest): Author {
  const account = request.account!;
  return { actor: accountActor(account), scope: operatorScope(account) };
}

function refused(refusal: AuthoringRefusal, id: string): Error {
  switch (refusal.reason) {
    case 'invalid':
      return rulesInvalid(refusal.errors);
    case 'out_of_scope':
      return httpError(
        403,
        'auth.forbidden',
        `the policy's regions (${refusal.regions.join(', ')}) do not lie within your region; ask an administrator`,
      );
    case 'not_found':
      return httpError(404, 'http.not_found', `no policy ${id}`);
  }
}

/**
 * Authoring (administrators and policy operators; an operator within its region): preview who a policy would
 * reach, publish it (its matches of this year refreshed, the enterprises concerned notified), withdraw it.
 */
export function authoringRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: { policy: unknown; year?: number } }>(
      '/rules/preview',
      {
        preHandler: authoring,
        schema: {
          summary: 'Who would qualify for a policy, before it is stored (an invalid one: valid false and its errors)',
          tags: ['rules'],
          security: signedIn,
          body: previewBody,
          response: { 200: openObject('RulePreview (src/server/api.ts)'), ...errorResponses },
        },
      },
      (request) =>
        previewPolicy(
          database,
          request.body.policy,
          request.body.year ?? new Date().getFullYear(),
          operatorScope(request.account!),
        ),
    );

    app.post<{ Body: { policy: unknown } }>(
      '/rules',
      {
        preHandler: authoring,
        schema: {
          summary:
            "Publish a policy: a new version (or unchanged), this year's matches refreshed, enterprises notified",
          tags: ['rules'],
          security: signedIn,
          body: publishBody,
          response: { 200: openObject('PublishResult (src/server/api.ts)'), ...errorResponses },
        },
      },
      async (request) => {
        const outcome = await publishAndNotify(
          database,
          request.body.policy,
          author(request),
          new Date().getFullYear(),
        );
        if (!outcome.ok) throw refused(outcome, String((request.body.policy as { id?: unknown } | null)?.id));
        return outcome.result;
      },
    );

    app.post<{ Params: { id: string }; Body: { reason?: string } | null | undefined }>(
      '/rules/:id/withdraw',
      {
        preHandler: authoring,
        schema: {
          summary: 'Withdraw a policy: matching stops using it and the enterprises it reached are told',
          tags: ['rules'],
          security: signedIn,
          params: ruleParams,
          body: withdrawBody,
          response: { 200: openObject('WithdrawResult (src/server/api.ts)'), ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        const reason = request.body?.reason;
        const outcome = await withdrawAndNotify(database, id, author(request), new Date().getFullYear(), reason);
        if (!outcome.ok) throw refused(outcome, id);
        return outcome.result;
      },
    );
  };
}
