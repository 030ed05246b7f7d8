import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { dashboard } from '../../services/dashboard/dashboard.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';

const dashboardQuery = {
  type: 'object',
  properties: { year: { type: 'integer', minimum: 1949, maximum: 2100, description: 'default: this year' } },
  additionalProperties: false,
} as const;

/** GET /api/dashboard?year=: the library's counts and the year's stored matches by district and industry. */
export function dashboardRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { year?: number } }>(
      '/dashboard',
      {
        preHandler: requireRole(),
        schema: {
          summary: "The library by region, section and year; the year's eligible matches by district and industry",
          tags: ['dashboard'],
          security: signedIn,
          querystring: dashboardQuery,
          response: { 200: openObject('Dashboard (src/server/api.ts)'), ...errorResponses },
        },
      },
      (request) => dashboard(database, request.query.year ?? new Date().getFullYear()),
    );
  };
}
