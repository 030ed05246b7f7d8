// Bounded scans around an anchor character (元, %, 折, 年) shared by the figure extractors. Every function
// reads a fixed number of characters at most, so an extractor that calls them once per anchor stays linear
// in the length of the text, whatever the text. All take the folded text (foldFigureText).

import { readNumber, type NumberReading } from './chinese-number.ts';

const FIGURE_CHARS = new Set(
  '0123456789.,点零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖兩十拾百佰千仟万萬亿億'.split(''),
);
const UNIT_CHARS = new Set('十拾百佰千仟万萬亿億'.split(''));

/** The longest figure read backwards from an anchor. */
const MAX_FIGURE = 32;

/** Whether `c` is one of the characters of `set` (never true for the empty string charAt gives out of range). */
export function oneOf(set: string, c: string): boolean {
  return c.length === 1 && set.includes(c);
}

export function isFigureChar(c: string): boolean {
  return FIGURE_CHARS.has(c);
}

export function isAsciiDigit(c: string): boolean {
  return c.length === 1 && c >= '0' && c <= '9';
}

export interface Figure extends NumberReading {
  /** Index of the first character of the figure. */
  start: number;
  /** Index after its last character. */
  end: number;
  /** The figure opens with a unit (十万, 百亿, 万亿), so 数/几/上 before it make it vague. */
  leadingUnit: boolean;
  /** The figure is one Chinese digit and nothing else (一 of 一元化). */
  loneChineseDigit: boolean;
}

/**
 * The figure printed right before `end` (digits, Chinese numerals, units, one space inside it, 多/余 between
 * its parts), or null. Of the characters that could belong to it, the longest tail that reads as one
 * number wins: "统一5000万" reads "5000万", "重点五百万" reads "五百万".
 */
export function figureBefore(f: string, end: number): Figure | null {
  let s = end;
  let approx = false;
  while (s > 0 && end - s < MAX_FIGURE) {
    const c = f.charAt(s - 1);
    if (FIGURE_CHARS.has(c)) {
      s--;
    } else if (c === ' ' && s < end && s >= 2 && FIGURE_CHARS.has(f.charAt(s - 2))) {
      s--;
    } else if ((c === '多' || c === '余') && !approx && s >= 2 && FIGURE_CHARS.has(f.charAt(s - 2))) {
      approx = true;
      s--;
    } else {
      break;
    }
  }
  if (s === end) return null;
  // Chinese digits right before Arabic ones belong to a word (统一5000万): start at the Arabic digits.
  let p = s;
  while (p < end && !isAsciiDigit(f.charAt(p))) p++;
  if (p === end) p = s;
  for (; p < end; p++) {
    const c = f.charAt(p);
    if (c === ' ' || c === ',' || c === '.' || c === '点' || c === '多' || c === '余') continue;
    const prev = p > s ? f.charAt(p - 1) : '';
    if (isAsciiDigit(c) && (isAsciiDigit(prev) || prev === '.' || prev === ',')) continue; // mid-number
    const r = readNumber(f, p, end, approx);
    if (r) {
      return figure(r, p, end, c);
    }
  }
  return null;
}

function figure(r: NumberReading, start: number, end: number, first: string): Figure {
  const leadingUnit = UNIT_CHARS.has(first);
  const loneChineseDigit = end - start === 1 && !isAsciiDigit(first) && !leadingUnit;
  return { value: r.value, mult: r.mult, hasDigit: r.hasDigit, start, end, leadingUnit, loneChineseDigit };
}

/**
 * The figure printed from `start` on (百分之 三点五…), shortest cut from the right until it reads as one
 * number, or null.
 */
export function figureAfter(f: string, start: number, maxLen = 12): Figure | null {
  let e = start;
  while (e < f.length && e - start < maxLen && FIGURE_CHARS.has(f.charAt(e))) e++;
  for (; e > start; e--) {
    const last = f.charAt(e - 1);
    if (last === ',' || last === '.' || last === '点') continue;
    const r = readNumber(f, start, e);
    if (r) {
      return figure(r, start, e, f.charAt(start));
    }
  }
  return null;
}

// Bound words written right before a figure (最高不超过2000万元). Longest first; a one-character word is
// refused after the characters that make it part of another word (通过, 节约, 最近, 高超).
const PREFIX_BOUNDS = [
  '最高不超过',
  '最多不超过',
  '最低不少于',
  '最低不低于',
  '达到或者超过',
  '达到或超过',
  '不超过',
  '不高于',
  '不多于',
  '不低于',
  '不少于',
  '不大于',
  '不小于',
  '不足',
  '不超',
  '超过',
  '高于',
  '低于',
  '多于',
  '少于',
  '大于',
  '小于',
  '至少',
  '最高',
  '最低',
  '最多',
  '接近',
  '将近',
  '大约',
  '超',
  '过',
  '近',
  '约',
  '逾',
].sort((a, b) => b.length - a.length);
const BOUND_LAST_CHARS = new Set(PREFIX_BOUNDS.map((w) => w.charAt(w.length - 1)));
const REFUSED_BEFORE: Readonly<Record<string, string>> = {
  过: '通经不越度错跨穿路闯胜透放难太略曾做有没看见得超',
  近: '最附就邻亲靠贴将接',
  约: '节制合签预公条契大',
  超: '高赶',
};

/** Where the span starts when a bound word stands right before `pos` (one space allowed between), else `pos`. */
export function boundStart(f: string, pos: number): number {
  const at = f.charAt(pos - 1) === ' ' ? pos - 1 : pos;
  if (!BOUND_LAST_CHARS.has(f.charAt(at - 1))) return pos;
  for (const w of PREFIX_BOUNDS) {
    const s = at - w.length;
    if (s < 0 || !f.startsWith(w, s)) continue;
    const refused = REFUSED_BEFORE[w];
    if (refused !== undefined && s > 0 && oneOf(refused, f.charAt(s - 1))) return pos;
    return s;
  }
  return pos;
}

const POST_BOUNDS = ['及以上', '及以下', '以上', '以下', '以内', '之内', '左右'];

/** The bound word written right after a figure at `pos` (以上, 及以上, 左右…), or null. */
export function postBoundAt(f: string, pos: number): string | null {
  for (const w of POST_BOUNDS) if (f.startsWith(w, pos)) return w;
  return null;
}

/** Whether the bound word closes a range from below (10万元以上50万元以下). */
export function isLowerBound(w: string | null): boolean {
  return w === '以上' || w === '及以上';
}

/** Whether the bound word closes a range from above. */
export function isUpperBound(w: string | null): boolean {
  return w === '以下' || w === '及以下' || w === '以内' || w === '之内';
}

/** The (含) / (不含) written at `pos` (parentheses folded), or null. */
export function inclusionAt(f: string, pos: number): '(含)' | '(不含)' | null {
  if (f.startsWith('(含)', pos)) return '(含)';
  if (f.startsWith('(不含)', pos)) return '(不含)';
  return null;
}

const SEPARATOR_RE = /^ ?(?:--?|~|至|到) ?$/;

/** Whether the text between two figures joins them as a range: —, –, -, ~, ～, 至, 到 (folded). */
export function isRangeSeparator(gap: string): boolean {
  return gap.length <= 4 && SEPARATOR_RE.test(gap);
}

/** Start of a range separator that ends at `pos` (spaces around it included), or -1. */
export function separatorBefore(f: string, pos: number): number {
  let p = pos;
  if (f.charAt(p - 1) === ' ') p--;
  const c = f.charAt(p - 1);
  if (c === '-') {
    p--;
    if (f.charAt(p - 1) === '-') p--;
  } else if (c === '~' || c === '至' || c === '到') {
    p--;
  } else {
    return -1;
  }
  if (f.charAt(p - 1) === ' ') p--;
  return p;
}

/** Clause boundaries: sentence and clause punctuation (folded) and line breaks; not 、, and not a comma inside 1,200. */
export function isClauseBoundary(f: string, i: number): boolean {
  const c = f.charAt(i);
  if (c === ',') return !(isAsciiDigit(f.charAt(i - 1)) && isAsciiDigit(f.charAt(i + 1)));
  return c === '。' || c === ';' || c === ':' || c === '!' || c === '?' || c === '\n' || c === '\r';
}

/** Start of the clause that holds `pos`, looking back `max` characters at most. */
export function clauseStart(f: string, pos: number, max = 40): number {
  const limit = Math.max(0, pos - max);
  for (let i = pos - 1; i >= limit; i--) if (isClauseBoundary(f, i)) return i + 1;
  return limit;
}

/** End of the clause that holds `pos`, looking ahead `max` characters at most. */
export function clauseEnd(f: string, pos: number, max = 40): number {
  const limit = Math.min(f.length, pos + max);
  for (let i = pos; i < limit; i++) if (isClauseBoundary(f, i)) return i;
  return limit;
}

/** Whether a character is a CJK ideograph of the basic block. */
export function isIdeograph(c: string): boolean {
  return c >= '\u4e00' && c <= '\u9fff' && c.length === 1;
}
