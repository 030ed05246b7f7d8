// The figure extractors against the gold annotation of the bundled bulletin, article by article. Each
// article's text is rebuilt from the corpus as the extractor receives it: the headline line, then the lines
// that follow it up to the next headline or column heading, blank lines dropped, joined by '\n'.
// The shared copy of the corpus is the reference when it is there; the repository keeps its own for a bare clone.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAmounts } from './amounts.ts';
import { findRates } from './rates.ts';
import type { Extraction } from './types.ts';
import { findYears } from './years.ts';

function corpusFile(shared: string, bundled: string): URL {
  const url = new URL(`../../../../shared/corpus/${shared}`, import.meta.url);
  return existsSync(url) ? url : new URL(`../../../${bundled}`, import.meta.url);
}

const gold = JSON.parse(
  readFileSync(corpusFile('bulletin-2026-sample.gold.json', 'test/fixtures/bulletin-2026-sample.gold.json'), 'utf8'),
) as Extraction;
const lines = readFileSync(
  corpusFile('bulletin-2026-sample.txt', 'data/corpus/bulletin-2026-sample.txt'),
  'utf8',
).split(/\r?\n/);

const titles = new Set(gold.articles.map((a) => a.title));
const sections = new Set(gold.articles.map((a) => a.section).filter((s): s is string => s !== null));

function articleText(title: string): string {
  const at = lines.findIndex((l) => l.trim() === title);
  if (at < 0) throw new Error(`headline not in the corpus: ${title}`);
  const kept = [lines[at]!];
  for (const line of lines.slice(at + 1)) {
    const t = line.trim();
    if (titles.has(t) || sections.has(t)) break;
    if (t) kept.push(line);
  }
  return kept.join('\n');
}

describe('figures of the bundled bulletin equal the gold annotation', () => {
  it('has the 20 gold articles', () => {
    expect(gold.articles).toHaveLength(20);
  });

  gold.articles.forEach((article, i) => {
    describe(`article ${i + 1} ${article.title}`, () => {
      const text = articleText(article.title);
      it('amounts', () => expect(findAmounts(text)).toEqual(article.amounts));
      it('rates', () => expect(findRates(text)).toEqual(article.rates));
      it('years', () => expect(findYears(text)).toEqual(article.years));
    });
  });
});
