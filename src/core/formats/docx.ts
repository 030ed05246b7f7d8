// A Word document (DOCX) → one line per Word paragraph, each table row one line of tab-separated cells.
// mammoth turns the document into HTML, and the HTML line builder does the rest, so Word and web pages are
// laid out by the same rules.
import { load } from 'cheerio';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { errors, ZhidaError } from '../errors.ts';
import { isBlank } from './cjk.ts';
import { cleanDeclaredTitle } from './declared-title.ts';
import { domToLines } from './dom-lines.ts';
import { normaliseText } from './normalise.ts';

export interface DocxText {
  text: string;
  title: string | null;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxText> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const zip = await JSZip.loadAsync(buffer);
    if (!zip.file('word/document.xml')) throw errors.binaryInput('a ZIP archive that is not a Word document');
    const title = await readCoreTitle(zip);
    const { value: html } = await mammoth.convertToHtml(
      { buffer },
      {
        // Images are not text; without this mammoth inlines each one as base64 into the HTML.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        // A DOCX may link files by path or URL; reading them would be I/O a pure reader must not do.
        externalFileAccess: false,
      },
    );
    const $ = load(html);
    // mammoth appends footnotes with "↑" links back to their reference.
    $('a[href^="#footnote-ref"], a[href^="#endnote-ref"], a[href^="#comment-ref"]').remove();
    const lines = domToLines($.root()[0]!)
      .map((line) => normaliseText(line))
      .filter((line) => !isBlank(line));
    if (lines.length === 0) throw errors.badFormat('DOCX', 'the document holds no text');
    return { text: lines.join('\n'), title };
  } catch (e) {
    if (e instanceof ZhidaError) throw e;
    throw errors.badFormat('DOCX', describe(e));
  }
}

/** dc:title from docProps/core.xml, which mammoth does not read. */
async function readCoreTitle(zip: JSZip): Promise<string | null> {
  const core = zip.file('docProps/core.xml');
  if (!core) return null;
  const xml = await core.async('string');
  const m = /<dc:title(?:\s[^>]*)?>([\s\S]*?)<\/dc:title>/.exec(xml);
  return m ? cleanDeclaredTitle(decodeXmlEntities(m[1]!)) : null;
}

function decodeXmlEntities(s: string): string {
  return s.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi,
    (all, hex?: string, dec?: string, name?: string) => {
      if (hex || dec) {
        const code = parseInt(hex ?? dec!, hex ? 16 : 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name!.toLowerCase()] ?? all;
    },
  );
}

function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.slice(0, 200) || 'unreadable';
}
