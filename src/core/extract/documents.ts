// Titles of policy documents are printed inside 《》. A title may quote another (《关于印发〈…〉的通知》,
// sometimes with 《》 nested), so brackets are matched with a depth count and only the outer title is kept.
// A bracket left open at the end of a line is a typo, not a title that runs on.
const MAX_TITLE = 200;
// 《》 also names newspapers, magazines and programmes (据《人民日报》报道): not policy documents.
const MEDIA = /(?:日报|晚报|早报|时报|商报|周报|周刊|杂志|画报|新闻联播|新闻|求是)$/;

export function findDocuments(text: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '《') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (ch === '》' && depth > 0) {
      depth--;
      if (depth === 0) {
        const title = text.slice(start, i).trim();
        if (title.length > 0 && i - start <= MAX_TITLE && !MEDIA.test(title) && !seen.has(title)) {
          seen.add(title);
          found.push(title);
        }
      }
    } else if (ch === '\n' || (depth > 0 && i - start > MAX_TITLE)) {
      depth = 0;
    }
  }
  return found;
}
