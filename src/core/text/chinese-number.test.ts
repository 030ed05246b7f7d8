import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldFigureText, parseChineseNumber } from './chinese-number.ts';

const cases: [string, number | null][] = [
  ['二千', 2000],
  ['一万二千五百', 12500],
  ['十五', 15],
  ['二十五万', 250_000],
  ['三百零五', 305],
  ['一千零五十', 1050],
  ['两', 2],
  ['两百', 200],
  ['〇', 0],
  ['零', 0],
  ['壹仟贰佰', 1200],
  ['拾', 10],
  ['貳佰', 200],
  ['二千万', 20_000_000],
  ['一亿二千万', 120_000_000],
  ['三亿五千万', 350_000_000],
  ['九千九百九十九万九千九百九十九', 99_999_999],
  ['一万二', 12_000],
  ['三千五', 3500],
  ['三点五', 3.5],
  ['零点五', 0.5],
  ['一点五亿', 150_000_000],
  ['十二点五万', 125_000],
  ['二〇二五', 2025],
  ['二零三零', 2030],
  ['万', 10_000],
  ['万亿', 1e12],
  ['1.5万', 15_000],
  ['1.3万', 13_000],
  ['1.5万亿', 1_500_000_000_000],
  ['2千万', 20_000_000],
  ['3亿5000万', 350_000_000],
  ['1,200', 1200],
  ['1，200', 1200],
  ['２０００', 2000],
  ['１．５万', 15_000],
  ['1 000', 1000],
  ['500 万', 5_000_000],
  ['  二千 ', 2000],
  ['0.8', 0.8],
  // not one number
  ['', null],
  ['abc', null],
  ['十百', null],
  ['万万', null],
  ['5五', null],
  ['1,2', null],
  ['1.5.3', null],
  ['1 2', null],
  ['三年', null],
];

describe('parseChineseNumber', () => {
  it.each(cases)('%j → %j', (s, expected) => {
    expect(parseChineseNumber(s)).toBe(expected);
  });

  it('reads any Arabic integer like Number does', () => {
    fc.assert(fc.property(fc.nat(), (n) => parseChineseNumber(String(n)) === n));
  });

  it('never throws and gives a finite non-negative number or null', () => {
    const chars = '0123456789.,点零〇一二两三四五六七八九十百千万亿壹贰拾佰仟 ２元年a'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (parts) => {
        const v = parseChineseNumber(parts.join(''));
        return v === null || (Number.isFinite(v) && v >= 0);
      }),
    );
  });
});

describe('foldFigureText', () => {
  it('folds full-width forms, dashes and spaces one for one', () => {
    const s = '２０００万元（含）—１亿元～５０％，　1 000';
    const f = foldFigureText(s);
    expect(f).toBe('2000万元(含)-1亿元~50%, 1 000');
    expect(f).toHaveLength(s.length);
  });
});
