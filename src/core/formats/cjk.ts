// Character classes shared by the decoders and the layout code. Written as code-unit ranges so that the hot
// loops stay on charCodeAt and never build regexes or strings per character.

/** A Han ideograph, CJK punctuation or full-width form: text between two of these is joined without a space. */
export function isCjkCode(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0x2fdf) || // radicals
    (c >= 0x3000 && c <= 0x303f) || // CJK punctuation: 。、《》【】
    (c >= 0x3400 && c <= 0x4dbf) || // extension A
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) || // vertical and compatibility forms
    (c >= 0xff00 && c <= 0xffef) || // full-width forms: ，：；（）
    (c >= 0xd800 && c <= 0xdbff) || // high surrogate: ideographs beyond the BMP (extension B and later)
    (c >= 0xdc00 && c <= 0xdfff) ||
    c === 0x2018 || // ‘ ’ “ ” — and … are set full-width in Chinese text
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2014 ||
    c === 0x2026
  );
}

/** A Han ideograph (no punctuation). */
export function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Characters a Chinese policy document is made of: ASCII, Latin and Greek/Cyrillic letters (GBK has them),
 * symbols and numbered forms (①, Ⅳ, ㎡, ★), CJK text and punctuation. Used to tell a right guess of an
 * encoding from a wrong one, whose output is full of controls, private-use and unrelated scripts.
 */
export function isReadableCode(c: number): boolean {
  if (c < 0x80) return c >= 0x20 ? c !== 0x7f : c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
  return (
    (c >= 0xa0 && c <= 0x24f) ||
    (c >= 0x370 && c <= 0x4ff) ||
    (c >= 0x2000 && c <= 0x2bff) ||
    (c >= 0x2e80 && c <= 0x2fdf) ||
    (c >= 0x3000 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe10 && c <= 0xfe1f) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0xd800 && c <= 0xdfff) // surrogates: counted per code unit, so an ideograph beyond the BMP counts twice
  );
}

export interface Readability {
  /** share of code units that are readable (see isReadableCode) */
  readable: number;
  /** U+FFFD replacement characters: bytes the decoder could not map */
  replacements: number;
  /** C0/C1 control characters other than tab, line feed, carriage return and form feed */
  controls: number;
  /** Han ideographs */
  han: number;
  length: number;
}

/** One pass over (at most `limit` code units of) `text`, counting what tells real text from a wrong decoding. */
export function readability(text: string, limit = text.length): Readability {
  const n = Math.min(limit, text.length);
  let readable = 0;
  let replacements = 0;
  let controls = 0;
  let han = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isReadableCode(c)) {
      readable++;
      if (c >= 0x3400 && isHanCode(c)) han++;
    } else if (c === 0xfffd) replacements++;
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return { readable: n === 0 ? 1 : readable / n, replacements, controls, han, length: n };
}

/** Whether a line holds nothing but spaces (any kind, including the ideographic space U+3000). */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Drop spaces standing between two Chinese characters (layout gaps, not text); collapse other runs to one. */
export function dropCjkSpaces(line: string): string {
  const s = line.replace(/\s+/g, ' ');
  if (!s.includes(' ')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ' ' && isCjkCode(s.charCodeAt(i - 1)) && isCjkCode(s.charCodeAt(i + 1))) continue;
    out += c;
  }
  return out;
}
