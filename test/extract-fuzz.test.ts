import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../src/core/errors.ts';
import { extractArticles } from '../src/core/extract/articles.ts';
import { extractDocument } from '../src/core/extract/document.ts';

// No byte sequence may crash or hang the extractor: it returns an extraction or a ZhidaError that names
// the problem. Text made of the characters policy documents are built from exercises the parsers deeper
// than random bytes do.

const POLICY_PIECES = [
  '一是',
  '二是',
  '三是',
  '一、',
  '二、',
  '（一）',
  '第一条',
  '上海市',
  '江苏省苏州市',
  '经信委',
  '、',
  '日前印发',
  '《',
  '》',
  '“',
  '”',
  '（含）',
  '（不含）',
  '至',
  '—',
  '-',
  '万元',
  '亿元',
  '万亿',
  '元/吨标煤',
  '%',
  '折',
  '2027年',
  '2025-2030年',
  '“十五五”',
  '最高不超过',
  '以上',
  '每年',
  '。',
  '，',
  '；',
  '\n',
  '\n\n',
  ' ',
  '\u3000',
  '0',
  '1',
  '5',
  '9',
  '.',
  '二千',
  '百分之',
  '科创聚焦',
  '关于印发',
  '的通知',
  '\uFEFF',
];
const policyText = fc
  .array(fc.oneof(fc.constantFrom(...POLICY_PIECES), fc.string({ maxLength: 4 })), { maxLength: 300 })
  .map((parts) => parts.join(''));

describe('extraction never crashes', () => {
  it('on policy-like text: every span it reports is printed in the text', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        for (const article of extractArticles(text)) {
          const normal = text.normalize('NFC');
          for (const m of article.measures) {
            expect(m.ordinal).toBeGreaterThanOrEqual(1);
            expect(normal).toContain(m.text);
          }
          for (const a of article.amounts) {
            expect(normal).toContain(a.text);
            expect(a.min).toBeLessThanOrEqual(a.max);
          }
          for (const r of article.rates) expect(r.min).toBeLessThanOrEqual(r.max);
          expect([...article.years].sort((x, y) => x - y)).toEqual(article.years);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes: an extraction or a ZhidaError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        try {
          const result = await extractDocument(bytes, 'fuzz.bin');
          expect(result.schemaVersion).toBe(1);
        } catch (error) {
          expect(error).toBeInstanceOf(ZhidaError);
        }
      }),
      { numRuns: 300 },
    );
  });

  // Quadratic or exponential behaviour on such a line takes minutes and fails by the test's timeout;
  // how fast the extractor is belongs to the benchmark, not here.
  it('on a long adversarial line', () => {
    const line = '一是'.repeat(20_000) + '1'.repeat(20_000) + '万'.repeat(20_000) + '《'.repeat(20_000) + '元';
    const [article] = extractArticles(`标题行足够长的一个标题\n${line}。`);
    expect(article!.measures.length).toBeGreaterThan(0);
  }, 20_000);
});
