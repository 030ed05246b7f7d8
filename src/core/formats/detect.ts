// Which reader a document needs, from its bytes alone: file names lie (a .doc that is HTML, a .txt that is
// GBK, a .pdf that is a scanned JPEG). Formats we cannot read are refused here with a message that names
// what the file looks like, so the user knows what to do instead.
import { errors } from '../errors.ts';
import type { SourceFormat } from '../extract/types.ts';
import { sniffBom, sniffUtf16 } from './decode.ts';

// How far into a file a signature or an HTML tag is looked for: PDF allows junk before "%PDF-" within 1 KB.
const HEAD_BYTES = 1024;

export function detectFormat(bytes: Uint8Array): SourceFormat {
  if (isPdf(bytes)) return 'pdf';
  if (isZip(bytes)) return zipKind(bytes);
  const what = binarySignature(bytes);
  if (what) throw errors.binaryInput(what);
  if (startsWith(bytes, ascii('{\\rtf'))) throw errors.badFormat('RTF', 'RTF is not supported; save it as DOCX or PDF');
  return sniffMarkup(bytes);
}

function isPdf(bytes: Uint8Array): boolean {
  const at = indexOf(bytes.subarray(0, HEAD_BYTES), ascii('%PDF-'));
  // "%PDF-" then a version digit; a text that merely mentions "%PDF-" is not caught.
  return at !== -1 && (bytes.length <= at + 5 || (bytes[at + 5]! >= 0x30 && bytes[at + 5]! <= 0x39));
}

function isZip(bytes: Uint8Array): boolean {
  // Local file header, empty archive, or spanned archive.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && [3, 5, 7].includes(bytes[2]!) && bytes[3] === bytes[2]! + 1;
}

/**
 * A ZIP is a DOCX when it holds word/document.xml. Names are stored uncompressed in the local headers and the
 * central directory, so a byte search finds them without unpacking — and still finds them in a damaged
 * DOCX, which should then be reported as a damaged Word file rather than as "some ZIP archive".
 */
function zipKind(bytes: Uint8Array): SourceFormat {
  if (indexOf(bytes, ascii('word/document.xml')) !== -1) return 'docx';
  if (indexOf(bytes, ascii('OFD.xml')) !== -1)
    throw errors.badFormat('OFD', 'OFD documents are not supported; export it as PDF or DOCX');
  if (indexOf(bytes, ascii('xl/workbook.xml')) !== -1) throw errors.binaryInput('an Excel workbook');
  if (indexOf(bytes, ascii('ppt/presentation.xml')) !== -1) throw errors.binaryInput('a PowerPoint presentation');
  if (indexOf(bytes, ascii('application/vnd.oasis.opendocument')) !== -1)
    throw errors.binaryInput('an OpenDocument (ODF) file; save it as DOCX');
  throw errors.binaryInput('a ZIP archive that is not a Word document');
}

interface Signature {
  at: number;
  bytes: number[];
  what: string;
}

// Only signatures that no text file can start with (each has a NUL or a byte above 0x7F, or is long).
const SIGNATURES: Signature[] = [
  { at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { at: 0, bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { at: 0, bytes: ascii('GIF87a'), what: 'a GIF image' },
  { at: 0, bytes: ascii('GIF89a'), what: 'a GIF image' },
  { at: 0, bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { at: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { at: 8, bytes: ascii('WEBP'), what: 'a WebP image' },
  { at: 4, bytes: ascii('ftyp'), what: 'a video or audio file' },
  { at: 0, bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable program' },
  { at: 0, bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'an executable program' },
  { at: 0, bytes: [0xfe, 0xed, 0xfa, 0xcf], what: 'an executable program' },
  { at: 0, bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'an executable program' },
  {
    at: 0,
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an old-format Office file (.doc, .xls or .wps); save it as DOCX',
  },
  { at: 0, bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { at: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { at: 0, bytes: ascii('Rar!\x1a\x07'), what: 'a RAR archive' },
  { at: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { at: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive' },
  { at: 0, bytes: ascii('SQLite format 3\x00'), what: 'an SQLite database' },
  { at: 0, bytes: ascii('OggS\x00'), what: 'a video or audio file' },
  { at: 0, bytes: [0x1a, 0x45, 0xdf, 0xa3], what: 'a video or audio file' },
  { at: 0, bytes: ascii('wOFF'), what: 'a font file' },
  { at: 0, bytes: ascii('wOF2'), what: 'a font file' },
];

function binarySignature(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) if (startsWith(bytes, s.bytes, s.at)) return s.what;
  // A Windows program starts "MZ"; text can too, but a program has NULs right after.
  if (bytes[0] === 0x4d && bytes[1] === 0x5a && bytes.subarray(2, 64).includes(0)) return 'an executable program';
  return null;
}

/**
 * HTML or plain text. Looks at the head as ASCII (NULs dropped, so UTF-16 pages are seen too) for what a
 * browser's sniffer looks for: a doctype or one of the usual first tags, after any comments.
 */
function sniffMarkup(bytes: Uint8Array): SourceFormat {
  const head = markupHead(bytes);
  // Skip whitespace and comments, then an XML declaration (XHTML), before the first tag.
  const start = head.replace(/^(?:[\t\n\f\r ]+|<!--[\s\S]*?-->)*/, '');
  const afterDecl = start.replace(/^<\?xml[^>]*>(?:[\t\n\f\r ]+|<!--[\s\S]*?-->)*/, '');
  if (HTML_START.test(afterDecl)) return 'html';
  if (/^<svg[\s>]/i.test(afterDecl)) throw errors.binaryInput('an SVG image');
  if (afterDecl !== start) {
    if (/<html[\s>]/i.test(head)) return 'html';
    throw errors.badFormat('XML', 'only text, HTML, PDF and DOCX are supported');
  }
  return 'text';
}

/** The first 2 KB as characters: decoded when UTF-16, else byte for byte (the tags are ASCII). */
function markupHead(bytes: Uint8Array): string {
  const head = bytes.subarray(0, HEAD_BYTES * 2);
  let encoding: string | null;
  try {
    encoding = sniffBom(head)?.encoding ?? sniffUtf16(head);
  } catch {
    encoding = null; // a UTF-32 BOM: the decoder refuses it later
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding).decode(head);
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return Buffer.from(head.buffer, head.byteOffset + start, head.byteLength - start).toString('latin1');
}

const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|meta|title|script|style|link|base|div|table|p|h[1-6]|iframe|font|b|br|a|center|span|section|article|header|nav|main)[\s>/]/i;

function startsWith(bytes: Uint8Array, sig: ArrayLike<number>, at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: number[]): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Uint8Array.from(needle));
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}
