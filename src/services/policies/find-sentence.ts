import type { TextSpan } from '../../server/api.ts';

// Where a policy's source sentence is printed: rules quote it exactly, but an author may have trimmed or
// re-punctuated its end, so failing an exact match the longest printed prefix (12 characters at least) counts.

/** Shorter prefixes are too common to point at one sentence (支持企业加大投入 is printed everywhere). */
export const MIN_PREFIX = 12;

export interface SentenceHit extends TextSpan {
  exact: boolean;
}

/**
 * The span of `sentence` (trimmed) in `text`: its first exact occurrence, else the first occurrence of its longest
 * prefix of at least MIN_PREFIX characters; null when neither is printed.
 */
export function findSentence(text: string, sentence: string): SentenceHit | null {
  const wanted = sentence.trim();
  if (wanted === '') return null;
  const exact = text.indexOf(wanted);
  if (exact >= 0) return { start: exact, end: exact + wanted.length, exact: true };
  if (wanted.length <= MIN_PREFIX || !text.includes(wanted.slice(0, MIN_PREFIX))) return null;
  // Being printed is monotone in the prefix length: a binary search finds the longest printed prefix.
  let found = MIN_PREFIX;
  let missing = wanted.length;
  while (missing - found > 1) {
    const middle = (found + missing) >> 1;
    if (text.includes(wanted.slice(0, middle))) found = middle;
    else missing = middle;
  }
  const start = text.indexOf(wanted.slice(0, found));
  return { start, end: start + found, exact: false };
}
