// An HTML page as Chinese government sites publish it → the article's title and body text. The page around
// the article (menus, breadcrumbs, share bars, related links, "上一篇/下一篇", copyright and ICP footers) is
// noise to the extractor and must not come out: measures and amounts found there would be false.
import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { errors } from '../errors.ts';
import { isBlank, isHanCode } from './cjk.ts';
import {
  decodeAs,
  decodeUnlabelled,
  decodeUtf8OrGb,
  encodingForLabel,
  looksBinary,
  sniffBom,
  sniffUtf16,
  tryGb18030,
  tryUtf8,
  type DecodedText,
} from './decode.ts';
import { BLOCK_TAGS, cleanLine, domToLines } from './dom-lines.ts';
import { normaliseText } from './normalise.ts';

export interface HtmlText {
  text: string;
  encoding: string;
  title: string | null;
}

export function readHtml(bytes: Uint8Array): HtmlText {
  const decoded = decodeHtml(bytes);
  const { lines, title } = extractArticle(decoded.text);
  const cleanTitle = title === null ? null : normaliseText(title).trim() || null;
  const body = lines.map((line) => normaliseText(line)).filter((line) => !isBlank(line));
  if (cleanTitle !== null && !startsWithTitle(body, cleanTitle)) body.unshift(cleanTitle);
  if (body.length === 0)
    throw errors.badFormat('HTML', 'the page holds no readable text (it may be built by JavaScript)');
  return { text: body.join('\n'), encoding: decoded.encoding, title: cleanTitle };
}

// ---------------------------------------------------------------------------------------------------------
// Decoding: BOM, then the page's own declaration, then detection. Pages saved by a browser are often
// re-encoded as UTF-8 while the old <meta charset="gb2312"> stays, so valid non-ASCII UTF-8 wins over a
// declared GB charset (GBK text is practically never valid UTF-8).

export function decodeHtml(bytes: Uint8Array): DecodedText {
  if (sniffBom(bytes) || sniffUtf16(bytes)) return decodeUnlabelled(bytes);
  if (looksBinary(bytes)) throw errors.binaryInput();
  const label = declaredCharset(bytes);
  const declared = label === null ? null : encodingForLabel(label);
  if (declared !== null) {
    const hasHighBytes = bytes.some((b) => b >= 0x80);
    if (!hasHighBytes) return { text: decodeAs(bytes, 'utf-8'), encoding: declared };
    const utf8 = tryUtf8(bytes);
    if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
    if (declared === 'utf-8' || LATIN_ENCODINGS.has(declared)) {
      // Declared UTF-8 (or Latin) but not: a GBK page with a template's wrong declaration.
      const gb = tryGb18030(bytes);
      if (gb !== null) return { text: gb, encoding: 'gb18030' };
    }
    return { text: decodeAs(bytes, declared), encoding: declared };
  }
  const detected = decodeUtf8OrGb(bytes);
  if (detected === null) throw errors.unknownEncoding();
  return detected;
}

const LATIN_ENCODINGS = new Set(['windows-1252', 'iso-8859-2', 'iso-8859-15']);

/** The charset a page declares in its head: <meta charset>, http-equiv Content-Type, or the XML declaration. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16 * 1024)).toString('latin1');
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  if (meta) return meta[1]!;
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w:.-]+)/i.exec(head);
  return xml ? xml[1]! : null;
}

// ---------------------------------------------------------------------------------------------------------
// Finding the article.

// Body containers of the CMSs Chinese government sites run on (TRS WCM, UCAP, Hanweb and home-grown ones).
// These hold the body text itself…
const BODY_SELECTORS = [
  '.TRS_Editor',
  '.TRS_UEDITOR',
  '#zoom',
  '.zoom',
  '#Zoom',
  '#fontzoom',
  '.pages_content',
  '#UCAP-CONTENT',
  '.article-content',
  '.article_content',
  '.articleContent',
  '.xxgk_content',
  '.main-txt',
  '.main_txt',
  '.bt_content',
  '.wzy_content',
  '.detail-content',
  '.news_content',
].join(', ');
// …these often wrap it together with the headline, a metadata line and tools, so they come second.
const WRAPPER_SELECTORS = ['.article', '.content', '#content', '.con', '.view', '.detail', 'article'].join(', ');
const CONTENT_SELECTORS = `${BODY_SELECTORS}, ${WRAPPER_SELECTORS}`;

// Tags that never hold the article (HTML5 page chrome). Kept nonetheless if they wrap most of the text.
const CHROME_TAGS = 'nav, header, footer, aside, form';

// id/class words of page chrome in Chinese government templates (pinyin abbreviations included:
// dqwz 当前位置, xgwz/xglj 相关文章/链接, fx 分享, sxp 上下篇).
const NOISE_WORD =
  /^(?:nav|navbar|navigation|menu|menus|breadcrumbs?|crumbs?|position|location|dqwz|footer|foot|bottom|copyright|sidebar|side|share|bdshare|bdsharebuttonbox|fenxiang|fx|jiathis|related|relate|xgwz|xglj|xgxx|pager|pagination|prevnext|sxp|toolbar|tools|print|topbar|header|banner|logo|search|login|friendlink|links|qrcode|ewm)$/i;

interface Stats {
  han: number;
  linkHan: number;
  links: number;
  /** non-link Han characters of text whose nearest block ancestor is this element */
  ownHan: number;
}

function extractArticle(html: string): { lines: string[]; title: string | null } {
  const $ = load(html);
  const metaTitle = readMetaTitle($);
  const pageTitle = cutSiteSuffix(cleanLine($('title').first().text()));
  const siteName = siteSuffix(cleanLine($('title').first().text()));
  const order = documentOrder($.root()[0]!);
  const h1s = $('h1')
    .toArray()
    .map((el) => ({ el, order: order.get(el) ?? 0, text: domToLines(el).join('') }))
    .filter((h) => h.text !== '');

  $('script, style, noscript, template, iframe, object, embed, svg, select, button, input, textarea').remove();

  // Page chrome goes before the article is looked for, unless it wraps the article (some templates put the
  // whole page in one <form>, or the article in a box with a chrome-like class).
  let stats = computeStats($);
  const pageText = Math.max(nonLink(stats, $.root()[0]!), 1);
  const bigContent = $(CONTENT_SELECTORS)
    .toArray()
    .filter((el) => nonLink(stats, el) >= 0.3 * pageText);
  const isProtected = (el: Element) =>
    nonLink(stats, el) >= 0.5 * pageText || bigContent.some((k) => k === el || contains(el, k));
  const chrome = [
    ...$('[hidden], [style*="display:none"], [style*="display: none"]').toArray(),
    ...$(CHROME_TAGS).toArray(),
    ...$('[class], [id]')
      .toArray()
      .filter((el) => isNoise(el)),
  ];
  for (const el of chrome) if (isAttached(el) && !isProtected(el)) $(el).remove();
  stats = computeStats($);

  const content = chooseContent($, stats);
  for (const root of content) removeNoiseInside($, root, stats);
  const lines = domToLines(content).filter((line) => !isNoiseLine(line));

  let title = metaTitle;
  if (title === null) {
    const inside = content.flatMap((root) => [root, ...descendants(root)]).filter((el) => el.name === 'h1');
    const firstInside = inside.map((el) => domToLines(el).join('')).find((t) => t !== '');
    if (firstInside) title = firstInside;
  }
  if (title === null && content.length > 0)
    title = nearestHeadline(h1s, order.get(content[0]!) ?? 0, pageTitle, siteName);
  if (title === null && pageTitle !== '') title = pageTitle;
  return { lines, title };
}

function readMetaTitle($: CheerioAPI): string | null {
  for (const el of $('meta').toArray()) {
    if ((el.attribs['name'] ?? '').toLowerCase() === 'articletitle') {
      const t = cleanLine(el.attribs['content'] ?? '');
      if (t !== '') return t;
    }
  }
  return null;
}

/** A headline before the article: the nearest <h1> that is not the site's logo. */
function nearestHeadline(
  h1s: { el: Element; order: number; text: string }[],
  contentOrder: number,
  pageTitle: string,
  siteName: string | null,
): string | null {
  const before = h1s.filter((h) => h.order < contentOrder && h.text !== siteName).reverse();
  const compactTitle = compact(pageTitle);
  // An <h1> whose words are in the <title> is the headline even if it sat in a <header> we removed.
  const named = before.find((h) => compactTitle !== '' && compactTitle.includes(compact(h.text)));
  if (named) return named.text;
  const attached = before.find((h) => isAttached(h.el));
  return attached ? attached.text : null;
}

function chooseContent($: CheerioAPI, stats: Map<AnyNode, Stats>): Element[] {
  const body = $('body')[0] ?? ($.root()[0] as unknown as Element);
  const dense = densestBlock(stats, body);
  for (const selectors of [BODY_SELECTORS, WRAPPER_SELECTORS]) {
    const known = $(selectors)
      .toArray()
      .filter((el): el is Element => el.type === 'tag' && nonLink(stats, el) > 0);
    if (known.length === 0) continue;
    let best = known.reduce((a, b) => (densityScore(stats, b) > densityScore(stats, a) ? b : a));
    // A container inside the best that holds nearly all its text is tighter: fewer metadata lines and tools.
    for (;;) {
      const bestText = nonLink(stats, best);
      const inner = known.find((el) => el !== best && contains(best, el) && nonLink(stats, el) >= 0.9 * bestText);
      if (!inner) break;
      best = inner;
    }
    // A known class name on a small box (a summary, a contact panel) must not beat the real article.
    if (nonLink(stats, best) >= 0.5 * nonLink(stats, dense) || contains(best, dense)) return [best];
  }
  return withSiblings(stats, dense);
}

/**
 * The block where the most non-link Chinese text sits, counting the text of its own paragraphs fully and
 * of its grandchildren's by half (readability-style), discounted by link density.
 */
function densestBlock(stats: Map<AnyNode, Stats>, body: Element): Element {
  const scores = new Map<Element, number>();
  for (const [node, s] of stats) {
    if (s.ownHan === 0 || node.type !== 'tag') continue;
    let block: Element | null = node as Element;
    const weights = [1, 1, 0.5];
    for (const w of weights) {
      if (!block) break;
      scores.set(block, (scores.get(block) ?? 0) + s.ownHan * w);
      block = blockParent(block);
    }
  }
  let best: Element = body;
  let bestScore = -1;
  for (const [el, score] of scores) {
    const s = stats.get(el)!;
    const density = score * (1 - s.linkHan / Math.max(s.han, 1));
    if (density > bestScore) {
      bestScore = density;
      best = el;
    }
  }
  return best;
}

/** The densest block and those siblings that read like more of the article (long, few links). */
function withSiblings(stats: Map<AnyNode, Stats>, best: Element): Element[] {
  const parent = best.parent;
  if (!parent || parent.type !== 'tag') return [best];
  const bestText = nonLink(stats, best);
  return parent.children.filter((child): child is Element => {
    if (child === best) return true;
    if (child.type !== 'tag') return false;
    const s = stats.get(child);
    if (!s) return false;
    return nonLink(stats, child) >= 0.25 * bestText && s.linkHan <= 0.25 * s.han;
  });
}

function removeNoiseInside($: CheerioAPI, root: Element, stats: Map<AnyNode, Stats>): void {
  const total = Math.max(nonLink(stats, root), 1);
  for (const el of descendants(root)) {
    if (!isAttached(el)) continue;
    const s = stats.get(el);
    if (!s || nonLink(stats, el) >= 0.5 * total) continue;
    const name = el.name.toLowerCase();
    // A list of links (related articles, other columns) inside the content box.
    const linkList = s.links >= 3 && s.linkHan >= 0.6 * s.han && (BLOCK_TAGS.has(name) || name === 'td');
    if (linkList || isNoise(el)) $(el).remove();
  }
}

function isNoise(el: Element): boolean {
  const words = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`.split(/[\s_-]+/);
  return (
    words.some((w) => w !== '' && NOISE_WORD.test(w)) && !/(?:content|article|zoom|trs_editor)/i.test(words.join(' '))
  );
}

// Lines that survive inside a content box but are tools, navigation or site notices.
const NOISE_LINES = [
  /^[【[]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[:：】\]]/,
  /^(?:当前位置|您的位置|你的位置|您现在的位置|现在的位置|所在位置|位置)\s*[:：]/,
  /^(?:首页|网站首页)\s*[>›»/]/,
  /^(?:字号|字体)\s*[:：]/,
  /^分享到?\s*[:：]?$/,
  /^(?:扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|扫一扫)$/,
  /^(?:相关链接|相关文章|相关阅读|相关新闻|相关推荐|延伸阅读|相关稿件)\s*[:：]?$/,
];
const TOOL_WORDS =
  /[【[]?\s*(?:打印本页|打印此页|打印|关闭本页|关闭窗口|关闭|返回顶部|返回|收藏本页|收藏|保存|纠错|分享)\s*[】\]]?/g;
const SITE_NOTICE =
  /版权所有|ICP备|ICP证|网站标识码|公网安备|网站地图|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]|联系我们/;

// Fields of the metadata line under a headline ("发布时间：… 来源：… 字号：大 中 小"); one alone may be text.
const META_FIELD =
  /(?:发布时间|发布日期|成文日期|来源|信息来源|作者|编辑|责任编辑|浏览次数|阅读次数|点击数|访问量|字号|索引号)\s*[:：]/g;

function isNoiseLine(line: string): boolean {
  if (NOISE_LINES.some((re) => re.test(line))) return true;
  if (line.length <= 150 && (line.match(META_FIELD)?.length ?? 0) >= 2) return true;
  // "【打印本页】【关闭窗口】": nothing left once the tool words are taken out.
  if (line.replace(TOOL_WORDS, '').replace(/[\s|｜/·]+/g, '') === '') return true;
  return line.length <= 200 && SITE_NOTICE.test(line);
}

// ---------------------------------------------------------------------------------------------------------
// Titles.

const SITE_SEPARATORS = /\s*[_|｜]\s*/;
// What the tail of a <title> looks like when it names the site: "…-中国政府网", "… - 上海市人民政府".
const SITE_NAME = /^[^-—－–《》\d]{2,24}(?:网|政府|门户|网站|平台|委员会|委|局|厅|办公室|办|院|部|中心|区|市|省|县)$/;

/** "<article title>_<column>_<site>" → the article title (the first part); a "-site" tail is cut too. */
export function cutSiteSuffix(title: string): string {
  const parts = title.split(SITE_SEPARATORS).filter((p) => p !== '');
  let best = parts[0] ?? '';
  const dash = /^(.*\S)\s*(?:--|——|-|—|－|–)\s*([^-—－–]+)$/.exec(best);
  if (dash && SITE_NAME.test(dash[2]!.trim())) best = dash[1]!;
  return best.trim();
}

function siteSuffix(title: string): string | null {
  const parts = title.split(SITE_SEPARATORS).filter((p) => p !== '');
  const last = parts.length > 1 ? parts[parts.length - 1]! : null;
  if (last) return last;
  const dash = /(?:--|——|-|—|－|–)\s*([^-—－–]+)$/.exec(title);
  return dash ? dash[1]!.trim() : null;
}

function startsWithTitle(lines: string[], title: string): boolean {
  const head = compact(lines.slice(0, 6).join(''));
  return head.startsWith(compact(title));
}

function compact(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// Tree statistics, in one pass each (no per-element subtree walks, so large pages stay linear).

function computeStats($: CheerioAPI): Map<AnyNode, Stats> {
  const stats = new Map<AnyNode, Stats>();
  const root = $.root()[0]!;
  const preorder: AnyNode[] = [];
  const inLink = new Map<AnyNode, boolean>();
  const nearestBlock = new Map<AnyNode, AnyNode>();
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const parent = node.parent;
    if (node.type === 'tag' || node.type === 'root') {
      preorder.push(node);
      stats.set(node, { han: 0, linkHan: 0, links: 0, ownHan: 0 });
      const isA = node.type === 'tag' && node.name === 'a';
      inLink.set(node, isA || (parent ? (inLink.get(parent) ?? false) : false));
      const isBlock = node.type === 'root' || BLOCK_TAGS.has(node.name) || node.name === 'td' || node.name === 'th';
      nearestBlock.set(node, isBlock || !parent ? node : (nearestBlock.get(parent) ?? node));
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    } else if (node.type === 'text' && parent) {
      const han = countHan(node.data);
      if (han === 0) continue;
      const s = stats.get(parent)!;
      s.han += han;
      if (inLink.get(parent)) s.linkHan += han;
      else stats.get(nearestBlock.get(parent)!)!.ownHan += han;
    }
  }
  // Children before parents: reverse pre-order.
  for (let i = preorder.length - 1; i >= 0; i--) {
    const node = preorder[i]!;
    const s = stats.get(node)!;
    if (node.type === 'tag' && node.name === 'a') s.links++;
    const p = node.parent ? stats.get(node.parent) : undefined;
    if (p) {
      p.han += s.han;
      p.linkHan += s.linkHan;
      p.links += s.links;
    }
  }
  return stats;
}

function nonLink(stats: Map<AnyNode, Stats>, node: AnyNode): number {
  const s = stats.get(node);
  return s ? s.han - s.linkHan : 0;
}

/** Non-link text, discounted by the share of link text: a list of links scores low however long. */
function densityScore(stats: Map<AnyNode, Stats>, node: AnyNode): number {
  const s = stats.get(node);
  return s ? (s.han - s.linkHan) * (1 - s.linkHan / Math.max(s.han, 1)) : 0;
}

function blockParent(el: Element): Element | null {
  let p = el.parent;
  while (p && p.type === 'tag') {
    if (BLOCK_TAGS.has(p.name) || p.name === 'td' || p.name === 'th') return p;
    p = p.parent;
  }
  return null;
}

function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Still in the document: not inside something removed already. */
function isAttached(node: AnyNode): boolean {
  let p: AnyNode | null = node;
  while (p.parent) p = p.parent;
  return p.type === 'root';
}

/** Element descendants in document order (cheerio's find() is quadratic over many roots or matches). */
function descendants(root: Element): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

function documentOrder(root: AnyNode): Map<AnyNode, number> {
  const order = new Map<AnyNode, number>();
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.set(node, order.size);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return order;
}

function countHan(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isHanCode(text.charCodeAt(i))) n++;
  return n;
}
