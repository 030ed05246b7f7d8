// How a line of policy text reads on its own, before its neighbours are looked at.

/** A numeral of an ordinal: 一 … 十九, 二十 … (enumerations in policy text rarely pass 30). */
export const ORDINAL_NUMERAL = '[一二三四五六七八九十]{1,3}';

/** Lines that open with an enumeration marker: 一是 / 一、 / （一） / 1. / 第一条 / 第一章. */
const MARKER = new RegExp(
  `^(?:${ORDINAL_NUMERAL}(?:是|、|．)|[（(]${ORDINAL_NUMERAL}[)）]|[（(]?\\d{1,3}[)）．.、]|第${ORDINAL_NUMERAL}[章节条款部分]|[①-⑳])`,
);
/** A date standing alone on a line, as under a signature: 2025年3月10日, 二〇二五年三月十日, 2025-03-10. */
export const DATE_LINE = new RegExp(
  [
    '^[（(]?\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日[)）]?$',
    '^[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$',
    '^\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}$',
  ].join('|'),
);
/** A document number: 沪府办发〔2025〕12号. */
export const DOCUMENT_NUMBER = /[〔［[(（]\d{4}[〕］\])）]\s*\d+\s*号$/;
/** Dates, document numbers, page numbers and page furniture that stand alone on a line. */
const META = new RegExp(
  [
    DATE_LINE.source,
    DOCUMENT_NUMBER.source,
    // a subtitle under a headline: ——访市经信委负责人
    '^[—－]{1,2}[^—－]',
    '^[-—–\\s]*\\d{1,4}[-—–\\s]*$',
    '^第\\s*\\d+\\s*页',
    '^\\d+\\s*/\\s*\\d+$',
    '^(来源|发布时间|发布日期|发文日期|成文日期|索引号|文号|发文字号|发文机关|发布机构|作者|浏览次数|字号|分享到|【(?:字体|打印|关闭|收藏|返回))',
    '^[（(](此件|本件)[^）)]*[）)]$',
    '^[（(【\\[]?(来源|摘自|转自|稿源|编辑|责任编辑|供稿|审核|校对)\\s*[：:]',
  ].join('|'),
);
const SENTENCE_END = /[。；;：:，,、…]$/;
// A headline may end in ？ or ！ ("政策找人，你准备好了吗？"); a longer line that does is a sentence.
const EXCLAMATION_END = /[！!？?]$/;
const MAX_EXCLAIMING_HEADING = 40;

export type LineKind = 'blank' | 'marker' | 'meta' | 'heading' | 'paragraph';

/** Headline-length bounds: bulletin headlines run 10–40 characters, notice titles up to about 80. */
export const MAX_HEADING = 80;

export function lineKind(line: string): LineKind {
  if (line.length === 0) return 'blank';
  if (META.test(line)) return 'meta';
  if (MARKER.test(line)) return 'marker';
  if (
    line.length <= MAX_HEADING &&
    !SENTENCE_END.test(line) &&
    !line.includes('。') &&
    (!EXCLAMATION_END.test(line) || line.length <= MAX_EXCLAIMING_HEADING)
  ) {
    return 'heading';
  }
  return 'paragraph';
}
