import { createHash } from 'node:crypto';
import type { ArticleWithSpans, Span } from '../../core/extract/articles.ts';
import { extractDocumentWithSpans } from '../../core/extract/document.ts';
import type { SourceFormat } from '../../core/extract/types.ts';
import { regionByCode } from '../../core/regions/region-table.ts';
import { indexText } from '../../core/text/search-text.ts';
import { documentKey, sentenceHashesOf } from './sentences.ts';

// The CPU half of ingestion, with no database: extraction, the search tokens, sentence hashes and filter
// values of every article. Its result is plain data (it can cross a worker boundary); storing it is the
// other half (ingest.ts), which only assigns ids, links and writes.

export interface PreparedMeasure {
  ordinal: number;
  text: string;
  start: number;
  end: number;
  /** hashes of its long sentences (sentences.ts): the same hash in two articles links the measures */
  hashes: string[];
}

export interface PreparedFigure {
  /** index into the article's measures of the measure it stands in, or null (in the intro) */
  measure: number | null;
  text: string;
  min: number;
  max: number;
  per?: string | null;
  start: number;
  end: number;
}

export interface PreparedArticle {
  section: string | null;
  title: string;
  titleSpan: Span | null;
  span: Span;
  regions: string[];
  issuers: string[];
  documents: { title: string; key: string }[];
  years: number[];
  /** the paragraphs before the first measure, as printed */
  intro: string;
  measures: PreparedMeasure[];
  amounts: PreparedFigure[];
  rates: PreparedFigure[];
  /** the article's region codes with every region that encloses them (a 苏州 policy is a 江苏 policy) */
  regionFilter: string[];
  /** the full-text index row: jieba tokens separated by spaces */
  search: { title: string; body: string };
}

export interface PreparedDocument {
  name: string;
  sha256: string;
  bytes: Uint8Array;
  encoding: string;
  format: SourceFormat;
  text: string;
  articles: PreparedArticle[];
  measureCount: number;
  /** where preparing it took its time: extraction, then search tokens and sentence hashes */
  seconds: { extract: number; index: number };
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes → everything the library stores of them. Throws the extractor's ZhidaError for unreadable input. */
export async function prepareDocument(input: { name: string; bytes: Uint8Array }): Promise<PreparedDocument> {
  const started = performance.now();
  const extracted = await extractDocumentWithSpans(input.bytes, input.name);
  const extractedAt = performance.now();
  const articles = extracted.articles.map((a) => prepareArticle(extracted.text, a));
  const seconds = { extract: (extractedAt - started) / 1000, index: (performance.now() - extractedAt) / 1000 };
  return {
    name: input.name,
    sha256: extracted.extraction.source.sha256,
    bytes: input.bytes,
    encoding: extracted.extraction.source.encoding,
    format: extracted.extraction.source.format,
    text: extracted.text,
    articles,
    measureCount: articles.reduce((n, a) => n + a.measures.length, 0),
    seconds,
  };
}

const MEASURE_MARKER = /[一二三四五六七八九十]{1,3}(?:是|、|．)$/;

function prepareArticle(text: string, { article, spans }: ArticleWithSpans): PreparedArticle {
  const bodyStart = spans.title?.[1] ?? spans.article[0];
  const introEnd = spans.measures[0]?.[0] ?? spans.article[1];
  const intro = text.slice(bodyStart, introEnd).replace(MEASURE_MARKER, '').trim();
  const hashes = sentenceHashesOf(article.measures.map((m) => m.text));
  const measureAt = (span: Span): number | null => {
    const i = spans.measures.findIndex(([s, e]) => span[0] >= s && span[1] <= e);
    return i < 0 ? null : i;
  };
  return {
    section: article.section,
    title: article.title,
    titleSpan: spans.title,
    span: spans.article,
    regions: article.regions,
    issuers: article.issuers,
    documents: article.documents.map((title) => ({ title, key: documentKey(title) })),
    years: article.years,
    intro,
    measures: article.measures.map((m, i) => ({
      ordinal: m.ordinal,
      text: m.text,
      start: spans.measures[i]![0],
      end: spans.measures[i]![1],
      hashes: hashes[i]!,
    })),
    amounts: article.amounts.map((a, i) => ({
      measure: measureAt(spans.amounts[i]!),
      text: a.text,
      min: a.min,
      max: a.max,
      per: a.per,
      start: spans.amounts[i]![0],
      end: spans.amounts[i]![1],
    })),
    rates: article.rates.map((r, i) => ({
      measure: measureAt(spans.rates[i]!),
      text: r.text,
      min: r.min,
      max: r.max,
      start: spans.rates[i]![0],
      end: spans.rates[i]![1],
    })),
    regionFilter: withAncestors(article.regions),
    search: {
      title: indexText(article.title),
      body: indexText([intro, ...article.measures.map((m) => m.text), ...article.documents].join('\n')),
    },
  };
}

/** A 苏州 policy is also a 江苏 policy: filters store each code with the regions that enclose it. */
function withAncestors(codes: string[]): string[] {
  const all = new Set<string>();
  for (const code of codes) {
    for (let r = regionByCode(code); r; r = r.parent ? regionByCode(r.parent) : undefined) all.add(r.code);
    all.add(code);
  }
  return [...all];
}
