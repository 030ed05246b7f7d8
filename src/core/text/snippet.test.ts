import { describe, expect, it } from 'vitest';
import { regionFromInput } from '../regions/region-input.ts';
import { findHits, highlightTerms, makeSnippet } from './snippet.ts';

const measure =
  '上海市科委日前发布《上海市脑机接口未来产业培育行动方案（2025-2030年）》，提出多项措施加速脑机接口产品化。' +
  '支持各类创新主体联合医疗机构，研发运动控制、言语合成、神经疾病治疗、视觉重建等侵入式、半侵入式脑机接口产品。' +
  '推动相关产品在医疗机构开展临床试验，支持脑机接口产品进入国家和该市创新医疗器械特别审查程序。';

describe('highlightTerms', () => {
  it.each([
    ['脑机接口', ['脑机接口', '接口']],
    ['腦機接口', ['脑机接口', '接口']],
    ['ＡＩ＋制造', ['ai', '制造']],
    ['机', ['机']],
    ['', []],
  ])('%s → %j', (query, terms) => {
    expect(highlightTerms(query)).toEqual(terms);
  });
});

describe('findHits', () => {
  it('finds folded terms in the original text and merges touching hits', () => {
    expect(findHits('腦機接口與AI製造', ['脑机接口', '接口', 'ai', '制造'])).toEqual([
      [0, 4],
      [5, 9],
    ]);
  });

  it('maps hits back through full-width letters', () => {
    const text = '发展ＡＩ＋制造';
    const [hit] = findHits(text, ['ai']);
    expect(text.slice(...hit!)).toBe('ＡＩ');
  });
});

describe('makeSnippet', () => {
  it('takes the window with the most hits, marks them and shows where it was cut', () => {
    const snippet = makeSnippet(measure, highlightTerms('脑机接口'), { width: 60 });
    expect(snippet).toMatch(/^…/);
    expect(snippet).toMatch(/…$/);
    expect(snippet.match(/【脑机接口】/g)?.length).toBeGreaterThanOrEqual(2);
    expect(snippet.replace(/[【】…]/g, '').length).toBeLessThanOrEqual(60);
    expect(measure).toContain(snippet.replace(/[【】…]/g, ''));
  });

  it('marks the simplified text for a traditional query, with the markers given', () => {
    const marks = { open: '<mark>', close: '</mark>', escape: (s: string) => s.replace(/</g, '&lt;') };
    const snippet = makeSnippet('a<b 推动脑机接口产品化', highlightTerms('腦機接口'), { marks });
    expect(snippet).toBe('a&lt;b 推动<mark>脑机接口</mark>产品化');
  });

  it('starts at the beginning when nothing matches, and folds whitespace', () => {
    expect(makeSnippet('一是\n\n加快  建设', ['脑机接口'])).toBe('一是 加快 建设');
    expect(makeSnippet('甲'.repeat(100), ['乙'], { width: 10 })).toBe(`${'甲'.repeat(10)}…`);
  });

  it('never cuts a hit in half at the end of the window', () => {
    const text = `${'甲'.repeat(8)}脑机接口${'乙'.repeat(20)}`;
    expect(makeSnippet(text, ['脑机接口', '乙乙'], { width: 10 })).not.toMatch(/【[^】]*$/);
  });
});

describe('regionFromInput', () => {
  it.each([
    ['320500', '320500'],
    ['苏州', '320500'],
    ['蘇州', '320500'],
    ['江苏', '320000'],
    ['江苏省苏州市', '320500'],
    ['上海市', '310000'],
    ['999999', undefined],
    ['火星', undefined],
  ])('%s → %s', (input, code) => {
    expect(regionFromInput(input)?.code).toBe(code);
  });
});
