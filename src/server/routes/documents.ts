import type { FastifyInstance } from 'fastify';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';
import type { Database } from '../../db/database.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import { uploadDocument } from '../../services/policies/library.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';
import { acceptDocumentBytes, documentContentTypes, documentQuery, fileName } from './extract.ts';

/**
 * POST /api/policies/documents?name=FILE: a document's own bytes into the library (administrators and policy
 * operators), read exactly as POST /api/extract reads them, with the same errors for bytes it cannot read.
 */
export function documentsRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    acceptDocumentBytes(app);
    app.post<{ Querystring: { name?: string }; Body: Buffer | undefined }>(
      '/policies/documents',
      {
        bodyLimit: MAX_INPUT_BYTES,
        preHandler: requireRole('admin', 'policy_operator'),
        schema: {
          summary: "Add a document to the library: the body is the file's own bytes (text, HTML, PDF or DOCX)",
          tags: ['policies'],
          security: signedIn,
          consumes: documentContentTypes,
          querystring: documentQuery,
          response: { 200: openObject('SourceView with status new, updated or unchanged'), ...errorResponses },
        },
      },
      (request) =>
        uploadDocument(
          database,
          { name: fileName(request.query.name), bytes: request.body ?? new Uint8Array() },
          accountActor(request.account!),
        ),
    );
  };
}
