import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { httpError } from '../errors.ts';
import { errorResponses } from '../schemas.ts';

const statusOk = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

/** GET /healthz: the process answers. GET /readyz: it can serve, i.e. its database answers a trivial query. */
export function healthRoutes(database: Database | undefined) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/healthz',
      { schema: { summary: 'Liveness: the process answers', tags: ['meta'], response: { 200: statusOk } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          summary: 'Readiness: the database answers (503 http.not_ready with the reason when it does not)',
          tags: ['meta'],
          response: { 200: statusOk, ...errorResponses },
        },
      },
      async (request) => {
        if (database) {
          try {
            await sql`select 1`.execute(database.db);
          } catch (err) {
            request.log.warn({ err }, 'readiness check failed');
            const reason = err instanceof Error ? err.message : String(err);
            throw httpError(503, 'http.not_ready', `the database does not answer: ${reason}`);
          }
        }
        return { status: 'ok' as const };
      },
    );
  };
}
