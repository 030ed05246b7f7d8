import { describe, expect, it } from 'vitest';
import { foldForSearch, indexText, searchTokens } from './search-text.ts';

describe('search text', () => {
  it('folds traditional characters and full-width letters to their simplified, half-width form', () => {
    expect(foldForSearch('腦機接口 ＡＩ＋製造 ２０２７')).toBe('脑机接口 ai+制造 2027');
  });

  it('segments a query and a document the same way', () => {
    expect(searchTokens('腦機接口')).toEqual(searchTokens('脑机接口'));
    const document = indexText('上海多措并举打造全球脑机接口产品创新高地').split(' ');
    for (const token of searchTokens('脑机接口')) expect(document).toContain(token);
  });

  it('drops punctuation and spaces', () => {
    expect(searchTokens('“人工智能＋”，行动！')).not.toContain('，');
    expect(searchTokens('  ')).toEqual([]);
  });
});
