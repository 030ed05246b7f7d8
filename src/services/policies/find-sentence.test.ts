import { describe, expect, it } from 'vitest';
import { findSentence, MIN_PREFIX } from './find-sentence.ts';

const TEXT =
  '苏州市支持企业创新发展若干措施\n\n一是对新认定的高新技术企业给予一次性奖励20万元。' +
  '二是对企业研发投入按照实际发生额的10%给予补助，最高不超过500万元。';

const printed = (sentence: string) => {
  const hit = findSentence(TEXT, sentence);
  return hit === null ? null : { text: TEXT.slice(hit.start, hit.end), exact: hit.exact };
};

describe('findSentence', () => {
  it.each([
    [
      'the exact sentence',
      '对新认定的高新技术企业给予一次性奖励20万元。',
      '对新认定的高新技术企业给予一次性奖励20万元。',
      true,
    ],
    [
      'trimmed first',
      '  对企业研发投入按照实际发生额的10%给予补助\n',
      '对企业研发投入按照实际发生额的10%给予补助',
      true,
    ],
    [
      'its longest printed prefix when the ending differs',
      '对新认定的高新技术企业给予一次性奖励20万元，每家仅限一次。',
      '对新认定的高新技术企业给予一次性奖励20万元',
      false,
    ],
    ['a short sentence, exactly', '若干措施', '若干措施', true],
  ])('finds %s', (_name, sentence, text, exact) => {
    expect(printed(sentence)).toEqual({ text, exact });
  });

  it.each([
    ['a sentence not printed', '对首次入选专精特新的企业奖励50万元。'],
    ['a prefix shorter than the minimum', '对新认定的高新技术企业奖励'],
    ['a short sentence that differs', '若干办法'],
    ['an empty one', '   '],
  ])('finds nothing for %s', (_name, sentence) => {
    expect(findSentence(TEXT, sentence)).toBeNull();
  });

  it('needs a prefix of MIN_PREFIX characters at least', () => {
    const base = '对新认定的高新技术企业给予';
    expect(findSentence(TEXT, `${base.slice(0, MIN_PREFIX)}×××`)).toMatchObject({ exact: false });
    expect(findSentence(TEXT, `${base.slice(0, MIN_PREFIX - 1)}××××`)).toBeNull();
  });
});
