import { noticeSenders } from './issuers.ts';
import { DOCUMENT_NUMBER, lineKind, type LineKind } from './line-kind.ts';

/** One article as laid out in the text: its column, headline and body lines (trimmed, blank lines dropped). */
export interface ArticleBlock {
  section: string | null;
  title: string;
  body: string[];
  /** where the title stands in the text ([start, end) in UTF-16 units); null for a title not printed there */
  titleSpan: [number, number] | null;
  /** where each body line starts in the text */
  bodyStarts: number[];
}

// A headline is a title-like line that a body follows; a column heading (科创聚焦) is a short title-like
// line that a headline follows. Blank lines are not relied on: bulletins print headlines straight after
// the previous article's last paragraph.
const MIN_HEADLINE = 6;
const MAX_SECTION = 12;
const ATTACHMENT = /^附件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$/;

function isBody(kind: LineKind | undefined): boolean {
  return kind === 'paragraph' || kind === 'marker';
}

/** Unclosed 《 or “ means the title goes on in the next line. */
function isOpen(line: string): boolean {
  const count = (ch: string) => line.split(ch).length - 1;
  return count('《') > count('》') || count('“') > count('”') || count('（') > count('）');
}

export function segmentArticles(text: string, fallbackTitle: string | null = null): ArticleBlock[] {
  const lines: string[] = [];
  const starts: number[] = [];
  const afterBlank: boolean[] = [];
  let blank = false;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const start = offset + raw.length - raw.trimStart().length;
    offset += raw.length + 1;
    if (line.length === 0) {
      blank = true;
      continue;
    }
    lines.push(line);
    starts.push(start);
    afterBlank.push(blank);
    blank = false;
  }
  const kinds = lines.map((line) => (ATTACHMENT.test(line) ? 'meta' : lineKind(line)));
  const n = lines.length;

  // The first line after i that is not a date, a document number or a page number.
  const nextContent = (i: number): number => {
    let j = i + 1;
    while (j < n && kinds[j] === 'meta') j++;
    return j;
  };
  // Headlines first, from the end, so a column heading can look at whether a headline follows it.
  const role: ('headline' | 'continued' | 'section' | null)[] = new Array<null>(n).fill(null);
  for (let i = n - 1; i >= 0; i--) {
    if (kinds[i] !== 'heading') continue;
    const next = nextContent(i);
    if (lines[i]!.length >= MIN_HEADLINE && isBody(kinds[next])) role[i] = 'headline';
  }
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== 'heading' || role[i] === 'headline') continue;
    const next = i + 1;
    if (role[next] !== 'headline') continue;
    const adjacent = !afterBlank[next];
    const line = lines[i]!;
    if (adjacent && (isOpen(line) || (line.length > MAX_SECTION && lines[next]!.length <= MAX_HEADING_TAIL))) {
      role[i] = 'continued';
    } else if (line.length <= MAX_SECTION) {
      role[i] = 'section';
    }
  }
  // A notice (关于…的通知) is one document, its attached policy included: its title is the article's, and
  // its sub-headings and the attachment's title are lines of its body.
  const first = role.indexOf('headline');
  if (
    first >= 0 &&
    !role.slice(0, first).includes('section') &&
    isNotice(fullTitle(lines, role, first), lines[first + 1])
  ) {
    for (let i = first + 1; i < n; i++) if (role[i] !== null) role[i] = null;
  }
  // Columns numbered like enumerations (一、国家政策) stand directly above a headline.
  for (let i = 0; i + 1 < n; i++) {
    if (role[i + 1] === 'headline' && role[i] === null && NUMBERED_COLUMN.test(lines[i]!)) role[i] = 'section';
  }

  const blocks: ArticleBlock[] = [];
  let section: string | null = null;
  let current: ArticleBlock | null = null;
  let pendingTitle = '';
  let pendingStart = -1;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    switch (role[i]) {
      case 'section':
        section = line.replace(COLUMN_DECORATION, '').trim();
        current = null;
        break;
      case 'continued':
        if (pendingTitle === '') pendingStart = starts[i]!;
        pendingTitle += line;
        current = null;
        break;
      case 'headline': {
        const titleStart = pendingTitle === '' ? starts[i]! : pendingStart;
        const titleSpan: [number, number] = [titleStart, starts[i]! + line.length];
        current = { section, title: pendingTitle + line, body: [], titleSpan, bodyStarts: [] };
        pendingTitle = '';
        blocks.push(current);
        break;
      }
      default:
        // Lines before the first headline are a masthead or a preamble, not an article of their own,
        // unless the text has no headline at all.
        current?.body.push(line);
        current?.bodyStarts.push(starts[i]!);
    }
  }
  if (blocks.length === 0 && n > 0) {
    const first = lines[0]!;
    const titleInText = kinds[0] === 'heading' && fallbackTitle === null;
    const bodyFrom = titleInText ? 1 : 0;
    return [
      {
        section: null,
        title: fallbackTitle ?? (titleInText ? first : ''),
        body: lines.slice(bodyFrom),
        titleSpan: titleInText ? [starts[0]!, starts[0]! + first.length] : null,
        bodyStarts: starts.slice(bodyFrom),
      },
    ];
  }
  return blocks;
}

/** A title split over two lines ends in a short tail ("…的通知"). */
const MAX_HEADING_TAIL = 40;

const NUMBERED_COLUMN = /^[一二三四五六七八九十]{1,3}[、．][^，。；：,;:]{2,12}$/;
const COLUMN_DECORATION = /^(?:[一二三四五六七八九十]{1,3}[、．]|[【［[■●◆◇□▌▍★☆|｜\s])+|[】］\]\s]+$/g;
// Addressees of a notice: 各区人民政府，市政府各委、办、局： / 有关单位：
const SALUTATION = /^(?:各|有关|[^，。；]{0,20}(?:人民政府|管委会))[^。；]{0,80}[：:]$/;

function fullTitle(lines: string[], role: (string | null)[], headline: number): string {
  let title = lines[headline]!;
  for (let i = headline - 1; i >= 0 && role[i] === 'continued'; i--) title = lines[i]! + title;
  return title;
}

/** A notice title, or a title followed by its document number or a salutation (各区人民政府：). */
function isNotice(title: string, next: string | undefined): boolean {
  return noticeSenders(title) !== null || (next !== undefined && (DOCUMENT_NUMBER.test(next) || SALUTATION.test(next)));
}
