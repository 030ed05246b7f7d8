import type { FastifyInstance } from 'fastify';
import { errorResponses, openObject } from '../schemas.ts';

/** GET /api/openapi.json: the OpenAPI 3 document @fastify/swagger builds from every route's schema. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3 document (the docs page at /api/docs reads the same)',
        tags: ['meta'],
        response: { 200: openObject('an OpenAPI 3.0 document'), ...errorResponses },
      },
    },
    // app.swagger() is complete only once every route is registered, i.e. at the first request.
    async () => app.swagger(),
  );
}
