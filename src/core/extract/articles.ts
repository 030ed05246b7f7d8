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
  return segmentArticles(text.normalize('NFC'), options.title ?? null).map(toArticle);
}

const INTRO_PARAGRAPHS = 3;
const CLOSING_KINDS = new Set(['heading', 'meta']);

function toArticle(block: ArticleBlock): Article {
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
  return {
    section: block.section,
    title,
    regions: articleRegions(title, issuers),
    issuers,
    documents: findDocuments(whole),
    measures: measures.map(({ ordinal, text }) => ({ ordinal, text })),
    amounts: findAmounts(whole),
    rates: findRates(whole),
    years: findYears(whole),
  };
}
