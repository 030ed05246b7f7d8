// TEST HELPER (used by *.test.ts only, never by the reader): writes a small PDF with real Chinese text in
// its text layer and no font file, so tests need no binary fixtures. The font is a Type0 font with
// Identity-H encoding over a CIDFontType2 descendant without an embedded program; each distinct character
// gets its own CID, and a ToUnicode CMap (bfchar CID → UTF-16BE) lets pdf.js recover the Unicode text.

export interface TestPdfLine {
  text: string;
  /** left end, points from the left edge */
  x: number;
  /** baseline, points from the TOP of the page (converted to PDF's bottom-up space) */
  y: number;
  size: number;
}

export interface TestPdfPage {
  lines: TestPdfLine[];
  /** extra raw content-stream operators (e.g. a filled rectangle standing in for a scanned image) */
  graphics?: string;
}

export const PAGE_WIDTH = 595;
export const PAGE_HEIGHT = 842;

/** Advance width in 1/1000 em: ideographs and full-width forms are square, everything else half. */
export function glyphWidth(ch: string): number {
  return ch.codePointAt(0)! >= 0x2e80 ? 1000 : 500;
}

/** Width of a string in points at a font size, as the PDF lays it out. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += glyphWidth(ch);
  return (w / 1000) * size;
}

export function buildPdf(pages: TestPdfPage[], info: { title?: string } = {}): Uint8Array {
  const cids = new Map<string, number>();
  for (const page of pages) {
    for (const line of page.lines) for (const ch of line.text) if (!cids.has(ch)) cids.set(ch, cids.size + 1);
  }
  const chars = [...cids.keys()];

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) as number; // returns the object number (1-based)
  const stream = (dict: string, data: string) => `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;

  const catalog = add('');
  const pagesObj = add('');
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 ' +
      '/Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>',
  );
  const widths = chars.length > 0 ? `/W [1 [${chars.map(glyphWidth).join(' ')}]]` : '';
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) ` +
      `/Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 ${widths} ` +
      `/CIDToGIDMap /Identity >>`,
  );
  const toUnicode = add(stream('', toUnicodeCMap(chars)));
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H ` +
      `/DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );

  const pageObjs: number[] = [];
  for (const page of pages) {
    const ops = page.lines.map((line) => {
      const hex = [...line.text].map((ch) => hex4(cids.get(ch)!)).join('');
      const y = PAGE_HEIGHT - line.y;
      return `BT /F1 ${line.size} Tf 1 0 0 1 ${line.x.toFixed(2)} ${y.toFixed(2)} Tm <${hex}> Tj ET`;
    });
    if (page.graphics) ops.push(page.graphics);
    const content = add(stream('', ops.join('\n')));
    pageObjs.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${pageObjs.map((n) => `${n} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  const infoObj =
    info.title === undefined ? null : add(`<< /Title <FEFF${utf16Hex(info.title)}> /Producer (zhida tests) >>`);

  // Header with a binary comment line, as real PDFs have; all other bytes are ASCII, so string offsets
  // equal byte offsets.
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${infoObj ? ` /Info ${infoObj} 0 R` : ''} >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(out, (c) => c.charCodeAt(0));
}

function toUnicodeCMap(chars: string[]): string {
  const blocks: string[] = [];
  // A bfchar block may hold at most 100 entries.
  for (let i = 0; i < chars.length; i += 100) {
    const chunk = chars.slice(i, i + 100);
    blocks.push(
      `${chunk.length} beginbfchar\n${chunk.map((ch, j) => `<${hex4(i + j + 1)}> <${utf16Hex(ch)}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** UTF-16BE code units as hex: a character beyond the BMP becomes its surrogate pair. */
function utf16Hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += hex4(s.charCodeAt(i));
  return out;
}
