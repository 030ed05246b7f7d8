// Bytes of a plain-text file → text. Chinese government text arrives as UTF-8 (with or without BOM), UTF-16
// (Windows Notepad's "Unicode") and GBK/GB18030 (what Chinese Windows saves by default). The order of the
// guesses matters: a BOM is certain, NUL bytes only occur in UTF-16, valid UTF-8 is almost never an
// accident for non-ASCII text, and GB18030 accepts most byte soups, so it is tried last and checked.
import iconv from 'iconv-lite';
import { errors } from '../errors.ts';
import { isBlank, readability } from './cjk.ts';
import { normaliseText } from './normalise.ts';

export interface DecodedText {
  text: string;
  /** WHATWG-style lower-case name: 'utf-8', 'utf-16le', 'utf-16be', 'gb18030', … */
  encoding: string;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

// Heuristics look at the head only: enough to judge, and constant time on a 50 MB file.
const SAMPLE_BYTES = 64 * 1024;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Plain text: decoded, normalised (see normaliseText); throws ZhidaError when the bytes are not text. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const decoded = decodeUnlabelled(bytes);
  const text = normaliseText(decoded.text);
  if (isBlank(text)) throw errors.emptyInput();
  return { text, encoding: decoded.encoding };
}

/** BOM → UTF-16 by NUL pattern → strict UTF-8 → plausible GB18030; not normalised. */
export function decodeUnlabelled(bytes: Uint8Array): DecodedText {
  const bom = sniffBom(bytes);
  if (bom) return decodeWithBom(bytes, bom);
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decodeAs(bytes, utf16), encoding: utf16 };
  if (looksBinary(bytes)) throw errors.binaryInput();
  return decodeUtf8OrGb(bytes) ?? throwUnknown();
}

/** Strict UTF-8, else GB18030 when the result reads like Chinese text; null when neither fits. */
export function decodeUtf8OrGb(bytes: Uint8Array): DecodedText | null {
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = tryGb18030(bytes);
  if (gb !== null) return { text: gb, encoding: 'gb18030' };
  return null;
}

export function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** GB18030 maps almost any byte pair to some character, so a result is kept only if it reads like text. */
export function tryGb18030(bytes: Uint8Array): string | null {
  const text = decodeAs(bytes, 'gb18030');
  const r = readability(text);
  // An old DOS file may end in ^Z, so allow a control character in a thousand; a wrong guess has far more.
  if (r.replacements > 0 || r.controls > r.length / 1000 || r.readable < 0.98) return null;
  return text;
}

export function sniffBom(bytes: Uint8Array): { encoding: Encoding; length: number } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  // FF FE 00 00 is the UTF-32 LE BOM: not supported, and reading it as UTF-16 would give NUL soup.
  if (a === 0xff && b === 0xfe && !(c === 0 && d === 0 && bytes.length >= 4))
    return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0x84 && b === 0x31 && c === 0x95 && d === 0x33) return { encoding: 'gb18030', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) throw errors.unknownEncoding(); // UTF-32 BE
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) throw errors.unknownEncoding(); // UTF-32 LE
  return null;
}

/**
 * UTF-16 without a BOM, judged on the head. NUL bytes are the sign (ASCII and line feeds have a zero high
 * byte); which half holds them says the byte order for Latin text, but Chinese text has few of them and
 * "一" (U+4E00) puts one on the other side, so the byte order is settled by which decoding reads as text.
 */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES) & ~1);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i & 1) oddNuls++;
      else evenNuls++;
    }
  }
  const lowControls = countControlBytes(sample);
  // Pure-CJK UTF-16 may hold no NUL at all, but its low bytes then fall below 0x20 often: try it too.
  if (evenNuls + oddNuls === 0 && lowControls * 100 <= sample.length) return null;
  const order: ('utf-16le' | 'utf-16be')[] =
    oddNuls > 2 * evenNuls ? ['utf-16le', 'utf-16be'] : evenNuls > 2 * oddNuls ? ['utf-16be', 'utf-16le'] : [];
  const scored = (['utf-16le', 'utf-16be'] as const).map((encoding) => {
    const r = readability(new TextDecoder(encoding).decode(sample));
    // Allow one replacement: the sample may cut a surrogate pair in half.
    const ok = r.replacements <= 1 && r.controls <= r.length / 1000 && r.readable >= 0.95;
    return { encoding, ok, readable: r.readable };
  });
  const fits = scored.filter((s) => s.ok);
  if (fits.length === 0) return null;
  if (fits.length === 1) return fits[0]!.encoding;
  // Both read as text: Latin text in the wrong byte order turns into ideographs, so trust the NUL side.
  if (order.length > 0) return order[0]!;
  return fits[0]!.readable >= fits[1]!.readable ? fits[0]!.encoding : fits[1]!.encoding;
}

/**
 * Bytes that cannot be text in any supported encoding: a NUL (outside UTF-16), or more than one byte in a
 * hundred being a control code that no text editor writes.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const controls = countControlBytes(sample);
  return controls >= 2 && controls * 100 > sample.length;
}

function countControlBytes(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // Tab, LF, VT, FF, CR, SUB (^Z) and ESC do occur in text files; NUL is counted too.
    if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a && b !== 0x1b) || b === 0x7f) n++;
  }
  return n;
}

/** Decode with a known encoding; undecodable bytes become U+FFFD. Not normalised. */
export function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'gb18030') return iconv.decode(toBuffer(bytes), 'gb18030');
  return new TextDecoder(encoding).decode(bytes);
}

function decodeWithBom(bytes: Uint8Array, bom: { encoding: Encoding; length: number }): DecodedText {
  const body = bytes.subarray(bom.length);
  const text = decodeAs(body, bom.encoding);
  // A BOM followed by bytes that are not text in that encoding is binary data that happens to start so.
  const r = readability(text, SAMPLE_BYTES);
  if (r.controls * 100 > r.length || r.readable < 0.9) {
    throw bom.encoding === 'utf-8' && r.controls * 100 <= r.length ? errors.unknownEncoding() : errors.binaryInput();
  }
  return { text, encoding: bom.encoding };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function throwUnknown(): never {
  throw errors.unknownEncoding();
}

/**
 * A charset label from an HTML/XML declaration → the decoder to use; null for a label we cannot honour.
 * GB2312 and GBK pages are decoded as GB18030, their superset, as browsers do (WHATWG maps them to GBK).
 */
export function encodingForLabel(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (GB_LABELS.has(l)) return 'gb18030';
  // A page that could declare "utf-16" in ASCII is not UTF-16; browsers read it as UTF-8 (WHATWG).
  if (l.startsWith('utf-16') || l === 'unicode' || l === 'ucs-2') return 'utf-8';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

const GB_LABELS = new Set([
  'gb2312',
  'gb_2312',
  'gb_2312-80',
  'gbk',
  'x-gbk',
  'gb18030',
  'cp936',
  'ms936',
  'windows-936',
  'chinese',
  'csgb2312',
  'csiso58gb231280',
  'iso-ir-58',
  'euc-cn',
  'x-euc-cn',
]);
