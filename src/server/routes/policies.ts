import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { getArticle, getSource, listSources } from '../../services/policies/library.ts';
import { searchPolicies } from '../../services/policies/search.ts';
import { libraryStats } from '../../services/policies/stats.ts';
import { requireRole } from '../auth.ts';
import { httpError } from '../errors.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const searchQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 200, default: '' },
    region: { type: 'string', maxLength: 40 },
    section: { type: 'string', maxLength: 40 },
    issuer: { type: 'string', maxLength: 60 },
    year: { type: 'integer', minimum: 1949, maximum: 2100 },
    hasAmount: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    offset: { type: 'integer', minimum: 0, maximum: 10000 },
  },
  additionalProperties: false,
} as const;

interface SearchQuery {
  q: string;
  region?: string;
  section?: string;
  issuer?: string;
  year?: number;
  hasAmount?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * The policy library: full-text search (GET /api/policies/search), its size (GET /api/policies/stats), one
 * article as printed (GET /api/policies/articles/:id) and the ingested documents (GET /api/policies/sources,
 * GET /api/policies/sources/:id; signed in).
 */
export function policiesRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: SearchQuery }>(
      '/policies/search',
      {
        schema: {
          summary: 'Full-text search of the library (simplified or traditional characters), with filters',
          tags: ['policies'],
          querystring: searchQuery,
          response: { 200: openObject('results and their total, as `zhida search --json`'), ...errorResponses },
        },
      },
      (request) => {
        const { q, ...filters } = request.query;
        return searchPolicies(database, q, filters);
      },
    );
    app.get(
      '/policies/stats',
      {
        schema: {
          summary: "The library's size, as `zhida stats --json`",
          tags: ['policies'],
          response: { 200: openObject('documents, articles, measures and amounts counted'), ...errorResponses },
        },
      },
      () => libraryStats(database),
    );

    app.get<{ Params: { id: number } }>(
      '/policies/articles/:id',
      {
        schema: {
          summary: 'One article as printed, with its measures, amounts and rates as spans of its text',
          tags: ['policies'],
          params: idParams,
          response: { 200: openObject('ArticleView (src/server/api.ts)'), ...errorResponses },
        },
      },
      async (request) => {
        const article = await getArticle(database, request.params.id);
        if (article === undefined) throw httpError(404, 'http.not_found', `no article ${request.params.id}`);
        return article;
      },
    );

    app.get(
      '/policies/sources',
      {
        preHandler: requireRole(),
        schema: {
          summary: 'Every ingested document with its current version, newest first',
          tags: ['policies'],
          security: signedIn,
          response: { 200: { type: 'array', items: openObject('SourceListItem') }, ...errorResponses },
        },
      },
      () => listSources(database),
    );

    app.get<{ Params: { id: number } }>(
      '/policies/sources/:id',
      {
        preHandler: requireRole(),
        schema: {
          summary: "One document with its current version's articles",
          tags: ['policies'],
          security: signedIn,
          params: idParams,
          response: { 200: openObject('SourceView (src/server/api.ts)'), ...errorResponses },
        },
      },
      async (request) => {
        const source = await getSource(database, request.params.id);
        if (source === undefined) throw httpError(404, 'http.not_found', `no document ${request.params.id}`);
        return source;
      },
    );
  };
}
