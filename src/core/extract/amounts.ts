// Sums of money in an article (extraction contract: Article.amounts).
//
// The scan is anchored on the characters that end a sum: every 元, and every 万/亿 that ends a figure with no
// 元 after it. From each anchor it reads a bounded number of characters back (the figure, a bound word) and
// forward ((含)/(不含), a printed /unit, 以上/以下…), so the cost is linear in the length of the text.
//
// Rules (the contract and gold notes decide; where they are silent, the choice is written here):
// - A sum is a figure followed by 元, 万元, 亿元, 万亿元, 千元, 百万元, 千万元… (the units are read as part of
//   the figure, so 二千万元 and 2千万元 are both 20000000). A bare unit means one of it: 超万亿元 = 1e12.
// - Without 元, a figure ending in 万/亿 is money only when its clause names money (补贴5万, 奖励50万,
//   年营业收入2千万以上) and no other unit follows (1.2万人, 5万吨 and 600台/万人 are counts).
// - Not sums: foreign currency (美元, 港元, 欧元… are skipped: min/max are in yuan and no rate is known),
//   denominators (每1000元, 每万元, 万元GDP能耗, 万元产值), vague figures (数百万元, 几十万元, 上亿元), 元 inside
//   words (元宵, 单元, 多元, 元器件, 公元, and a lone Chinese digit before 元 inside a word: 一元化, 二元结构).
// - text: the figure with its unit, any (含)/(不含), any printed /unit and a bound word right against it
//   (before: 最高不超过, 不超过, 不低于, 超过, 超, 过, 近, 约, 逾…; after: 以上, 以下, 及以上, 以内, 左右).
//   Verbs before the figure (给予, 达到, 累计支持) and a trailing 的 stay out. A bound does not make a range.
// - Ranges: two sums joined by —, –, -, ~, ～, 至, 到 (20万元—200万元, 5000万元(含)至1亿元(不含)), or written
//   back to back as 以上…以下 (10万元以上50万元以下), or a bare figure joined to a sum (20—200万元, 3000万-5000万元,
//   1000—2000元/吨标煤) become one Amount with min < max; the bare figure takes the unit of the sum after it
//   unless it prints its own (50万至100万元). A joined pair whose first value is not below the second stays two.
// - per: a printed /unit after the sum (元/吨标煤 → 吨标煤, 亿元/年 → 年, 元/人/月 → 人/月); else the 每X or X均
//   nearest before the figure in its clause: 每年 → 年, 每人 → 人, 每家 → 家, 每个项目 → 项目 (the measure word 个
//   is dropped, other measure words are kept), 每年度 → 年; 亩均 → 亩, 人均 → 人, 户均 → 户. A metric noun such as
//   年营业收入 or 年产值 does not set per.

import { foldFigureText } from '../text/chinese-number.ts';
import {
  boundStart,
  clauseEnd,
  clauseStart,
  figureBefore,
  inclusionAt,
  isIdeograph,
  isLowerBound,
  isRangeSeparator,
  isUpperBound,
  postBoundAt,
  separatorBefore,
  type Figure,
  oneOf,
} from '../text/figure-scan.ts';
import type { Amount } from './types.ts';

interface Atom {
  /** Span start (bound word included). */
  start: number;
  /** Figure start and end (units included, 元 excluded). */
  figure: Figure;
  /** Span end. */
  end: number;
  post: string | null;
  incl: '(含)' | '(不含)' | null;
  /** per from a printed /unit. */
  slashPer: string | null;
}

export function findAmounts(text: string): Amount[] {
  const f = foldFigureText(text);
  const atoms: Atom[] = [];
  for (let i = f.indexOf('元'); i !== -1; i = f.indexOf('元', i + 1)) {
    const a = yuanAtom(f, i);
    if (a) atoms.push(a);
  }
  for (const m of f.matchAll(BIG_UNIT_RUN)) {
    const a = unitlessAtom(f, m.index + m[0].length);
    if (a) atoms.push(a);
  }
  atoms.sort((a, b) => a.start - b.start);

  const out: Amount[] = [];
  let lastEnd = 0;
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    if (a.start < lastEnd) continue; // overlaps an item already taken
    const b = atoms[k + 1];
    if (b && joins(f, a, b)) {
      out.push(item(text, f, a.start, b.end, a.figure.value, b.figure.value, b.slashPer ?? a.slashPer, a.figure.start));
      lastEnd = b.end;
      k++;
      continue;
    }
    const first = bareFirst(f, a, lastEnd);
    if (first) {
      out.push(item(text, f, first.start, a.end, first.value, a.figure.value, a.slashPer, first.figureStart));
    } else {
      out.push(item(text, f, a.start, a.end, a.figure.value, a.figure.value, a.slashPer, a.figure.start));
    }
    lastEnd = a.end;
  }
  return out;
}

const BIG_UNIT_RUN = /[万萬亿億]+/g;

// Words after a bare 万元 that make it a denominator (万元GDP能耗, 万元产值), not a sum.
const DENOMINATOR_AFTER = /^(?:[A-Za-z]|地区生产总值|生产总值|产值|增加值|工业增加值|营业收入|营收|收入)/;
// Characters before a figure that opens with a unit and make it vague: 数百万元, 几十万元, 上亿元, 十几万元.
const VAGUE_BEFORE = '数几上';
// Characters that may follow 一元/二元… when the lone digit really is a sum (五元/人, 五元的, 五元。).
const LONE_DIGIT_FOLLOWERS = '的以及左至到每起整';

function yuanAtom(f: string, i: number): Atom | null {
  let figEnd = i;
  if (f.charAt(i - 1) === ' ') figEnd = i - 1;
  const fig = figureBefore(f, figEnd);
  if (!fig) return null;
  const before = f.charAt(fig.start - 1);
  if (before === '每') return null;
  if (fig.leadingUnit && oneOf(VAGUE_BEFORE, before)) return null;
  if (!fig.hasDigit && fig.value === 1e4 && DENOMINATOR_AFTER.test(f.slice(i + 1, i + 8))) return null;
  if (fig.loneChineseDigit) {
    const next = f.charAt(i + 1);
    if (isIdeograph(next) && !oneOf(LONE_DIGIT_FOLLOWERS, next)) return null;
  }
  return finishAtom(f, fig, i + 1);
}

// Words of a clause that say its figures are money.
const MONEY_WORDS =
  /补贴|补助|奖励|奖补|资助|贴息|资金|投资|投入|融资|贷款|收入|营收|营业额|销售额|交易额|成交额|出口额|产值|增加值|金额|经费|税收|纳税|利润|额度|费用|租金|奖金|薪酬|年薪|工资|资产|估值|市值|注册资本|补偿|赔偿|罚款|基金|预算|拨款|授信|担保|保费|红包|消费券|人民币|GDP|生产总值/;
// What may follow a money figure printed without 元.
const UNITLESS_FOLLOW =
  /^(?:$|[,;:!?。、)\]】”"’'\s/]|以上|以下|及以上|及以下|以内|左右|的|至|到|-|~|\(含|\(不含|人民币)/;

function unitlessAtom(f: string, end: number): Atom | null {
  const next = f.charAt(end);
  if (next === '元' || (next === ' ' && f.charAt(end + 1) === '元')) return null; // a yuan anchor reads it
  if (continuesFigure(next)) return null; // the figure goes on (1万2千元)
  if (!UNITLESS_FOLLOW.test(f.slice(end, end + 3))) return null;
  const fig = figureBefore(f, end);
  if (!fig || !fig.hasDigit || fig.end !== end) return null;
  const before = f.charAt(fig.start - 1);
  if (before === '每' || (fig.leadingUnit && oneOf(VAGUE_BEFORE, before))) return null;
  const clause = f.slice(clauseStart(f, fig.start), clauseEnd(f, end));
  if (!MONEY_WORDS.test(clause)) return null;
  return finishAtom(f, fig, end);
}

function continuesFigure(c: string): boolean {
  return oneOf('0123456789点零〇一二两三四五六七八九十百千', c);
}

/** Read what stands after the unit at `pos`: (含)/(不含), /unit and a bound word, in any order, each once. */
function finishAtom(f: string, fig: Figure, pos: number): Atom {
  let end = pos;
  let incl: Atom['incl'] = null;
  let slashPer: string | null = null;
  let post: string | null = null;
  for (let round = 0; round < 3; round++) {
    if (incl === null) {
      const x = inclusionAt(f, end);
      if (x) {
        incl = x;
        end += x.length;
        continue;
      }
    }
    if (slashPer === null && f.charAt(end) === '/') {
      const u = perUnitAt(f, end + 1);
      if (u) {
        slashPer = u;
        end += 1 + u.length;
        if (f.charAt(end) === '/') {
          const u2 = perUnitAt(f, end + 1);
          if (u2) {
            slashPer += `/${u2}`;
            end += 1 + u2.length;
          }
        }
        continue;
      }
    }
    if (post === null) {
      const w = postBoundAt(f, end);
      if (w) {
        post = w;
        end += w.length;
        continue;
      }
    }
    break;
  }
  return { start: boundStart(f, fig.start), figure: fig, end, post, incl, slashPer };
}

// Units a sum may be paid per, after a printed slash or after 每. Longest first.
const PER_UNITS = [
  '吨标准煤',
  '吨标煤',
  '标准煤',
  '千瓦时',
  '平方米',
  '立方米',
  '人·月',
  '人次',
  '户次',
  '标箱',
  '公里',
  '千瓦',
  '兆瓦',
  '千克',
  '公斤',
  '平米',
  '课时',
  '学时',
  '小时',
  '季度',
  '年度',
  '项目',
  '企业',
  '单位',
  '园区',
  '平台',
  '基地',
  '团队',
  '场景',
  '机构',
  '集群',
  '社区',
  '家庭',
  '产品',
  '课题',
  '岗位',
  '工位',
  '车位',
  '床位',
  '学生',
  '年',
  '月',
  '日',
  '天',
  '周',
  '人',
  '户',
  '家',
  '个',
  '项',
  '台',
  '套',
  '辆',
  '吨',
  '次',
  '张',
  '床',
  '间',
  '座',
  '亩',
  '所',
  '批',
  '期',
  '场',
  '件',
  '位',
  '名',
  '只',
  '头',
  '株',
  '度',
  '米',
  '瓦',
  '车',
].sort((a, b) => b.length - a.length);
const ASCII_UNIT = /^[A-Za-z][A-Za-z0-9²³]{0,5}/;

/** The unit printed at `pos` after a slash: a known unit, an ASCII unit (kWh), or null. */
function perUnitAt(f: string, pos: number): string | null {
  for (const u of PER_UNITS) if (f.startsWith(u, pos)) return u;
  const m = ASCII_UNIT.exec(f.slice(pos, pos + 6));
  return m ? m[0] : null;
}

// X均 that sets per: 亩均 → 亩, 人均 → 人.
const AVERAGE_OVER = '亩人户年月日家床';

// What a noun after 每个 runs up to: the verb or bound that follows it (每个试点城市给予最高… → 试点城市).
const NOUN_STOP = /[给予奖补资助支持最不按可每年月的在由对，。；、\s\d]/;
const MAX_NOUN = 8;

/** The noun after 每个 when it is none of PER_UNITS: 每个试点城市 → 试点城市. */
function nounAfter(f: string, from: number): string | null {
  let end = from;
  while (end < f.length && end - from < MAX_NOUN && isIdeograph(f.charAt(end)) && !NOUN_STOP.test(f.charAt(end))) end++;
  return end > from && end - from < MAX_NOUN ? f.slice(from, end) : null;
}

/** per from the nearest 每X or X均 before the figure in its clause. */
function perBefore(f: string, figureStart: number): string | null {
  const from = clauseStart(f, figureStart);
  for (let i = figureStart - 1; i >= from; i--) {
    const c = f.charAt(i);
    if (c === '每') {
      let p = i + 1;
      const measured = f.charAt(p) === '个' && !f.startsWith('个人', p);
      if (measured) p++;
      const u = PER_UNITS.find((w) => f.startsWith(w, p));
      if (u) return u === '年度' ? '年' : u;
      if (measured) return nounAfter(f, p) ?? '个';
    } else if (c === '均' && i > from && oneOf(AVERAGE_OVER, f.charAt(i - 1))) {
      return f.charAt(i - 1);
    }
  }
  return null;
}

function item(
  text: string,
  f: string,
  start: number,
  end: number,
  min: number,
  max: number,
  slashPer: string | null,
  figureStart: number,
): Amount {
  return { text: text.slice(start, end), min, max, per: slashPer ?? perBefore(f, figureStart) };
}

/** Whether two sums in a row are one range. */
function joins(f: string, a: Atom, b: Atom): boolean {
  if (!(a.figure.value < b.figure.value)) return false;
  const gap = f.slice(a.end, b.start);
  if (isRangeSeparator(gap)) return true;
  return gap === '' && (isLowerBound(a.post) || a.incl === '(含)') && (isUpperBound(b.post) || b.incl === '(不含)');
}

/** A bare figure joined to the sum (20—200万元, 1000—2000元/吨标煤, 3000万-5000万元), if any. */
function bareFirst(
  f: string,
  a: Atom,
  notBefore: number,
): { start: number; figureStart: number; value: number } | null {
  if (a.start !== a.figure.start) return null;
  const sep = separatorBefore(f, a.figure.start);
  if (sep < 0) return null;
  let figEnd = sep;
  const fig = figureBefore(f, figEnd);
  if (!fig || !fig.hasDigit || fig.start < notBefore) return null;
  figEnd = fig.end;
  const before = f.charAt(fig.start - 1);
  if (before === '每' || (fig.leadingUnit && oneOf(VAGUE_BEFORE, before))) return null;
  const value = fig.mult > 1 ? fig.value : Number((fig.value * a.figure.mult).toPrecision(15));
  if (!(value < a.figure.value)) return null;
  return { start: boundStart(f, fig.start), figureStart: fig.start, value };
}
