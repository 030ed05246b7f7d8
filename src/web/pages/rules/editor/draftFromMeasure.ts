import type { ArticleView, Policy } from '../../../../server/api.ts';
import type { Benefit } from './nodes.ts';

type Measure = ArticleView['measures'][number];

/** What the extractor found inside a measure, shown beside the suggestion so the author can check it. */
export interface Detected {
  amounts: string[];
  rates: string[];
}

const UP_TO = /最高|不超过|上限|以内/;

/**
 * A first benefit from the sums a measure names: a per-unit sum (1000—2000元/吨标煤) with the "最高" sum as its cap,
 * else the first sum (最高 → up to), else a rate. The fact the sum applies to is left for the author to choose.
 */
function suggestBenefit(amounts: ArticleView['amounts'], rates: ArticleView['rates']): Benefit | null {
  const perUnit = amounts.find((a) => a.per !== null);
  const plain = amounts.filter((a) => a.per === null);
  const cap = plain.find((a) => UP_TO.test(a.text))?.max;
  if (perUnit) {
    return {
      kind: 'perUnit',
      of: '',
      perUnit: perUnit.min === perUnit.max ? perUnit.max : [perUnit.min, perUnit.max],
      ...(cap !== undefined ? { cap } : {}),
    };
  }
  const first = plain[0];
  if (first)
    return { kind: 'fixed', amount: first.max, ...(UP_TO.test(first.text) || first.min === 0 ? { upTo: true } : {}) };
  const rate = rates[0];
  if (rate) return { kind: 'rate', of: '', rate: rate.min === rate.max ? rate.max : [rate.min, rate.max], upTo: true };
  return null;
}

/** The first clause of a measure (up to ，。or ；): a measure opens with what it does, a working title. */
function titleOf(text: string): string {
  const first = text.split(/[，。；]/)[0] ?? text;
  return first.length > 40 ? `${first.slice(0, 40)}…` : first;
}

/** A policy draft from one measure of an extracted article: its title, source, regions and suggested sum. */
export function draftFromMeasure(article: ArticleView, measure: Measure): { draft: Policy; detected: Detected } {
  const inside = <T extends { start: number; end: number }>(spans: T[]) =>
    spans.filter((s) => s.start >= measure.start && s.end <= measure.end);
  const amounts = inside(article.amounts);
  const rates = inside(article.rates);
  const regions = article.regions.map((r) => r.code);
  return {
    draft: {
      id: `source-${article.source.id}.a${article.ordinal}.m${measure.ordinal}`,
      version: 1,
      title: titleOf(measure.text),
      regions,
      eligibility: {
        all: regions.length > 0 ? [{ regionWithin: regions }] : [{ fact: 'employees', op: '>=', value: 0 }],
      },
      benefit: suggestBenefit(amounts, rates),
      sources: [
        {
          document: article.documents[0] ?? null,
          article: article.title,
          measure: measure.ordinal,
          text: measure.text,
        },
      ],
    },
    detected: { amounts: amounts.map((a) => a.text), rates: rates.map((r) => r.text) },
  };
}
