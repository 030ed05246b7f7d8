import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticleSpans } from './articles.ts';

// Every span must cut out of the source exactly the text the extraction reports: the library cites
// sources by these offsets.
const text = readFileSync(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url), 'utf8');

describe('extractArticleSpans', () => {
  const results = extractArticleSpans(text);

  it('finds the bundled bulletin’s 20 articles', () => {
    expect(results).toHaveLength(20);
  });

  it('cuts titles, measures, amounts and rates out of the source exactly', () => {
    for (const { article, spans } of results) {
      expect(text.slice(...spans.title!)).toBe(article.title);
      article.measures.forEach((m, i) => expect(text.slice(...spans.measures[i]!)).toBe(m.text));
      article.amounts.forEach((a, i) => expect(text.slice(...spans.amounts[i]!)).toBe(a.text));
      article.rates.forEach((r, i) => expect(text.slice(...spans.rates[i]!)).toBe(r.text));
      expect(spans.article[0]).toBe(spans.title![0]);
      expect(text.slice(...spans.article).endsWith('。')).toBe(true);
    }
  });

  it('keeps articles in order without overlapping', () => {
    for (let i = 1; i < results.length; i++) {
      expect(results[i]!.spans.article[0]).toBeGreaterThan(results[i - 1]!.spans.article[1]);
    }
  });
});
