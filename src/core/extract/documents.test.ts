import { describe, expect, it } from 'vitest';
import { findDocuments } from './documents.ts';

describe('findDocuments', () => {
  it('keeps titles as printed, in order of first mention, once each', () => {
    expect(findDocuments('印发《江苏省“人工智能＋”行动方案》。《方案》提出…《方案》明确…')).toEqual([
      '江苏省“人工智能＋”行动方案',
      '方案',
    ]);
  });

  it('keeps the outer title of a notice that quotes another', () => {
    expect(findDocuments('《关于印发〈上海市若干措施〉的通知》')).toEqual(['关于印发〈上海市若干措施〉的通知']);
    expect(findDocuments('《关于印发《上海市若干措施》的通知》')).toEqual(['关于印发《上海市若干措施》的通知']);
  });

  it('skips newspapers and programmes, and a bracket left open at the end of a line', () => {
    expect(findDocuments('据《人民日报》报道，《求是》杂志刊文，国务院印发《关于促进消费的意见》')).toEqual([
      '关于促进消费的意见',
    ]);
    expect(findDocuments('印发《上海市方案\n全文如下》')).toEqual([]);
  });
});
