import { createHash } from 'node:crypto';
import { readDocument } from '../formats/read.ts';
import { extractArticles } from './articles.ts';
import type { Extraction } from './types.ts';

/** Bytes of one policy document (text in any supported encoding, HTML, PDF, DOCX) → the extraction contract. */
export async function extractDocument(bytes: Uint8Array, name: string): Promise<Extraction> {
  const doc = await readDocument(bytes);
  return {
    schemaVersion: 1,
    source: {
      name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      encoding: doc.encoding,
      format: doc.format,
    },
    articles: extractArticles(doc.text, { title: doc.title }),
  };
}
