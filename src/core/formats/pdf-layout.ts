// Text items of PDF pages (strings with positions, as pdf.js reports them) → one paragraph per line. A PDF
// has no paragraphs, only glyphs placed on a page; lines are rebuilt from baselines, wrapped lines of one
// paragraph are joined, page numbers and running headers dropped.
import { dropCjkSpaces, isCjkCode } from './cjk.ts';

export interface PdfTextItem {
  str: string;
  /** left end of the text, in page units */
  x: number;
  /** baseline, in page units from the top of the page */
  y: number;
  width: number;
  /** font size (em height) in page units */
  size: number;
}

export interface PdfLine {
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
  page: number;
}

export function layoutPdfText(pages: readonly (readonly PdfTextItem[])[]): string {
  const perPage = pages.map((items, page) => pageLines(items, page));
  dropPageFurniture(perPage);
  return joinParagraphs(perPage).join('\n');
}

/** Items whose baselines lie within half a line of each other form one line, read left to right. */
export function pageLines(items: readonly PdfTextItem[], page: number): PdfLine[] {
  const sorted = items.filter((it) => it.str !== '').sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  let groupY = NaN;
  let groupSize = 0;
  for (const it of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(it.y - groupY) <= 0.5 * Math.max(it.size, groupSize, 1)) {
      last.push(it);
      groupSize = Math.max(groupSize, it.size);
    } else {
      groups.push([it]);
      groupY = it.y;
      groupSize = it.size;
    }
  }
  const lines: PdfLine[] = [];
  for (const group of groups) {
    const line = buildLine(group, page);
    if (line) lines.push(line);
  }
  return lines;
}

function buildLine(group: PdfTextItem[], page: number): PdfLine | null {
  const items = group.sort((a, b) => a.x - b.x);
  let text = '';
  let prevRight = -Infinity;
  let prev: PdfTextItem | null = null;
  let reportedSpace = false;
  let left = Infinity;
  let right = -Infinity;
  const sizes: number[] = [];
  for (const it of items) {
    if (it.str.trim() === '') {
      // A space pdf.js reports (a space glyph, or its own gap detection) between two items.
      reportedSpace = text !== '';
      continue;
    }
    // Fake bold: the same string printed twice, a hair apart.
    if (prev && prev.str === it.str && Math.abs(prev.x - it.x) < 0.2 * it.size) continue;
    if (text !== '') {
      const gap = it.x - prevRight;
      const asciiBoth = !isCjkCode(text.charCodeAt(text.length - 1)) && !isCjkCode(it.str.charCodeAt(0));
      // Between ASCII words a visible gap is a space; between Chinese characters it is only spacing.
      if (reportedSpace || (asciiBoth && gap > 0.2 * it.size)) text += ' ';
    }
    text += it.str;
    reportedSpace = false;
    prevRight = it.x + it.width;
    prev = it;
    left = Math.min(left, it.x);
    right = Math.max(right, it.x + it.width);
    sizes.push(it.size);
  }
  const clean = dropCjkSpaces(text).trim();
  if (clean === '') return null;
  sizes.sort((a, b) => a - b);
  return { text: clean, left, right, y: items[0]!.y, size: sizes[sizes.length >> 1] ?? 0, page };
}

// "- 1 -", "—2—", "第3页", "第3页 共5页", "3/5", "Page 3 of 5", a bare number.
const PAGE_NUMBER = [
  /^[-—–－~·\s]*[0-9０-９]{1,4}[-—–－~·\s]*$/,
  /^第\s*[0-9]+\s*页\s*(?:[,，/]?\s*共\s*[0-9]+\s*页)?$/,
  /^共\s*[0-9]+\s*页\s*[,，]?\s*第\s*[0-9]+\s*页$/,
  /^[0-9]+\s*[/／]\s*[0-9]+$/,
  /^page\s*[0-9]+(?:\s*(?:of|\/)\s*[0-9]+)?$/i,
];

// Running headers and footers live in the first and last lines of a page.
const EDGE_LINES = 2;

/**
 * Drops, in place, running headers and footers (the same line, numbers aside, among the first or last two
 * lines of most pages), then page numbers standing as the first or last line of a page.
 */
export function dropPageFurniture(pages: PdfLine[][]): void {
  const edges = (lines: PdfLine[]) => new Set([...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)]);
  const key = (line: PdfLine) => line.text.replace(/[0-9０-９]+/g, '#').replace(/\s+/g, '');
  const pagesWith = new Map<string, Set<number>>();
  pages.forEach((lines, page) => {
    for (const line of edges(lines)) {
      const k = key(line);
      if (!pagesWith.has(k)) pagesWith.set(k, new Set());
      pagesWith.get(k)!.add(page);
    }
  });
  const repeated = (line: PdfLine) => {
    const n = pagesWith.get(key(line))?.size ?? 0;
    return pages.length >= 2 && n >= Math.max(2, Math.ceil(pages.length / 2));
  };
  const isPageNumber = (line: PdfLine | undefined) => !!line && PAGE_NUMBER.some((re) => re.test(line.text));
  pages.forEach((lines, page) => {
    const edge = edges(lines);
    const kept = lines.filter((line) => !(edge.has(line) && repeated(line)));
    // A header may carry one page number and the footer another ("- 1 -" above, "第1页" below).
    if (isPageNumber(kept[kept.length - 1])) kept.pop();
    if (isPageNumber(kept[0])) kept.shift();
    pages[page] = kept;
  });
}

// A line ending in one of these ends its sentence, so it may end its paragraph; closing quotes and
// brackets after the mark do not change that.
const SENTENCE_END = /[。；！？：!?;:…]$/;
const CLOSERS = /[”’"'）)》」』】〕]+$/;
// A line starting a numbered item starts a paragraph of its own: 一、 （一） 第一条 1. 1、 (1)
const ENUMERATED =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百0-9]+[）)]|第[一二三四五六七八九十百零〇0-9]+[条章节款]|[0-9]+[.．、](?![0-9]))/;

/**
 * A line that runs to the right edge of the text block and does not end a sentence wraps: it is joined with
 * the next. Where the document indents its paragraphs (Chinese official documents indent two characters),
 * a full line ending a sentence is joined too if the next line is flush left, since an indent would start
 * a new paragraph; and an indented next line always starts one.
 */
export function joinParagraphs(pages: PdfLine[][]): string[] {
  const all = pages.flat();
  if (all.length === 0) return [];
  // The text block of each page; a page with a line or two (the end of a document) takes the whole
  // document's, or its last short line would count as reaching the edge.
  const docLeft = all.reduce((m, l) => Math.min(m, l.left), Infinity);
  const docRight = all.reduce((m, l) => Math.max(m, l.right), -Infinity);
  const margins = pages.map((lines) =>
    lines.length >= 3
      ? {
          left: lines.reduce((m, l) => Math.min(m, l.left), Infinity),
          right: lines.reduce((m, l) => Math.max(m, l.right), -Infinity),
        }
      : { left: docLeft, right: docRight },
  );
  const indentOf = (l: PdfLine) => (l.left - margins[l.page]!.left) / Math.max(l.size, 1);
  const indented = (l: PdfLine) => indentOf(l) >= 1.5 && indentOf(l) <= 2.6;
  const flushLeft = (l: PdfLine) => indentOf(l) < 0.5;
  const reachesRight = (l: PdfLine) => l.right >= margins[l.page]!.right - 1.5 * Math.max(l.size, 1);
  const docIndents = all.filter(indented).length >= 2;

  const out: string[] = [];
  let current: PdfLine | null = null;
  let text = '';
  for (const line of all) {
    if (current && wraps(current, text, line)) {
      const asciiJoin = /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(line.text);
      text += (asciiJoin ? ' ' : '') + line.text;
    } else {
      if (current) out.push(text);
      text = line.text;
    }
    current = line;
  }
  if (current) out.push(text);
  return out;

  function wraps(prev: PdfLine, prevText: string, next: PdfLine): boolean {
    if (!reachesRight(prev)) return false;
    if (Math.abs(next.size - prev.size) > 0.2 * Math.max(prev.size, 1)) return false;
    if (docIndents && indented(next)) return false;
    const endsSentence = SENTENCE_END.test(prevText.replace(CLOSERS, ''));
    if (!endsSentence) return true;
    return docIndents && flushLeft(next) && !ENUMERATED.test(next.text);
  }
}
