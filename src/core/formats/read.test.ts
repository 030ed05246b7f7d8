import fc from 'fast-check';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import { detectFormat } from './detect.ts';
import { readDocument, type DocumentText } from './read.ts';
import { buildDocx } from './test-docx.ts';
import { buildPdf } from './test-pdf.ts';

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);

/** Deterministic pseudo-random bytes (xorshift), so the "random bytes" case is the same on every run. */
function randomBytes(n: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

async function rejection(bytes: Uint8Array): Promise<ZhidaError> {
  try {
    await readDocument(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ZhidaError);
    return e as ZhidaError;
  }
  throw new Error('expected readDocument to reject');
}

describe('readDocument refuses what is not a document', () => {
  it('empty and whitespace-only input', async () => {
    for (const bytes of [new Uint8Array(0), enc('   \n\r\n\t'), enc('\ufeff'), iconv.encode('　　\r\n', 'gbk')]) {
      expect((await rejection(bytes)).id).toBe('input.empty');
    }
  });

  it('images, archives and programs, named in the message', async () => {
    const zip = new JSZip();
    zip.file('data.csv', 'a,b\n1,2\n');
    const cases: [Uint8Array, string][] = [
      [PNG, 'a PNG image'],
      [Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), 'a JPEG image'],
      [await zip.generateAsync({ type: 'uint8array' }), 'a ZIP archive that is not a Word document'],
      [Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), 'an executable program'],
      [Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), 'an executable program'],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]), 'an old-format Office file'],
    ];
    for (const [bytes, what] of cases) {
      const e = await rejection(bytes);
      expect(e.id).toBe('input.binary');
      expect(e.message).toContain(what);
    }
  });

  it('random bytes', async () => {
    expect((await rejection(randomBytes(4096))).id).toBe('input.binary');
  });

  it('bytes invalid in every supported encoding', async () => {
    const e = await rejection(Uint8Array.from([0x41, 0xff, 0xfe, 0xfd, 0x20, 0xc3, 0x28, 0x80, 0xff, 0x0a]));
    expect(e.id).toBe('input.encoding');
  });

  it('a truncated PDF', async () => {
    const pdf = buildPdf([{ lines: [{ text: '通知正文。', x: 72, y: 100, size: 15 }] }]);
    const e = await rejection(pdf.subarray(0, 200));
    expect(e.id).toBe('input.format');
    expect(e.message).toContain('PDF');
  });

  it('formats we do not read: RTF, XML, a file over the size limit', async () => {
    expect((await rejection(enc('{\\rtf1\\ansi 通知}'))).message).toContain('RTF');
    expect((await rejection(enc('<?xml version="1.0"?><root>数据</root>'))).message).toContain('XML');
    expect((await rejection(new Uint8Array(50 * 1024 * 1024 + 1))).id).toBe('input.too_large');
  });
});

describe('detectFormat', () => {
  it('goes by content, not by name', () => {
    expect(detectFormat(enc('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFormat(enc('junk before the header %PDF-1.4\n'))).toBe('pdf');
    expect(detectFormat(enc('\ufeff<!DOCTYPE html><html>'))).toBe('html');
    expect(detectFormat(enc('  <!-- saved from url -->\n<html lang="zh-CN">'))).toBe('html');
    expect(
      detectFormat(enc('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">')),
    ).toBe('html');
    expect(detectFormat(Buffer.from('\ufeff<html><body>', 'utf16le'))).toBe('html');
    expect(detectFormat(enc('关于<p>标签的说明'))).toBe('text');
    expect(detectFormat(enc('The file %PDF-x is mentioned here'))).toBe('text');
  });
});

// Valid files of every format, whose prefixes and mutations the properties below feed to the reader.
let samples: Uint8Array[] = [];
beforeAll(async () => {
  const html = `<html><head><meta charset="gbk"><title>关于印发若干措施的通知_某某市人民政府</title></head>
    <body><div class="nav"><a href="/">首页</a></div><div class="TRS_Editor"><p>一是给予最高500万元补贴。</p>
    <table><tr><td>项目</td><td>金额</td></tr></table></div><div class="footer">版权所有</div></body></html>`;
  samples = [
    buildPdf(
      [
        {
          lines: [
            { text: '关于支持发展的若干措施', x: 150, y: 100, size: 20 },
            { text: '一是最高500 万元。', x: 72, y: 150, size: 15 },
          ],
        },
        {
          lines: [
            { text: '二是加强保障。', x: 72, y: 100, size: 15 },
            { text: '- 2 -', x: 280, y: 800, size: 10 },
          ],
        },
      ],
      { title: '关于支持发展的若干措施' },
    ),
    await buildDocx({ title: '若干措施' }),
    iconv.encode(html, 'gbk'),
    enc(html.replace('gbk', 'utf-8')),
    iconv.encode('一是给予补贴。\r\n二是加强保障。\r\n', 'gbk'),
    Buffer.from('\ufeff一是给予补贴。\n', 'utf16le'),
    // Plain copies: Buffer#slice is a view, and the mutations below must not write into the samples.
  ].map((bytes) => new Uint8Array(bytes));
});

// Generous per-call bound: a reader that loops on some input fails the property instead of hanging the run.
const HANG_MS = 5000;

/** The property: a DocumentText in the documented shape, or a ZhidaError — never anything else, never a hang. */
async function readsOrRefuses(bytes: Uint8Array): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  try {
    const result = await Promise.race([readDocument(bytes), hang]);
    if (result === 'hang') throw new Error(`readDocument did not finish in ${HANG_MS} ms`);
    checkShape(result);
    return true;
  } catch (e) {
    if (e instanceof ZhidaError) return true;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function checkShape(doc: DocumentText): void {
  expect(typeof doc.text).toBe('string');
  expect(doc.text.trim()).not.toBe('');
  expect(doc.text).not.toMatch(/[\r\ufeff\x00-\x08\x0b-\x1f\x7f]/);
  expect(doc.text).toBe(doc.text.normalize('NFC'));
  expect(['text', 'html', 'pdf', 'docx']).toContain(doc.format);
  expect(typeof doc.encoding).toBe('string');
  expect(doc.title === null || typeof doc.title === 'string').toBe(true);
}

describe('readDocument never crashes or hangs', () => {
  it('on arbitrary bytes and arbitrary text in any encoding', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => enc(s)),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Uint8Array.from(Buffer.from(s, 'utf16le'))),
      fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => Uint8Array.from(iconv.encode(s, 'gb18030'))),
      fc
        .tuple(
          fc.constantFrom('%PDF-1.4\n', 'PK\x03\x04', '<html>', '\ufeff', '<?xml '),
          fc.uint8Array({ maxLength: 512 }),
        )
        .map(([head, tail]) => Uint8Array.from([...enc(head), ...tail])),
    );
    await fc.assert(fc.asyncProperty(bytes, readsOrRefuses), { numRuns: 400 });
  });

  it('on every kind of prefix and on byte mutations of valid PDF, DOCX, HTML and text files', async () => {
    const prefix = fc
      .tuple(fc.nat({ max: samples.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([i, cut]) => samples[i]!.subarray(0, Math.floor(samples[i]!.length * cut)));
    const mutated = fc
      .tuple(
        fc.nat({ max: samples.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
      )
      .map(([i, edits]) => {
        const copy = samples[i]!.slice();
        for (const [at, value] of edits) copy[Math.min(copy.length - 1, Math.floor(at * copy.length))] = value;
        return copy;
      });
    await fc.assert(fc.asyncProperty(fc.oneof(prefix, mutated), readsOrRefuses), { numRuns: 300 });
  });

  it('reads each valid sample', async () => {
    const formats = [];
    for (const sample of samples) formats.push((await readDocument(sample)).format);
    expect(formats).toEqual(['pdf', 'docx', 'html', 'html', 'text', 'text']);
  });
});
