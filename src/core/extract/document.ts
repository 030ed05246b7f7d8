import { createHash } from 'node:crypto';
import { readDocument } from '../formats/read.ts';
import { extractArticleSpans, type ArticleWithSpans } from './articles.ts';
import type { Extraction } from './types.ts';

/** An extraction with the decoded text it was read from and where each part stands in that text. */
export interface DocumentExtraction {
  extraction: Extraction;
  text: string;
  articles: ArticleWithSpans[];
}

/** Bytes of one policy document → its extraction, decoded text and spans (what the library stores). */
export async function extractDocumentWithSpans(bytes: Uint8Array, name: string): Promise<DocumentExtraction> {
  const doc = await readDocument(bytes);
  const text = doc.text.normalize('NFC');
  const articles = extractArticleSpans(text, { title: doc.title });
  return {
    extraction: {
      schemaVersion: 1,
      source: {
        name,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        encoding: doc.encoding,
        format: doc.format,
      },
      articles: articles.map(({ article }) => article),
    },
    text,
    articles,
  };
}

/** Bytes of one policy document (text in any supported encoding, HTML, PDF, DOCX) → the extraction contract. */
export async function extractDocument(bytes: Uint8Array, name: string): Promise<Extraction> {
  return (await extractDocumentWithSpans(bytes, name)).extraction;
}
