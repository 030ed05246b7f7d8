import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { qualifyPolicy } from '../../services/rules/bulk.ts';
import { qualifyXlsx } from '../../services/rules/qualify-export.ts';
import { qualifyingPage, regionScope } from '../../services/rules/qualifying.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, openObject, signedIn, XLSX, xlsxResponse } from '../schemas.ts';
import { operatorScope } from '../tenant.ts';

const ruleParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const year = { type: 'integer', minimum: 1949, maximum: 2100, description: 'default: this year' } as const;

const pageQuery = {
  type: 'object',
  properties: {
    year,
    unknown: { type: 'boolean', default: false, description: 'list those a missing fact leaves undecided too' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
  additionalProperties: false,
} as const;

const xlsxQuery = {
  type: 'object',
  properties: {
    year,
    unknown: { type: 'boolean', default: false, description: 'list those a missing fact leaves undecided too' },
  },
  additionalProperties: false,
} as const;

const staff = requireRole('admin', 'policy_operator', 'service_coordinator');

/** `attachment` with an ASCII name for old clients and the UTF-8 one (RFC 6266, RFC 5987) for the rest. */
export function attachment(asciiName: string, utf8Name: string): string {
  const ascii = asciiName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`;
}

/**
 * The enterprises that qualify for a policy, computed now (administrators, operators and coordinators; an
 * operator sees those within its region): a page as JSON, or the whole list as `zhida qualify --format xlsx`.
 */
export function qualifyingRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{
      Params: { id: string };
      Querystring: { year?: number; unknown: boolean; limit: number; offset: number };
    }>(
      '/rules/:id/qualifying',
      {
        preHandler: staff,
        schema: {
          summary: 'The enterprises that qualify for a policy (eligible first, largest sum first), a page at a time',
          tags: ['rules'],
          security: signedIn,
          params: ruleParams,
          querystring: pageQuery,
          response: { 200: openObject('QualifyingPage (src/server/api.ts)'), ...errorResponses },
        },
      },
      (request) =>
        qualifyingPage(database, request.params.id, {
          ...request.query,
          year: request.query.year ?? new Date().getFullYear(),
          scope: operatorScope(request.account!),
        }),
    );

    app.get<{ Params: { id: string }; Querystring: { year?: number; unknown: boolean } }>(
      '/rules/:id/qualifying.xlsx',
      {
        preHandler: staff,
        schema: {
          summary: 'The enterprises that qualify for a policy as an Excel workbook (the columns of zhida qualify)',
          tags: ['rules'],
          security: signedIn,
          params: ruleParams,
          querystring: xlsxQuery,
          ...xlsxResponse,
        },
      },
      async (request, reply) => {
        const year = request.query.year ?? new Date().getFullYear();
        const keep = regionScope(operatorScope(request.account!));
        const result = await qualifyPolicy(database, request.params.id, year, {
          includeUnknown: request.query.unknown,
          ...(keep ? { keep } : {}),
        });
        const name = `qualifying-${result.policy.id}-${year}.xlsx`;
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(name, `${result.policy.title}-${year}.xlsx`))
          .send(await qualifyXlsx(result));
      },
    );
  };
}
