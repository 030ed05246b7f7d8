// Titles that files declare about themselves (DOCX core.xml, PDF Info) are often not the document's title:
// a template's "Microsoft Word - 文档1.docx", "无标题", or GBK bytes shown as Latin-1. Keep only real text.
import { readability } from './cjk.ts';
import { tryGb18030, tryUtf8 } from './decode.ts';
import { normaliseText } from './normalise.ts';

const PLACEHOLDER =
  /^(?:untitled|无标题|未命名|新建.*文档|microsoft (?:word|powerpoint|excel)\b.*|(?:powerpoint )?演示文稿\d*|幻灯片\s*\d*|文档\s*\d*|document\s*\d*|slide\s*\d+|title|标题)$/i;
const FILE_NAME = /\.(?:docx?|wps|pdf|txt|rtf|html?|xlsx?|ofd)$/i;

export function cleanDeclaredTitle(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let title = normaliseText(repairMojibake(raw)).replace(/\s+/g, ' ').trim();
  title = title.replace(/^microsoft word\s*-\s*/i, '');
  if (title === '' || PLACEHOLDER.test(title) || FILE_NAME.test(title)) return null;
  // Letters or ideographs, and nothing a wrong decoding leaves behind (U+FFFD, private use, controls).
  const r = readability(title);
  if (!/\p{L}/u.test(title) || r.replacements > 0 || r.controls > 0 || r.readable < 1) return null;
  return title;
}

/** A Chinese title stored as GBK or UTF-8 bytes but read as Latin-1 ("¹ØÓÚ…") → the real title. */
function repairMojibake(s: string): string {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
  const repaired = tryUtf8(bytes) ?? tryGb18030(bytes);
  return repaired !== null && readability(repaired).han > 0 ? repaired : s;
}
