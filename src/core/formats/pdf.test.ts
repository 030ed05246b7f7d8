import { describe, expect, it } from 'vitest';
import { layoutPdfText, type PdfTextItem } from './pdf-layout.ts';
import { readDocument } from './read.ts';
import { buildPdf, PAGE_WIDTH, textWidth, type TestPdfLine } from './test-pdf.ts';

// An A4 page with 72 pt margins and 15 pt type: 30 full-width characters fill a line of the text block.
const LEFT = 72;
const SIZE = 15;
const PER_LINE = 30;

/** A paragraph set as Chinese official documents are: first line indented two characters, then full lines. */
function paragraph(text: string, y: number, leading = 25): TestPdfLine[] {
  const lines: TestPdfLine[] = [];
  let rest = [...text];
  let first = true;
  while (rest.length > 0) {
    const n = first ? PER_LINE - 2 : PER_LINE;
    lines.push({ text: rest.slice(0, n).join(''), x: first ? LEFT + 2 * SIZE : LEFT, y, size: SIZE });
    rest = rest.slice(n);
    first = false;
    y += leading;
  }
  return lines;
}

function centred(text: string, y: number, size: number): TestPdfLine {
  return { text, x: (PAGE_WIDTH - textWidth(text, size)) / 2, y, size };
}

const TITLE = '关于支持自动驾驶发展的若干措施';
const HEADER = '上海市经济和信息化委员会文件';
const A = '为加快高级别自动驾驶引领区建设，推动智能网联汽车产业高质量发展，结合本市实际，制定本措施。';
const B = '一是对符合条件的企业给予补贴，最高500 万元。';
// 28 + 30 characters on page 1, the rest at the top of page 2: a paragraph across the page break.
const C =
  '二是支持企业开展智能出租示范运营和无人驾驶装备应用场景建设对新开放测试道路里程达到一定规模的区按照实际开放里程给予奖励每公里奖励不超过五万元。';
const HEADING = '二、保障措施';
// A sentence ends exactly at the right margin, and the paragraph goes on flush left on the next line.
const D = '各区要建立工作推进机制并明确责任分工确保各项措施落实处。市经信委会同市财政局做好资金保障，加强绩效评价。';

function samplePdf(): Uint8Array {
  const cLines = paragraph(C, 700);
  return buildPdf(
    [
      {
        lines: [
          { text: HEADER, x: LEFT, y: 40, size: 9 },
          centred(TITLE, 110, 22),
          ...paragraph(A, 160),
          ...paragraph(B, 220),
          ...cLines.slice(0, 2),
          centred('- 1 -', 800, 10),
        ],
      },
      {
        lines: [
          { text: HEADER, x: LEFT, y: 40, size: 9 },
          { ...cLines[2]!, y: 80 },
          { text: HEADING, x: LEFT, y: 120, size: SIZE },
          ...paragraph(D, 160),
          centred('第2页', 800, 10),
        ],
      },
    ],
    { title: TITLE },
  );
}

describe('PDF', () => {
  it('rebuilds one paragraph per line, drops page numbers and the running header', async () => {
    expect(paragraph(C, 0)).toHaveLength(3);
    expect(paragraph(D, 0)[0]!.text.endsWith('。')).toBe(true);
    const doc = await readDocument(samplePdf());
    expect(doc.format).toBe('pdf');
    expect(doc.encoding).toBe('binary');
    expect(doc.title).toBe(TITLE);
    expect(doc.text.split('\n')).toEqual([TITLE, A, B, C, HEADING, D]);
  });

  it('keeps the space printed in "500 万元"', async () => {
    expect((await readDocument(samplePdf())).text).toContain('最高500 万元。');
  });

  it('reads a character beyond the BMP through its ToUnicode surrogate pair', async () => {
    const doc = await readDocument(buildPdf([{ lines: [{ text: '生僻字𠀀与䶮。', x: LEFT, y: 100, size: SIZE }] }]));
    expect(doc.text).toBe('生僻字𠀀与䶮。');
    expect(doc.title).toBeNull();
  });

  it('says so when a PDF has no text layer (a scan)', async () => {
    const scan = buildPdf([{ lines: [], graphics: '0.5 g 72 72 451 698 re f' }]);
    await expect(readDocument(scan)).rejects.toMatchObject({
      id: 'input.format',
      message: expect.stringMatching(/no text layer.*scanned/),
    });
  });

  it('reports a truncated or corrupted PDF as a damaged PDF', async () => {
    const bytes = samplePdf();
    for (const damaged of [
      bytes.subarray(0, bytes.length >> 1),
      bytes.subarray(0, 40),
      Uint8Array.from([...bytes.subarray(0, 9), ...new Uint8Array(300).fill(0x41)]),
    ]) {
      await expect(readDocument(damaged)).rejects.toMatchObject({
        id: 'input.format',
        message: expect.stringContaining('PDF'),
      });
    }
  });

  it('leaves the caller’s bytes intact (pdf.js takes over the buffer it is given)', async () => {
    const bytes = samplePdf();
    const copy = bytes.slice();
    await readDocument(bytes);
    expect(bytes).toEqual(copy);
  });
});

describe('layoutPdfText', () => {
  // One item per character, as many PDF producers write CJK text, with justification gaps between them.
  function chars(text: string, x: number, y: number, size = 10, gap = 1): PdfTextItem[] {
    const items: PdfTextItem[] = [];
    for (const ch of text) {
      const width = ch.codePointAt(0)! >= 0x2e80 ? size : size / 2;
      items.push({ str: ch, x, y, width, size });
      x += width + gap;
    }
    return items;
  }

  it('joins characters of a line without spaces, but keeps gaps between ASCII words', () => {
    const items = [
      ...chars('支持L3级', 0, 100),
      { str: 'Level', x: 60, y: 100, width: 25, size: 10 },
      { str: '4', x: 90, y: 100.4, width: 5, size: 10 },
      { str: '自动驾驶', x: 100, y: 100, width: 40, size: 10 },
    ];
    expect(layoutPdfText([items])).toBe('支持L3级Level 4自动驾驶');
  });

  it('drops a pdf.js-reported space between two Chinese characters, keeps one next to a figure', () => {
    const items = [
      { str: '补贴 最高', x: 0, y: 50, width: 50, size: 10 },
      { str: ' ', x: 50, y: 50, width: 3, size: 10 },
      { str: '500', x: 53, y: 50, width: 15, size: 10 },
      { str: ' ', x: 68, y: 50, width: 3, size: 10 },
      { str: '万元', x: 71, y: 50, width: 20, size: 10 },
    ];
    expect(layoutPdfText([items])).toBe('补贴最高 500 万元');
  });

  it('prints fake bold (the same string twice, a hair apart) once', () => {
    const items = [
      { str: '第一章 总则', x: 100, y: 20, width: 55, size: 10 },
      { str: '第一章 总则', x: 100.3, y: 20, width: 55, size: 10 },
    ];
    expect(layoutPdfText([items])).toBe('第一章总则');
  });

  it('without paragraph indents, a full line that ends a sentence ends its paragraph', () => {
    const page = [
      ...chars('这是第一段的第一行文字很长很长。', 0, 10, 10, 0),
      ...chars('这是第二段的第一行文字很长很长', 0, 25, 10, 0),
      ...chars('第二段结束。', 0, 40, 10, 0),
      ...chars('短行', 0, 55, 10, 0),
    ];
    expect(layoutPdfText([page])).toBe(
      ['这是第一段的第一行文字很长很长。', '这是第二段的第一行文字很长很长第二段结束。', '短行'].join('\n'),
    );
  });

  it('does not join a full line with a numbered item or a line in another font size', () => {
    const page = [
      ...chars('　　一是加快建设，推动高质量发展，结合实际情况。', 0, 10, 10, 0).filter((it) => it.str !== '　'),
      ...chars('（二）保障措施加强组织领导完善工作机制落实', 0, 25, 10, 0),
      ...chars('标题二', 0, 45, 16, 0),
      ...chars('　　一是另一个段落。', 0, 70, 10, 0).filter((it) => it.str !== '　'),
    ];
    expect(layoutPdfText([page]).split('\n')).toEqual([
      '一是加快建设，推动高质量发展，结合实际情况。',
      '（二）保障措施加强组织领导完善工作机制落实',
      '标题二',
      '一是另一个段落。',
    ]);
  });

  it('drops bare page numbers at the foot of a page but keeps a number inside the text', () => {
    const page = [
      ...chars('正文第一行。', 0, 10),
      ...chars('2025', 0, 25),
      ...chars('正文结束。', 0, 40),
      ...chars('— 3 —', 0, 90),
    ];
    expect(layoutPdfText([page]).split('\n')).toEqual(['正文第一行。', '2025', '正文结束。']);
  });
});
