import { articleRegions } from './article-regions.ts';
import { findAmounts } from './amounts.ts';
import { findDocuments } from './documents.ts';
import { findIssuers, ISSUER_LABEL } from './issuers.ts';
import { DATE_LINE, lineKind } from './line-kind.ts';
import { findMeasures } from './measures.ts';
import { findRates } from './rates.ts';
import { segmentArticles, type ArticleBlock } from './segment.ts';
import { findYears } from './years.ts';
import type { Article } from './types.ts';

export interface ExtractOptions {
  /** a title the file format declares (HTML meta, DOCX properties), used when the text shows none */
  title?: string | null;
}

/** Plain policy text (one paragraph per line) → its articles with every field of the contract. */
export function extractArticles(text: string, options: ExtractOptions = {}): Article[] {
  return extractArticleSpans(text, options).map(({ article }) => article);
}

/** [start, end) in UTF-16 code units of the NFC-normalised text. */
export type Span = [number, number];

/** An article with where each part of it stands in the text, so the library can cite the sentence. */
export interface ArticleWithSpans {
  article: Article;
  spans: {
    article: Span;
    title: Span | null;
    measures: Span[];
    amounts: Span[];
    rates: Span[];
  };
}

/** Like extractArticles, with the character offsets of every article, title, measure, amount and rate. */
export function extractArticleSpans(text: string, options: ExtractOptions = {}): ArticleWithSpans[] {
  return segmentArticles(text.normalize('NFC'), options.title ?? null).map(toArticleWithSpans);
}

const INTRO_PARAGRAPHS = 3;
const CLOSING_KINDS = new Set(['heading', 'meta']);

function toArticleWithSpans(block: ArticleBlock): ArticleWithSpans {
  const { body, title } = block;
  const measures = findMeasures(body);
  // Title-like lines and dates at the end are a signature block (发文机关, 成文日期).
  let closingStart = body.length;
  while (closingStart > 0 && CLOSING_KINDS.has(lineKind(body[closingStart - 1]!))) closingStart--;
  const first = measures[0];
  const introEnd = first ? first.line : INTRO_PARAGRAPHS;
  const intro = body.slice(0, Math.min(introEnd, closingStart));
  // Measures that follow the introduction inside one paragraph: the words before 一是 are intro too.
  if (first && first.at > 0) intro.push(body[first.line]!.slice(0, first.at));
  // Signatures: the closing block, a sender above its date (a notice's, before its attachment), 发文机关：…
  const signatures = body.filter(
    (line, i) =>
      (i >= closingStart && i >= introEnd) ||
      ISSUER_LABEL.test(line) ||
      (lineKind(line) === 'heading' && DATE_LINE.test(body[i + 1] ?? '')),
  );
  const issuers = findIssuers(title, intro, signatures);
  const whole = [title, ...body].join('\n');
  const amounts = findAmounts(whole);
  const rates = findRates(whole);
  const toSource = wholeToSource(block);
  const lastLine = body.length - 1;
  const articleStart = block.titleSpan?.[0] ?? block.bodyStarts[0] ?? 0;
  const articleEnd = lastLine >= 0 ? block.bodyStarts[lastLine]! + body[lastLine]!.length : (block.titleSpan?.[1] ?? 0);
  return {
    article: {
      section: block.section,
      title,
      regions: articleRegions(title, issuers),
      issuers,
      documents: findDocuments(whole),
      measures: measures.map(({ ordinal, text }) => ({ ordinal, text })),
      amounts,
      rates,
      years: findYears(whole),
    },
    spans: {
      article: [articleStart, articleEnd],
      title: block.titleSpan,
      measures: measures.map((m) => {
        const start = block.bodyStarts[m.line]! + m.from;
        return [start, start + m.text.length];
      }),
      amounts: spansInOrder(whole, amounts, toSource),
      rates: spansInOrder(whole, rates, toSource),
    },
  };
}

/**
 * Maps an offset in the article's joined text (title, '\n', body lines) back to the source text. Body lines
 * map exactly; a title joined from two printed lines maps to its first line's start.
 */
function wholeToSource(block: ArticleBlock): (offset: number) => number {
  const lineStarts: number[] = [];
  let at = block.title.length + 1;
  for (const line of block.body) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  return (offset) => {
    if (offset < block.title.length + 1) return (block.titleSpan?.[0] ?? 0) + offset;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return block.bodyStarts[lo]! + offset - lineStarts[lo]!;
  };
}

/** Figures come in order of appearance without overlapping, so each is found after the previous one. */
function spansInOrder(whole: string, items: { text: string }[], toSource: (offset: number) => number): Span[] {
  let cursor = 0;
  return items.map(({ text }) => {
    const at = whole.indexOf(text, cursor);
    const start = at < 0 ? cursor : at;
    cursor = start + text.length;
    return [toSource(start), toSource(start) + text.length];
  });
}
