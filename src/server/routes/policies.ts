import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { searchPolicies } from '../../services/policies/search.ts';
import { libraryStats } from '../../services/policies/stats.ts';
import { errorResponses, openObject } from '../schemas.ts';

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

/** The policy library: full-text search (GET /api/policies/search) and its size (GET /api/policies/stats). */
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
  };
}
