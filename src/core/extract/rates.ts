// Percentages and discounts in an article (extraction contract: Article.rates), in percent.
//
// Anchors: % (and ％, ﹪), ‰, 百分之 / 千分之 / 万分之, and 折. Each is read a bounded number of characters
// back and forth, so the scan is linear in the length of the text.
//
// Rules:
// - 30% = 30; 5‰ and 千分之五 = 0.5; 百分之三 = 3; 百分之三点五 = 3.5.
// - n折 is a discount to n tenths: 2折 = 20, 8.5折 = 85, 八折 = 80, 八五折 / 九五折 = 85 / 95 (two Chinese digits read
//   as tenths and hundredths). The figure must be below 10 (a 折 after 10 or more is not a discount). 打折 has no
//   figure; 折旧, 折扣, 折算, 折合, 折价, 折叠, 折线, 折射, 折返, 折成, 折换, 折抵, 折现 are words, not discounts.
// - A range is two rates joined by —, –, -, ~, ～, 至, 到 (0.8%—1.3%, 10%-15%, 百分之三至百分之八), a bare figure
//   joined to a rate (10-15%, 百分之三至五, 5—8折), or 以上…以下 back to back; min < max, else they stay apart.
// - text: the figure(s) with %/折/百分之, with a bound word right against it (最高, 不超过, 不低于…; 以上, 以下,
//   及以上, 以内, 左右). A bound cut off by a noun phrase (最高不超过合同金额的30%) stays out: text "30%".
// - Not rates: 2.1个百分点, 百分点, 百分比.

import { chineseDigit, foldFigureText } from '../text/chinese-number.ts';
import {
  boundStart,
  figureAfter,
  figureBefore,
  isLowerBound,
  isRangeSeparator,
  isUpperBound,
  postBoundAt,
  separatorBefore,
  type Figure,
  oneOf,
} from '../text/figure-scan.ts';
import type { Rate } from './types.ts';

type Kind = '%' | '‰' | '折' | '百分之' | '千分之' | '万分之';

interface Atom {
  kind: Kind;
  start: number;
  /** Start of the figure (or of 百分之). */
  figureStart: number;
  end: number;
  min: number;
  max: number;
  post: string | null;
}

export function findRates(text: string): Rate[] {
  const f = foldFigureText(text);
  const atoms: Atom[] = [];
  for (const m of f.matchAll(ANCHOR)) {
    const a = atomAt(f, m.index, m[0] as Kind);
    if (a) atoms.push(a);
  }
  const out: Rate[] = [];
  let lastEnd = 0;
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.start < lastEnd) continue;
    const b = atoms[k + 1];
    if (b && joins(f, a, b)) {
      out.push({ text: text.slice(a.start, b.end), min: a.min, max: b.max });
      lastEnd = b.end;
      k++;
      continue;
    }
    const first = bareFirst(f, a, lastEnd);
    out.push(
      first
        ? { text: text.slice(first.start, a.end), min: first.value, max: a.max }
        : { text: text.slice(a.start, a.end), min: a.min, max: a.max },
    );
    lastEnd = a.end;
  }
  return out;
}

const ANCHOR = /%|‰|折|[百千万]分之/g;

const NOT_DISCOUNT_AFTER = '旧扣算合价叠线射返腾成换抵现';

function atomAt(f: string, i: number, kind: Kind): Atom | null {
  if (kind === '百分之' || kind === '千分之' || kind === '万分之') return wordAtom(f, i, kind);
  const figEnd = f.charAt(i - 1) === ' ' ? i - 1 : i;
  const fig = figureBefore(f, figEnd);
  if (!fig || !fig.hasDigit || fig.mult > 1) return null;
  if (kind === '折') {
    if (oneOf(NOT_DISCOUNT_AFTER, f.charAt(i + 1))) return null;
    const d = discount(f, fig);
    if (!d) return null;
    return finish(f, kind, boundStart(f, d.start), d.start, i + 1, d.value, d.value);
  }
  const v = scale(kind, fig.value);
  return finish(f, kind, boundStart(f, fig.start), fig.start, i + 1, v, v);
}

/** 百分之三, 千分之五, and a second figure joined to it without the word again (百分之三至五). */
function wordAtom(f: string, i: number, kind: Kind): Atom | null {
  const fig = figureAfter(f, i + 3);
  if (!fig || !fig.hasDigit) return null;
  const min = scale(kind, fig.value);
  const sep = SEPARATOR_AFTER.exec(f.slice(fig.end, fig.end + 4));
  if (sep && !f.startsWith(kind, fig.end + sep[0].length)) {
    const second = figureAfter(f, fig.end + sep[0].length);
    if (second && second.hasDigit) {
      const max = scale(kind, second.value);
      if (min < max) return finish(f, kind, boundStart(f, i), i, second.end, min, max);
    }
  }
  return finish(f, kind, boundStart(f, i), i, fig.end, min, min);
}

const SEPARATOR_AFTER = /^ ?(?:--?|~|至|到) ?/;

function scale(kind: Kind, v: number): number {
  if (kind === '‰' || kind === '千分之') return round(v / 10);
  if (kind === '万分之') return round(v / 100);
  return v;
}

function round(v: number): number {
  return Number.isSafeInteger(v) ? v : Number(v.toPrecision(15));
}

/** The percent of a discount figure: 8.5 → 85, 八 → 80, 八五 → 85; null when it is no discount. */
function discount(f: string, fig: Figure): { start: number; value: number } | null {
  if (fig.end - fig.start === 2) {
    const d1 = chineseDigit(f.charAt(fig.start));
    const d2 = chineseDigit(f.charAt(fig.start + 1));
    if (d1 !== undefined && d2 !== undefined) {
      if (d2 === 0) return null;
      if (d1 === 1) return { start: fig.start + 1, value: d2 * 10 }; // 统一八折: 一 ends the word before
      if (d1 === 0) return null;
      return { start: fig.start, value: d1 * 10 + d2 }; // 八五折 = 85
    }
  }
  if (!(fig.value > 0 && fig.value < 10)) return null;
  return { start: fig.start, value: round(fig.value * 10) };
}

function finish(
  f: string,
  kind: Kind,
  start: number,
  figureStart: number,
  end: number,
  min: number,
  max: number,
): Atom {
  const post = postBoundAt(f, end);
  return { kind, start, figureStart, end: post ? end + post.length : end, min, max, post };
}

function family(k: Kind): string {
  return k === '折' ? '折' : '%';
}

function joins(f: string, a: Atom, b: Atom): boolean {
  if (family(a.kind) !== family(b.kind) || !(a.max < b.min)) return false;
  const gap = f.slice(a.end, b.start);
  if (isRangeSeparator(gap)) return true;
  return gap === '' && isLowerBound(a.post) && isUpperBound(b.post);
}

/** A bare figure joined to the rate after it: 10-15%, 5—8折. */
function bareFirst(f: string, a: Atom, notBefore: number): { start: number; value: number } | null {
  if (a.kind === '百分之' || a.kind === '千分之' || a.kind === '万分之') return null;
  if (a.start !== a.figureStart) return null;
  const sep = separatorBefore(f, a.figureStart);
  if (sep < 0) return null;
  const fig = figureBefore(f, sep);
  if (!fig || !fig.hasDigit || fig.mult > 1 || fig.start < notBefore) return null;
  let value: number;
  let start = fig.start;
  if (a.kind === '折') {
    const d = discount(f, fig);
    if (!d) return null;
    value = d.value;
    start = d.start;
  } else {
    value = scale(a.kind, fig.value);
  }
  if (!(value < a.min)) return null;
  return { start: boundStart(f, start), value };
}
