import { foldForSearch, searchTokens } from './search-text.ts';

// Search snippets: the window of an article's text with the most query hits, hits marked. Matching runs on
// folded text (NFKC, simplified, lower case), so a query in traditional characters or full-width letters marks
// the simplified, half-width text the article prints. It runs in JS, so both databases give the same snippet.

/** How hits are marked: 【】 on a terminal, <mark></mark> (with `escape` for HTML) on the web. */
export interface HitMarks {
  open: string;
  close: string;
  /** applied to the text between marks (HTML escaping on the web); identity by default */
  escape?: (text: string) => string;
}

export const BRACKET_MARKS: HitMarks = { open: '【', close: '】' };

export const DEFAULT_SNIPPET_WIDTH = 80;

/** Characters of context kept before the first hit of the chosen window. */
const LEAD = 12;

const WORD_RUN = /[\p{L}\p{N}]+/gu;

/**
 * The folded strings to mark for a query: each run of letters and digits as typed (脑机接口, ai, 制造) and each
 * of its index tokens of two or more characters (接口). Single-character tokens (脑, 机) would mark every 机构
 * and 机场, so they count only when the query itself is that one character.
 */
export function highlightTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of foldForSearch(query).match(WORD_RUN) ?? []) {
    terms.add(run);
    for (const token of searchTokens(run)) if (token.length >= 2) terms.add(token);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

interface Folded {
  text: string;
  /** for each UTF-16 unit of `text`, the offset of the original character it came from */
  origin: number[];
}

const foldCache = new Map<string, string>();

/** Folds character by character, remembering where each folded unit came from (NFKC may change lengths). */
function foldWithOrigins(text: string): Folded {
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of text) {
    let f = foldCache.get(char);
    if (f === undefined) {
      f = foldForSearch(char);
      if (foldCache.size < 20_000) foldCache.set(char, f);
    }
    folded += f;
    for (let i = 0; i < f.length; i++) origin.push(offset);
    offset += char.length;
  }
  return { text: folded, origin };
}

type Range = [start: number, end: number];

/** Where the terms occur in `text` (original offsets), merged where they overlap or touch, in order. */
export function findHits(text: string, terms: string[]): Range[] {
  if (terms.length === 0 || text === '') return [];
  const folded = foldWithOrigins(text);
  const endOf = (foldedEnd: number): number => {
    // The end of the original character behind the last folded unit of the hit.
    const start = folded.origin[foldedEnd - 1]!;
    const code = text.codePointAt(start)!;
    return start + (code > 0xffff ? 2 : 1);
  };
  const ranges: Range[] = [];
  for (const term of terms) {
    if (term === '') continue;
    for (let at = folded.text.indexOf(term); at !== -1; at = folded.text.indexOf(term, at + 1)) {
      ranges.push([folded.origin[at]!, endOf(at + term.length)]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Moves an offset off the second half of a surrogate pair. */
function onCharBoundary(text: string, offset: number): number {
  const unit = text.charCodeAt(offset);
  return unit >= 0xdc00 && unit <= 0xdfff && offset > 0 ? offset - 1 : offset;
}

/** The window of `width` characters holding the most hits (the earliest among equals). */
function chooseWindow(length: number, hits: Range[], width: number): Range {
  if (length <= width) return [0, length];
  let best: Range = [0, width];
  let bestCount = -1;
  for (const anchor of hits) {
    const start = Math.max(0, Math.min(anchor[0] - LEAD, length - width));
    const end = start + width;
    let count = 0;
    for (const hit of hits) if (hit[0] >= start && hit[1] <= end) count += hit[1] - hit[0];
    if (count > bestCount) {
      bestCount = count;
      best = [start, end];
    }
  }
  return best;
}

/**
 * About `width` characters of `text` around the densest cluster of hits of `terms` (see highlightTerms), the
 * hits wrapped in `marks`, with … where the text was cut. Whitespace runs print as one space.
 */
export function makeSnippet(text: string, terms: string[], options: { width?: number; marks?: HitMarks } = {}): string {
  const width = options.width ?? DEFAULT_SNIPPET_WIDTH;
  const marks = options.marks ?? BRACKET_MARKS;
  const escape = marks.escape ?? ((s: string) => s);
  const flat = text.replace(/\s+/g, ' ').trim();
  const hits = findHits(flat, terms);
  let [start, end] = chooseWindow(flat.length, hits, width);
  // A hit cut by the window's end is left out whole rather than marked in half.
  const straddling = hits.find((h) => h[0] < end && h[1] > end);
  if (straddling && straddling[0] > start) end = straddling[0];
  start = onCharBoundary(flat, start);
  end = onCharBoundary(flat, end);

  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [hitStart, hitEnd] of hits) {
    if (hitEnd <= start || hitStart >= end) continue;
    const from = Math.max(hitStart, start);
    const to = Math.min(hitEnd, end);
    out += escape(flat.slice(at, from)) + marks.open + escape(flat.slice(from, to)) + marks.close;
    at = to;
  }
  out += escape(flat.slice(at, end));
  if (end < flat.length) out += '…';
  return out;
}
