import { leadingRegion } from '../regions/region-names.ts';

// Issuers are the bodies that decided or issued the measures, as written: the subject of an issuing verb
// in the article's introduction (上海市经信委、市交通委、市公安局日前印发《…》), the sender named before
// 关于 in a notice title, or a signature line at its end. A report that names only a place as the actor
// (苏州日前出台) gives the place. Measures are not searched: "推动金融机构推出…" is a task, not an issuer.

const ISSUE_VERB = /(?:联合|共同)?(?:印发|发布|出台|推出|制定|颁布|公布|下发|发出|修订|审议通过|出炉)/g;
const CLAUSE_START = /[，。；：！？,;:!?“”"（）()《》\n]/;
const SUFFIX =
  /(?:政府|办公厅|办公室|委员会|常委会|管委会|委|厅|局|总局|部|署|院|办|中心|工会|联合会|银行|海关|协会|商会|科协|妇联|团委|党委|法院|检察院)$/;
const TRAILING_ADVERB =
  /(?:日前|近日|近期|最近|正式|率先|首次|再次|专门|共同|联合|分别|已经|已|今年|年初|年底|本月|上月|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|于|在[\u4e00-\u9fa5]{1,10})$/;
const UNNAMED_OTHERS = /等\s*(?:\d+|[一二三四五六七八九十]+)?\s*(?:个)?(?:部门|单位|家单位|机构|委办局)$/;
const SEPARATOR = /^(?:、|和|及|以及|与|联合|会同|\s+)/;
const NOTICE_TITLE =
  /^(.{0,60}?)关于.{2,}(?:通知|意见|决定|办法|批复|通告|公告|规定|方案|措施|细则|函|复函|计划|规划|纲要|报告|请示)$/;

const MAX_SUBJECT = 80;
/** Government sites print the sender in the page's information table: 发文机关：上海市人民政府 */
export const ISSUER_LABEL = /^(?:发文机关|发文单位|发布机构|发布单位)\s*[：:]/;

function isBody(name: string): boolean {
  if (name.length < 2 || name.length > 30 || /[、，,\s]/.test(name)) return false;
  if (SUFFIX.test(name)) return name.length > 1;
  const place = leadingRegion(name);
  return place !== null && place.length === name.length;
}

/** Reads a subject such as "上海市经信委、市交通委、市公安局" as a list of bodies, or null. */
export function parseBodies(zone: string): string[] | null {
  // A subject longer than this is a sentence, not a list of bodies; the bound also keeps the search small.
  if (zone.length === 0 || zone.length > MAX_SUBJECT) return null;
  // Shortest body first, so 工业和信息化部和财政部 splits into two while 上海市政府办公厅 stays whole.
  for (let end = 2; end <= zone.length; end++) {
    const head = zone.slice(0, end);
    if (!isBody(head)) continue;
    const rest = zone.slice(end);
    if (rest.length === 0) return [head];
    const sep = SEPARATOR.exec(rest);
    if (!sep) continue;
    const tail = parseBodies(rest.slice(sep[0].length));
    if (tail) return [head, ...tail];
  }
  return null;
}

function subjectBefore(text: string, verbAt: number): string[] | null {
  let start = verbAt;
  while (start > 0 && !CLAUSE_START.test(text[start - 1]!)) start--;
  let zone = text.slice(start, verbAt).trim();
  for (let previous = ''; previous !== zone;) {
    previous = zone;
    zone = zone.replace(TRAILING_ADVERB, '').replace(UNNAMED_OTHERS, '').trim();
  }
  return parseBodies(zone);
}

/**
 * The title of a notice names its sender before 关于 ("浙江省人民政府办公厅关于…的意见") or none ("关于印发…的通知").
 * Returns the senders ([] for none), or null when the title is not a notice's: a headline such as
 * "国务院办公厅印发关于…的意见" reports on a notice and has a verb before 关于.
 */
export function noticeSenders(title: string): string[] | null {
  const m = NOTICE_TITLE.exec(title);
  if (!m) return null;
  const sender = m[1]!.trim();
  return sender.length === 0 ? [] : parseBodies(sender);
}

/**
 * @param title the headline or notice title
 * @param intro the paragraphs before the first measure
 * @param closing title-like lines at the end of the article (signatures)
 */
export function findIssuers(title: string, intro: string[], closing: string[]): string[] {
  const found: string[] = [];
  const add = (names: string[] | null) => {
    for (const name of names ?? []) if (!found.includes(name)) found.push(name);
  };
  add(noticeSenders(title));
  for (const paragraph of intro) {
    for (const m of paragraph.matchAll(ISSUE_VERB)) add(subjectBefore(paragraph, m.index));
  }
  for (const line of closing) {
    const names = parseBodies(line.replace(ISSUER_LABEL, '').trim());
    if (names?.every((name) => SUFFIX.test(name))) add(names);
  }
  if (found.length === 0) add(titleSender(title));
  // A bare place (北京市关于…) says less than a body of that place named elsewhere (北京市人民政府办公厅).
  return found.filter((name) => SUFFIX.test(name) || !found.some((other) => other !== name && other.startsWith(name)));
}

// A document titled with its issuing body and its kind: 2026年深圳市工业和信息化局技术改造专项申报指南.
const DOCUMENT_TITLE =
  /^(?:\d{4}年度?)?(.{2,30}?(?:局|委|厅|办公室|办公厅|人民政府|委员会|管委会))(?=.{2,}(?:指南|办法|通知|意见|方案|措施|细则|规定|公告|通告|计划|规划|条例|决定|批复|政策|清单|目录|标准)$)/;

/** The body a document's own title starts with, when it is a body of a named place. */
function titleSender(title: string): string[] | null {
  const m = DOCUMENT_TITLE.exec(title);
  if (!m || leadingRegion(m[1]!) === null) return null;
  return isBody(m[1]!) ? [m[1]!] : null;
}
