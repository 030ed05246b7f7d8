import { createHash } from 'node:crypto';
import { foldForSearch } from '../../core/text/search-text.ts';

// Two articles describe the same measure when they print the same sentence (a bulletin retells one plan in
// several articles with different headings but the same operative sentences). Short sentences (推动技术改造)
// are too common to identify anything.
const MIN_SENTENCE = 16;

/** Hashes of the measure's long sentences, folded so that spacing, punctuation and full-width forms do not count. */
export function sentenceHashes(text: string): string[] {
  const hashes = new Set<string>();
  for (const sentence of text.split(/[。；;！？!?\n]/)) {
    const folded = foldForSearch(sentence).replace(/[^\p{L}\p{N}]/gu, '');
    if (folded.length >= MIN_SENTENCE) hashes.add(createHash('sha1').update(folded).digest('hex').slice(0, 20));
  }
  return [...hashes];
}

/** A document title folded for comparison: 江苏省“人工智能＋”行动方案 and 江苏省“人工智能+”行动方案 are one. */
export function documentKey(title: string): string {
  return foldForSearch(title).replace(/[^\p{L}\p{N}]/gu, '');
}
