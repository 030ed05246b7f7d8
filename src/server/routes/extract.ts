import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.ts';
import { extractDocument } from '../../core/extract/document.ts';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';
import { errorResponses, openObject } from '../schemas.ts';

/** The body is the document's own bytes; the extractor detects format and encoding, so none is decoded here. */
export const documentContentTypes = [
  'application/octet-stream',
  'text/plain',
  'text/html',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

export const documentQuery = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255, description: 'the file name, kept as source.name' },
  },
  additionalProperties: false,
} as const;

/**
 * Makes the (encapsulated) plugin `app` read request bodies as a document's raw bytes, up to MAX_INPUT_BYTES, in
 * place of the JSON and text parsers: only the routes of that plugin are affected.
 */
export function acceptDocumentBytes(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    documentContentTypes,
    { parseAs: 'buffer', bodyLimit: MAX_INPUT_BYTES },
    (_request, payload, done) => done(null, payload),
  );
}

/** POST /api/extract?name=FILE → the Extraction (design/extraction-contract.md). */
export async function extractRoutes(app: FastifyInstance): Promise<void> {
  acceptDocumentBytes(app);

  app.post<{ Querystring: { name?: string }; Body: Buffer | undefined }>(
    '/extract',
    {
      bodyLimit: MAX_INPUT_BYTES,
      schema: {
        summary: "Extract a policy document: the body is the file's own bytes (text, HTML, PDF or DOCX)",
        tags: ['extract'],
        consumes: documentContentTypes,
        querystring: documentQuery,
        response: { 200: openObject('the Extraction (design/extraction-contract.md)'), ...errorResponses },
      },
    },
    async (request) => {
      const bytes = request.body;
      if (bytes === undefined || bytes.byteLength === 0) throw errors.emptyInput();
      return extractDocument(bytes, fileName(request.query.name));
    },
  );
}

/** Only the base name is kept: a browser may send a full Windows path. */
export function fileName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  return base === '' ? 'document' : base;
}
