import type { ReactNode } from 'react';

/** A span of the text (UTF-16 offsets, end exclusive) and what it is: a measure, a sum, a rate or the sentence sought. */
export interface TextMark {
  start: number;
  end: number;
  kind: 'measure' | 'amount' | 'rate' | 'highlight';
}

/**
 * Text with its marks: measures as a shaded span, sums, rates and the highlighted sentence as <mark>. Marks may
 * nest or overlap (a sum inside a measure), so the text is cut at every mark's ends and each piece carries all
 * the marks that cover it.
 */
export function HighlightedText({ text, marks }: { text: string; marks: TextMark[] }) {
  const cuts = new Set([0, text.length]);
  for (const mark of marks) {
    cuts.add(Math.max(0, Math.min(text.length, mark.start)));
    cuts.add(Math.max(0, Math.min(text.length, mark.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: ReactNode[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    const kinds = new Set(marks.filter((m) => m.start <= start && m.end >= end).map((m) => m.kind));
    let node: ReactNode = text.slice(start, end);
    const marked = (['highlight', 'amount', 'rate'] as const).filter((kind) => kinds.has(kind));
    if (marked.length > 0) node = <mark className={marked.join(' ')}>{node}</mark>;
    if (kinds.has('measure')) node = <span className="measure">{node}</span>;
    pieces.push(<span key={start}>{node}</span>);
  }
  return <div className="article-text">{pieces}</div>;
}
