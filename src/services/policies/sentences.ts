import { createHash } from 'node:crypto';
import { foldForSearch } from '../../core/text/search-text.ts';

// Two articles describe the same measure when they print the same sentence (a bulletin retells one plan in
// several articles with different headings but the same operative sentences). Short sentences (推动技术改造)
// are too common to identify anything.
const MIN_SENTENCE = 16;

const SENTENCE_END = /[。；;！？!?\n]/;

/** Hashes of the measure's long sentences, folded so that spacing, punctuation and full-width forms do not count. */
export function sentenceHashes(text: string): string[] {
  return sentenceHashesOf([text])[0]!;
}

/**
 * sentenceHashes of many measures at once. Folding (OpenCC, NFKC) costs mostly per call, so the sentences of
 * all the measures are folded as one text, one sentence per line: folding works within a line, so each line
 * comes out as its sentence folded alone would.
 */
export function sentenceHashesOf(texts: string[]): string[][] {
  const owners: number[] = [];
  const sentences: string[] = [];
  texts.forEach((text, i) => {
    for (const sentence of text.split(SENTENCE_END)) {
      owners.push(i);
      sentences.push(sentence);
    }
  });
  const folded = foldForSearch(sentences.join('\n'))
    .replace(/[^\p{L}\p{N}\n]/gu, '')
    .split('\n');
  const hashes = texts.map(() => new Set<string>());
  folded.forEach((sentence, k) => {
    if (sentence.length >= MIN_SENTENCE) {
      hashes[owners[k]!]!.add(createHash('sha1').update(sentence).digest('hex').slice(0, 20));
    }
  });
  return hashes.map((set) => [...set]);
}

/** A document title folded for comparison: 江苏省“人工智能＋”行动方案 and 江苏省“人工智能+”行动方案 are one. */
export function documentKey(title: string): string {
  return foldForSearch(title).replace(/[^\p{L}\p{N}]/gu, '');
}
