import { parseChineseNumber } from '../text/chinese-number.ts';
import { ORDINAL_NUMERAL } from './line-kind.ts';
import type { Measure } from './types.ts';

// Two ways policy text enumerates its measures:
//  - 一是…二是…, on lines of their own or several inside one paragraph (news reports, bulletins);
//  - 一、二、 at the start of a line (notices and plans): the top-level items. The nested （一）, 1. and
//    第N条 are not measures.
// A marker counts only in sequence (一 starts a list, the next must be one more), so words such as
// 统一是 or a stray 三是 do not start a measure.

const TOP_LEVEL = new RegExp(`^(${ORDINAL_NUMERAL})[、．](?![一二三四五六七八九十][、．级])`);
// 是-markers open a paragraph or follow punctuation.
const SHI_MARKER = new RegExp(`(?:^|(?<=[，。；：、,;:！？!?“”"（(\\s]))(${ORDINAL_NUMERAL})是`, 'g');

export interface MeasureSpan extends Measure {
  /** the body line the measure starts on */
  line: number;
  /** where its marker starts in that line */
  at: number;
  /** where its text starts in that line, after the marker */
  from: number;
}

function ordinal(numeral: string): number {
  return parseChineseNumber(numeral) ?? 0;
}

function topLevelItems(body: string[]): MeasureSpan[] {
  const items: MeasureSpan[] = [];
  body.forEach((line, index) => {
    const m = TOP_LEVEL.exec(line);
    if (!m) return;
    const n = ordinal(m[1]!);
    const expected = items.length === 0 ? 1 : items[items.length - 1]!.ordinal + 1;
    if (n === expected || n === 1)
      items.push({ ordinal: n, text: line.slice(m[0].length), line: index, at: 0, from: m[0].length });
  });
  return items;
}

function shiItems(body: string[]): MeasureSpan[] {
  const items: MeasureSpan[] = [];
  body.forEach((line, index) => {
    const starts: { at: number; from: number; ordinal: number }[] = [];
    for (const m of line.matchAll(SHI_MARKER)) {
      const n = ordinal(m[1]!);
      const last = starts.length > 0 ? starts[starts.length - 1]!.ordinal : (items[items.length - 1]?.ordinal ?? 0);
      if (n === last + 1 || n === 1) starts.push({ at: m.index, from: m.index + m[0].length, ordinal: n });
    }
    starts.forEach((start, k) => {
      const end = k + 1 < starts.length ? starts[k + 1]!.at : line.length;
      items.push({
        ordinal: start.ordinal,
        text: line.slice(start.from, end),
        line: index,
        at: start.at,
        from: start.from,
      });
    });
  });
  return items;
}

/** The article's measures, in order, with the body line each starts on. */
export function findMeasures(body: string[]): MeasureSpan[] {
  const top = topLevelItems(body);
  // A single 一、 is more likely a stray heading than an enumeration; prefer 是-markers then.
  if (top.length >= 2) return top;
  return shiItems(body);
}
