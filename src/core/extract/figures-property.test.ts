import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmounts } from './amounts.ts';
import { findRates } from './rates.ts';
import { findYears } from './years.ts';

// Pieces that figures are made of and that trip figure readers: numerals, units, anchors, bound words,
// separators, inclusions, full-width forms and plain CJK text.
const PIECES = [
  ...'0123456789'.split(''),
  '２',
  '０',
  '.',
  ',',
  '，',
  ' ',
  '　',
  ...'零〇一二两三四五六七八九十百千万亿'.split(''),
  '元',
  '万元',
  '亿元',
  '%',
  '％',
  '‰',
  '折',
  '年',
  '年底',
  '年前',
  '—',
  '-',
  '～',
  '至',
  '到',
  '（含）',
  '（不含）',
  '以上',
  '以下',
  '及以上',
  '最高不超过',
  '不低于',
  '超',
  '过',
  '/',
  '/年',
  '每',
  '每年',
  '亩均',
  '百分之',
  '千分之',
  '“十五五”',
  '十四五',
  '《',
  '》',
  '截至',
  '以来',
  '补贴',
  '给予',
  '企业',
  '人',
  '。',
  '；',
  '\n',
  '多',
  '余',
  '数',
  'GDP',
  '𠀀',
];

const textArb = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

describe('figure extractors on arbitrary text', () => {
  it('never throw; spans are slices of the input; min ≤ max; values finite and ≥ 0', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        for (const a of findAmounts(text)) {
          expect(text).toContain(a.text);
          expect(a.text.length).toBeGreaterThan(0);
          expect(Number.isFinite(a.min) && Number.isFinite(a.max)).toBe(true);
          expect(a.min).toBeGreaterThanOrEqual(0);
          expect(a.min).toBeLessThanOrEqual(a.max);
          if (a.per !== null) expect(a.per.length).toBeGreaterThan(0);
        }
        for (const r of findRates(text)) {
          expect(text).toContain(r.text);
          expect(Number.isFinite(r.min) && Number.isFinite(r.max)).toBe(true);
          expect(r.min).toBeGreaterThanOrEqual(0);
          expect(r.min).toBeLessThanOrEqual(r.max);
        }
        const years = findYears(text);
        expect([...new Set(years)].sort((x, y) => x - y)).toEqual(years);
        for (const y of years) expect(y >= 1949 && y <= 2100).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('lists amounts and rates in order of appearance, without overlaps', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        for (const items of [findAmounts(text), findRates(text)]) {
          let from = 0;
          for (const item of items) {
            const at = text.indexOf(item.text, from);
            expect(at).toBeGreaterThanOrEqual(from);
            from = at + item.text.length;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('figure extractors stay linear', () => {
  // The inputs that make backtracking readers blow up: long runs of digits and units, anchors back to back,
  // separators between every figure. Each is made at a scale k (k = 1: about 25 KB).
  const adversarial: [string, (k: number) => string][] = [
    ['digits then 元', (k) => '9'.repeat(25_000 * k) + '元'],
    ['万 then 元', (k) => '万'.repeat(25_000 * k) + '元'],
    ['万元 repeated', (k) => '万元'.repeat(12_500 * k)],
    ['1万 repeated', (k) => '1万'.repeat(12_500 * k)],
    ['digits and 万万万', (k) => '1万万万'.repeat(6_250 * k) + '元'],
    ['digits then %', (k) => '1'.repeat(12_500 * k) + '%'.repeat(12_500 * k)],
    ['1折 repeated', (k) => '1折'.repeat(12_500 * k)],
    ['百分之 repeated', (k) => '百分之'.repeat(8_750 * k)],
    ['ranges everywhere', (k) => '1-'.repeat(12_500 * k) + '万元'],
    ['Chinese numerals and 元', (k) => ('一'.repeat(30) + '元').repeat(810 * k)],
    ['spaced digits', (k) => ('1 '.repeat(15) + '万元').repeat(810 * k)],
    ['years', (k) => '2025年'.repeat(5_000 * k)],
    ['year ranges', (k) => '2025-'.repeat(5_000 * k) + '2030年'],
    ['open title', (k) => '《' + '2025年'.repeat(5_000 * k)],
    ['five-year plans', (k) => '“十五五”'.repeat(5_000 * k)],
  ];

  // No wall-clock limit (machines differ and are shared): the cost of 8× the input is compared with the cost of
  // the input, best of three each. Linear work gives about 8; a quadratic reader gives about 64.
  it.each(adversarial)('%s: 8× the input costs well under 64× the time', (_name, make) => {
    const scan = (text: string): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        findAmounts(text);
        findRates(text);
        findYears(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const small = scan(make(1));
    const large = scan(make(8));
    expect(large / Math.max(small, 0.5)).toBeLessThan(32);
  });
});
