import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GRANT_STATES, LIST_ACTIONS, type GrantState } from '../../core/grants/state-machine.ts';
import type { Database } from '../../db/database.ts';
import type { EntryFilter } from '../../db/grants.repository.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import {
  createGrantList,
  enterpriseGrants,
  excludeEntry,
  getGrantList,
  GrantAccessRefused,
  grantEntries,
  grantNotice,
  grantNotices,
  grantWorkbook,
  includeEntry,
  listGrantLists,
  recordPayment,
  respondToGrant,
  transitionList,
  type GrantOperator,
  type PaymentInput,
  type TransitionInput,
} from '../../services/grants/lists.ts';
import { requireRole } from '../auth.ts';
import { httpError } from '../errors.ts';
import { errorResponses, openObject, signedIn, XLSX, xlsxResponse } from '../schemas.ts';
import { operatorScope, requireTenant } from '../tenant.ts';
import { attachment } from './qualifying.ts';

// 免申即享 lists (issue 7): administrators and policy operators run, review, confirm and pay lists (an operator the
// lists of policies within its region, as it authors them); an enterprise user answers for its own entries; anyone
// reads the public notices (公示) of published lists: names and amounts only.

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code' };
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const usccIdParams = {
  type: 'object',
  required: ['uscc', 'id'],
  properties: { uscc: USCC, id: { type: 'integer', minimum: 1, description: 'the entry id' } },
} as const;
const usccParams = { type: 'object', required: ['uscc'], properties: { uscc: USCC } } as const;
const REASON = { type: 'string', minLength: 1, maxLength: 500 } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const listQuery = {
  type: 'object',
  properties: {
    policyId: { type: 'string', maxLength: 200 },
    state: { type: 'string', enum: [...GRANT_STATES] },
  },
  additionalProperties: false,
} as const;

const createBody = {
  type: 'object',
  required: ['policyId'],
  properties: {
    policyId: { type: 'string', minLength: 1, maxLength: 200 },
    year: { type: 'integer', minimum: 1949, maximum: 2100, description: 'default: this year' },
  },
  additionalProperties: false,
} as const;

const FILTERS: EntryFilter[] = ['all', 'included', 'excluded', 'accepted', 'declined', 'pending', 'paid', 'unpaid'];
const entriesQuery = {
  type: 'object',
  properties: {
    filter: { type: 'string', enum: FILTERS, default: 'all' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
  additionalProperties: false,
} as const;

const transitionBody = {
  type: 'object',
  required: ['action'],
  properties: {
    action: { type: 'string', enum: [...LIST_ACTIONS] },
    note: { type: 'string', maxLength: 2000 },
    respondBy: { ...DATE, description: 'open_confirmation: the date answers are expected by' },
    version: { type: 'integer', minimum: 1, description: 'the list version you saw (409 grant.conflict if changed)' },
  },
  additionalProperties: false,
} as const;

const excludeBody = {
  type: 'object',
  required: ['reason'],
  properties: { reason: REASON },
  additionalProperties: false,
} as const;
const includeBody = {
  type: ['object', 'null'],
  properties: { reason: REASON },
  additionalProperties: false,
} as const;

const paymentBody = {
  oneOf: [
    {
      type: 'object',
      required: ['status', 'paidOn', 'reference'],
      properties: {
        status: { const: 'paid' },
        paidOn: DATE,
        reference: { type: 'string', minLength: 1, maxLength: 200 },
        amount: { type: 'number', minimum: 0, description: 'yuan; default: the entry’s sum (its upper end)' },
      },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['status', 'reason'],
      properties: { status: { const: 'failed' }, reason: REASON },
      additionalProperties: false,
    },
  ],
} as const;

const responseBody = {
  type: 'object',
  required: ['answer'],
  properties: { answer: { type: 'string', enum: ['accept', 'decline'] }, reason: REASON },
  additionalProperties: false,
} as const;

const listWork = requireRole('admin', 'policy_operator');

function operator(request: FastifyRequest): GrantOperator {
  const account = request.account!;
  return { actor: accountActor(account), scope: operatorScope(account) };
}

/** A list outside the operator's region is refused as authoring refuses a policy outside it. */
async function scoped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GrantAccessRefused) {
      throw httpError(
        403,
        'auth.forbidden',
        `the list's policy regions (${error.regions.join(', ')}) do not lie within your region (${error.scope}); ` +
          'ask an administrator',
      );
    }
    throw error;
  }
}

export function grantsRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    const tenant = requireTenant(database);

    app.get<{ Querystring: { policyId?: string; state?: GrantState } }>(
      '/grants',
      {
        preHandler: listWork,
        schema: {
          summary: '免申即享 lists, newest first (a policy operator: those of policies within its region)',
          tags: ['grants'],
          security: signedIn,
          querystring: listQuery,
          response: {
            200: { type: 'array', items: openObject('GrantListView (src/services/grants/lists.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => listGrantLists(database, request.query, operator(request)),
    );

    app.post<{ Body: { policyId: string; year?: number } }>(
      '/grants',
      {
        preHandler: listWork,
        schema: {
          summary: 'Run an auto-grant policy over authoritative facts: a new list in 系统比对 (compared)',
          tags: ['grants'],
          security: signedIn,
          body: createBody,
          response: { 201: openObject('GrantListDetail (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const list = await scoped(
          createGrantList(
            database,
            { policyId: request.body.policyId, year: request.body.year ?? new Date().getFullYear() },
            operator(request),
          ),
        );
        return reply.status(201).send(list);
      },
    );

    app.get(
      '/grants/notices',
      {
        schema: {
          summary: 'The public notices (公示) of published 免申即享 lists, newest first',
          tags: ['grants'],
          response: {
            200: { type: 'array', items: openObject('GrantNoticeSummary (src/services/grants/lists.ts)') },
            ...errorResponses,
          },
        },
      },
      () => grantNotices(database),
    );

    app.get<{ Params: { id: number } }>(
      '/grants/:id',
      {
        preHandler: listWork,
        schema: {
          summary: 'One 免申即享 list: its state, figures, next step and history',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          response: { 200: openObject('GrantListDetail (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(getGrantList(database, request.params.id, operator(request))),
    );

    app.get<{ Params: { id: number }; Querystring: { filter: EntryFilter; limit: number; offset: number } }>(
      '/grants/:id/entries',
      {
        preHandler: listWork,
        schema: {
          summary: "A list's entries, largest sum first",
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          querystring: entriesQuery,
          response: { 200: openObject('Page<GrantEntryView> (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(grantEntries(database, request.params.id, request.query, operator(request))),
    );

    app.post<{ Params: { id: number }; Body: TransitionInput }>(
      '/grants/:id/transitions',
      {
        preHandler: listWork,
        schema: {
          summary:
            'Move a list on: confirm (freeze and push), open_confirmation, start_payment, publish (公示), archive',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          body: transitionBody,
          response: { 200: openObject('GrantListDetail (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(transitionList(database, request.params.id, request.body, operator(request))),
    );

    app.get<{ Params: { id: number } }>(
      '/grants/:id/export.xlsx',
      {
        preHandler: listWork,
        schema: {
          summary: 'A frozen list as an Excel workbook for the paying department',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          ...xlsxResponse,
        },
      },
      async (request, reply) => {
        const { list, bytes } = await scoped(grantWorkbook(database, request.params.id, operator(request)));
        const name = `grant-${list.policy.id}-v${list.policy.version}-run${list.run}.xlsx`;
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(name, `免申即享-${list.policy.title}-第${list.run}批.xlsx`))
          .send(bytes);
      },
    );

    app.get<{ Params: { id: number } }>(
      '/grants/:id/notice',
      {
        schema: {
          summary: 'The public notice (公示) of a published list: the names and amounts of its paid entries',
          tags: ['grants'],
          params: idParams,
          response: { 200: openObject('GrantNotice (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => grantNotice(database, request.params.id),
    );

    app.post<{ Params: { id: number }; Body: { reason: string } }>(
      '/grants/entries/:id/exclude',
      {
        preHandler: listWork,
        schema: {
          summary: 'Leave an entry off a list under review (系统比对), with the reason',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          body: excludeBody,
          response: { 200: openObject('GrantEntryView (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(excludeEntry(database, request.params.id, request.body.reason, operator(request))),
    );

    app.post<{ Params: { id: number }; Body: { reason?: string } | null | undefined }>(
      '/grants/entries/:id/include',
      {
        preHandler: listWork,
        schema: {
          summary: 'Put an excluded entry back on a list under review (系统比对)',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          body: includeBody,
          response: { 200: openObject('GrantEntryView (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(includeEntry(database, request.params.id, request.body?.reason, operator(request))),
    );

    app.post<{ Params: { id: number }; Body: PaymentInput }>(
      '/grants/entries/:id/payment',
      {
        preHandler: listWork,
        schema: {
          summary: 'Record the payment of an accepted entry (自动兑付): paid with date and reference, or failed',
          tags: ['grants'],
          security: signedIn,
          params: idParams,
          body: paymentBody,
          response: { 200: openObject('GrantEntryView (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) => scoped(recordPayment(database, request.params.id, request.body, operator(request))),
    );

    app.get<{ Params: { uscc: string } }>(
      '/enterprises/:uscc/grants',
      {
        preHandler: tenant,
        schema: {
          summary: "An enterprise's 免申即享 entries on the lists it has been told of",
          tags: ['grants'],
          security: signedIn,
          params: usccParams,
          response: {
            200: { type: 'array', items: openObject('EnterpriseGrantView (src/services/grants/lists.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => enterpriseGrants(database, request.params.uscc),
    );

    app.post<{ Params: { uscc: string; id: number }; Body: { answer: 'accept' | 'decline'; reason?: string } }>(
      '/enterprises/:uscc/grants/:id/response',
      {
        preHandler: [tenant, requireRole('enterprise_user')],
        schema: {
          summary: 'The enterprise user confirms (accept) or declines its entry (意愿确认)',
          tags: ['grants'],
          security: signedIn,
          params: usccIdParams,
          body: responseBody,
          response: { 200: openObject('EnterpriseGrantView (src/services/grants/lists.ts)'), ...errorResponses },
        },
      },
      (request) =>
        respondToGrant(database, request.params.uscc, request.params.id, request.body, accountActor(request.account!)),
    );
  };
}
