// The one entry point of the format layer: a document's bytes → clean plain text, whatever the format.
// Everything here is pure (bytes in, text out); reading files is the caller's business.
import { errors } from '../errors.ts';
import type { SourceFormat } from '../extract/types.ts';
import { decodeText } from './decode.ts';
import { detectFormat } from './detect.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { MAX_INPUT_BYTES } from './limits.ts';
import { readPdf } from './pdf.ts';

export interface DocumentText {
  /** plain text, NFC, '\n' line ends, one paragraph per line, no BOM */
  text: string;
  /** the encoding the text was decoded from: 'utf-8', 'utf-16le', 'utf-16be', 'gb18030', …; 'binary' for PDF */
  encoding: string;
  /** detected from the bytes, never from a file name */
  format: SourceFormat;
  /** a title the format itself declares (HTML headline, DOCX core.xml, PDF Info), else null */
  title: string | null;
}

/** Rejects with a ZhidaError (and nothing else) when the bytes are not a readable document. */
export async function readDocument(bytes: Uint8Array): Promise<DocumentText> {
  if (bytes.length === 0) throw errors.emptyInput();
  if (bytes.length > MAX_INPUT_BYTES) throw errors.tooLarge(bytes.length, MAX_INPUT_BYTES);
  const format = detectFormat(bytes);
  switch (format) {
    case 'pdf': {
      const { text, title } = await readPdf(bytes);
      return { text, encoding: 'binary', format, title };
    }
    case 'docx': {
      const { text, title } = await readDocx(bytes);
      return { text, encoding: 'utf-8', format, title };
    }
    case 'html': {
      const { text, encoding, title } = readHtml(bytes);
      return { text, encoding, format, title };
    }
    case 'text': {
      const { text, encoding } = decodeText(bytes);
      return { text, encoding, format, title: null };
    }
  }
}
