import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticles } from '../../core/extract/articles.ts';
import { foldForSearch } from '../../core/text/search-text.ts';
import { sentenceHashes, sentenceHashesOf } from './sentences.ts';

/** The definition: each sentence folded on its own. sentenceHashesOf folds them all in one call. */
function reference(text: string): string[] {
  const hashes = new Set<string>();
  for (const sentence of text.split(/[。；;！？!?\n]/)) {
    const folded = foldForSearch(sentence).replace(/[^\p{L}\p{N}]/gu, '');
    if (folded.length >= 16) hashes.add(createHash('sha1').update(folded).digest('hex').slice(0, 20));
  }
  return [...hashes];
}

const bulletin = readFileSync(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url), 'utf8');

describe('sentence hashes', () => {
  it('folds many measures at once as it folds each sentence alone', () => {
    const measures = extractArticles(bulletin).flatMap((a) => a.measures.map((m) => m.text));
    expect(measures.length).toBeGreaterThan(80);
    expect(sentenceHashesOf(measures)).toEqual(measures.map(reference));
    expect(sentenceHashes(measures[0]!)).toEqual(reference(measures[0]!));
  });

  it('agrees with the definition on any mix of scripts, widths, marks and sentence ends', () => {
    const pieces = [
      ...'一二三四五六七八九十政策資金補貼發展脑機接口臺灣后後髮发乾干'.split(''),
      'ＡＩ＋製造',
      'AbC',
      '１２３',
      'e\u0301',
      '\u0301',
      '﹔',
      '。',
      '；',
      ';',
      '！',
      '？',
      '\n',
      ' ',
      '\u3000',
      '，',
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (texts) => {
        expect(sentenceHashesOf(texts)).toEqual(texts.map(reference));
      }),
      { numRuns: 300 },
    );
  });
});
