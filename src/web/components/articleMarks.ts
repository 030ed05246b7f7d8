import type { ArticleView } from '../../server/api.ts';
import type { TextMark } from './HighlightedText.tsx';

/** The marks of an article as the extractor found them: its measures, sums of money and rates. */
export function articleMarks(article: ArticleView): TextMark[] {
  return [
    ...article.measures.map(({ start, end }) => ({ start, end, kind: 'measure' as const })),
    ...article.amounts.map(({ start, end }) => ({ start, end, kind: 'amount' as const })),
    ...article.rates.map(({ start, end }) => ({ start, end, kind: 'rate' as const })),
  ];
}
