// A parsed HTML tree (cheerio/domhandler nodes) → one line per paragraph, as a reader sees the page: block
// elements break lines, inline elements join without spaces, table rows become one line of tab-separated
// cells. Shared by the HTML reader and the DOCX reader (mammoth turns Word into HTML).
import type { AnyNode, Element } from 'domhandler';
import { isCjkCode } from './cjk.ts';

/** Elements that start and end a line. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Elements whose content is never text a reader sees. */
export const SKIPPED_TAGS = new Set([
  'area',
  'audio',
  'button',
  'canvas',
  'embed',
  'head',
  'iframe',
  'img',
  'input',
  'link',
  'map',
  'meta',
  'noscript',
  'object',
  'script',
  'select',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'video',
]);

// A cell this long, or holding a table, is page layout (old sites put the whole article in one <td>):
// its paragraphs stay lines of their own instead of being squeezed into one row.
const DATA_CELL_MAX_CHARS = 400;

// Marks a cell boundary inside a line until the line is cleaned; NUL never survives HTML parsing as text.
const CELL = '\x00';

type Close = { close: 'block' | 'cell' | 'pre' };

export function domToLines(roots: AnyNode | readonly AnyNode[]): string[] {
  const out = new LineBuilder();
  const stack: (AnyNode | Close)[] = (Array.isArray(roots) ? [...roots] : [roots as AnyNode]).reverse();
  // Inside a data cell, paragraphs join with a space so that a table row stays one line.
  let cellDepth = 0;
  let preDepth = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('close' in item) {
      if (item.close === 'cell') cellDepth--;
      else if (item.close === 'pre') {
        preDepth--;
        out.flush();
      } else if (cellDepth > 0) out.space();
      else out.flush();
      continue;
    }
    if (item.type === 'text') {
      if (preDepth > 0) out.preText(item.data);
      else out.text(item.data);
      continue;
    }
    if (item.type !== 'tag' && item.type !== 'root') continue;
    const children = 'children' in item ? item.children : [];
    if (item.type === 'tag') {
      const name = item.name.toLowerCase();
      if (SKIPPED_TAGS.has(name)) continue;
      if (name === 'br' || name === 'hr') {
        if (cellDepth > 0) out.space();
        else out.flush();
        continue;
      }
      if (name === 'td' || name === 'th') {
        if (cellDepth > 0) {
          out.space();
        } else if (isDataCell(item)) {
          out.cell();
          cellDepth++;
          stack.push({ close: 'cell' });
        } else {
          out.flush();
          stack.push({ close: 'block' });
        }
      } else if (name === 'pre') {
        out.flush();
        preDepth++;
        stack.push({ close: 'pre' });
      } else if (BLOCK_TAGS.has(name)) {
        if (cellDepth > 0) out.space();
        else out.flush();
        stack.push({ close: 'block' });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  out.flush();
  return out.lines;
}

function isDataCell(cell: Element): boolean {
  let chars = 0;
  const stack: AnyNode[] = [...cell.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      chars += node.data.length;
      if (chars > DATA_CELL_MAX_CHARS) return false;
    } else if (node.type === 'tag') {
      if (node.name === 'table') return false;
      stack.push(...node.children);
    }
  }
  return true;
}

class LineBuilder {
  readonly lines: string[] = [];
  private current = '';

  text(s: string): void {
    this.current += s;
  }

  space(): void {
    this.current += ' ';
  }

  cell(): void {
    this.current += CELL;
  }

  preText(s: string): void {
    const parts = s.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) this.flush();
      this.current += part;
    });
  }

  flush(): void {
    if (this.current === '') return;
    const line = cleanLine(this.current);
    this.current = '';
    if (line !== '') this.lines.push(line);
  }
}

/**
 * Collapse whitespace inside a line. A run that holds a line break is source formatting (a paragraph
 * wrapped in the HTML file); between two Chinese characters it is dropped, elsewhere it is one space.
 * Leading indentation (&nbsp;, U+3000) goes; cells become tab-separated, empty cells dropped.
 */
export function cleanLine(raw: string): string {
  let s = raw.replace(/[\s\u200b]+/g, (run: string, offset: number, all: string) => {
    if (run.includes('\n') || run.includes('\r')) {
      if (isCjkCode(all.charCodeAt(offset - 1)) && isCjkCode(all.charCodeAt(offset + run.length))) return '';
    }
    return ' ';
  });
  if (s.includes(CELL)) {
    s = s
      .split(CELL)
      .map((cell) => cell.trim())
      .filter((cell) => cell !== '')
      .join('\t');
  }
  return s.trim();
}
