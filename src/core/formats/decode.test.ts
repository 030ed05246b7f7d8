import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import { decodeText, encodingForLabel, sniffUtf16 } from './decode.ts';
import { readDocument } from './read.ts';

const SAMPLE = [
  '科创聚焦',
  '',
  '上海明确从三方面打造全球领先的高级别自动驾驶引领区',
  '上海市经信委、市交通委、市公安局日前印发《上海高级别自动驾驶引领区“模速智行”行动计划》，开展L3级自动驾驶试点。',
  '一是对符合条件的企业给予最高不超过2000万元补贴；二是按1000—2000元/吨标煤给予奖励，补贴比例为30%（含）。',
  '　　全角缩进的段落，ＡＢＣ１２３，①②③，№5，—— 完。',
  '',
].join('\n');

const BOM_UTF8 = [0xef, 0xbb, 0xbf];

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (order === 'le') return le;
  const be = Buffer.from(le);
  be.swap16();
  return be;
}

function expectDecodes(bytes: Uint8Array, text: string, encoding: string): void {
  const decoded = decodeText(bytes);
  expect(decoded.encoding).toBe(encoding);
  expect(decoded.text).toBe(text);
  expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const utf8 = new TextEncoder().encode(SAMPLE);
    expectDecodes(utf8, SAMPLE, 'utf-8');
    expectDecodes(Uint8Array.from([...BOM_UTF8, ...utf8]), SAMPLE, 'utf-8');
  });

  it('reads GBK (what Chinese Windows saves) as GB18030', () => {
    expectDecodes(iconv.encode(SAMPLE, 'gbk'), SAMPLE, 'gb18030');
  });

  it('reads GB18030 with characters outside GBK (extension A and B)', () => {
    const rare = `${SAMPLE}生僻字：䶮、𠀀、𪚥。\n`;
    expect(iconv.decode(iconv.encode(rare, 'gbk'), 'gbk')).not.toBe(rare);
    expectDecodes(iconv.encode(rare, 'gb18030'), rare, 'gb18030');
  });

  it('reads UTF-16 LE and BE, with and without a BOM', () => {
    for (const order of ['le', 'be'] as const) {
      for (const bom of [true, false]) expectDecodes(utf16(SAMPLE, order, bom), SAMPLE, `utf-16${order}`);
    }
  });

  it('reads UTF-16 without a BOM for Latin-heavy and for all-Chinese text', () => {
    const latin = 'Notice No. 12 of 2025\nSubsidy up to 5 million yuan.\n';
    expectDecodes(utf16(latin, 'le', false), latin, 'utf-16le');
    expectDecodes(utf16(latin, 'be', false), latin, 'utf-16be');
    // "一" (U+4E00) has a zero low byte: NULs then sit on both sides.
    const chinese = '一是一以贯之一体推进一流营商环境建设，一批一批推进。';
    expectDecodes(utf16(chinese, 'le', false), chinese, 'utf-16le');
    expectDecodes(utf16(chinese, 'be', false), chinese, 'utf-16be');
  });

  it('normalises line ends to LF, text to NFC, and drops stray BOMs and control characters', () => {
    const raw = '第一行\r\n第二行\r第三行\u000c第四页\u0007 Cafe\u0301\ufeff。\u001a';
    expect(decodeText(new TextEncoder().encode(raw)).text).toBe('第一行\n第二行\n第三行\n第四页 Café。');
  });

  it('keeps the text exactly otherwise: leading spaces, blank lines, trailing space', () => {
    const text = ' 科创聚焦\n\n\n正文。\n ';
    expect(decodeText(new TextEncoder().encode(text)).text).toBe(text);
  });

  it('refuses empty and whitespace-only text, BOM-only files included', () => {
    for (const bytes of [
      Uint8Array.from(BOM_UTF8),
      new TextEncoder().encode(' \r\n\t　\n'),
      Uint8Array.from([0xff, 0xfe]),
      Buffer.from('\ufeff  \n', 'utf16le'),
    ]) {
      expect(() => decodeText(bytes)).toThrow(expect.objectContaining({ id: 'input.empty' }));
    }
  });

  it('refuses bytes that are no text in any supported encoding', () => {
    // 0xFF is invalid in UTF-8 and in GB18030; no NULs, so not UTF-16 either.
    const bad = Uint8Array.from([0xe4, 0xb8, 0x8a, 0xff, 0x41, 0xff, 0xfe, 0x80, 0x42, 0xff]);
    expect(() => decodeText(bad)).toThrow(expect.objectContaining({ id: 'input.encoding' }));
  });

  it('refuses NUL-laden bytes that are not UTF-16 as binary', () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x00, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00, 0xff, 0x10, 0x00, 0x00]);
    expect(() => decodeText(bytes)).toThrow(expect.objectContaining({ id: 'input.binary' }));
    expect(sniffUtf16(bytes)).toBeNull();
  });

  it('maps charset labels the way browsers do', () => {
    expect(encodingForLabel('GB2312')).toBe('gb18030');
    expect(encodingForLabel('gbk')).toBe('gb18030');
    expect(encodingForLabel('UTF8')).toBe('utf-8');
    expect(encodingForLabel('big5')).toBe('big5');
    expect(encodingForLabel('no-such-charset')).toBeNull();
  });

  // No wall-clock limit: the cost of 10 MB is compared with the cost of 1.25 MB (best of three), 8× the bytes.
  it('decodes 10 MB of text in time linear in its size', () => {
    const unit = new TextEncoder().encode(SAMPLE).length;
    const make = (bytes: number) => new TextEncoder().encode(SAMPLE.repeat(Math.ceil(bytes / unit) + 1));
    const big = make(10 * 1024 * 1024);
    const small = make((10 * 1024 * 1024) / 8);
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const gbk = (bytes: Uint8Array) => iconv.encode(new TextDecoder().decode(bytes), 'gbk');
    const cost = (bytes: Uint8Array): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        decodeText(bytes);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    for (const [large, little] of [
      [big, small],
      [gbk(big), gbk(small)],
    ] as const) {
      expect(cost(large) / Math.max(cost(little), 0.5)).toBeLessThan(32);
    }
  });
});

describe('the shared corpus bulletin', () => {
  const path = new URL('../../../../shared/corpus/bulletin-2026-sample.txt', import.meta.url);
  const raw = readFileSync(path);
  // The only changes allowed: BOM, CRLF → LF, NFC (the file has none of them).
  const expected = raw
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC');

  it('decodes to its exact text, and so do its GBK and UTF-16 copies', async () => {
    const copies: [Uint8Array, string][] = [
      [raw, 'utf-8'],
      [Uint8Array.from([...BOM_UTF8, ...raw]), 'utf-8'],
      [iconv.encode(expected, 'gbk'), 'gb18030'],
      [utf16(expected, 'le', true), 'utf-16le'],
      [utf16(expected, 'be', true), 'utf-16be'],
      [utf16(expected, 'le', false), 'utf-16le'],
      [utf16(expected, 'be', false), 'utf-16be'],
    ];
    for (const [bytes, encoding] of copies) {
      const doc = await readDocument(bytes);
      expect(doc).toEqual({ text: expected, encoding, format: 'text', title: null });
    }
  });

  it('decodes every GBK prefix cut at a line end to that prefix', () => {
    const lines = expected.split('\n');
    for (let n = 1; n < lines.length; n += 7) {
      const text = lines.slice(0, n).join('\n');
      if (text.trim() === '') expect(() => decodeText(new TextEncoder().encode(text))).toThrow(ZhidaError);
      else expect(decodeText(iconv.encode(text, 'gbk')).text).toBe(text);
    }
  });
});
