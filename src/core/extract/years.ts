// Deadline, target and plan years in an article (extraction contract: Article.years), sorted and unique.
//
// Anchors: every 年 after a four-digit year (2027年, ２０２７年, 二〇二七年, "2027 年"), and the five-year plans
// (“十五五”). Only years 1949–2100 are read. A year counts when its context says deadline, target or plan:
//
// Refused first (they win over everything below):
// - as-of dates: 截至 / 截止 / 截止到 right before (截至2025年底, 截至2025年6月), and the expiry of the document
//   itself (有效期至2028年12月31日), which is metadata like its issue and effective dates;
// - periods reaching back: 以来 after (2023年以来, 2023年底以来);
// - start or effective dates: 起 / 开始 / 以后 / 之后 after (自2026年1月1日起施行, 从2026年起);
// - baselines: 较 / 比 / 相比 / 同比 / 与 / 对比 / 以 right before, or 水平 / 同期 / 基数 / 为基 after;
// - 前 that starts a count (2025年前三季度, 2025年前10个月), and …前…的 that qualifies a noun (2000年底前建成的小区).
// Counted:
// - a range 2025-2030年 / 2025—2030年 / 2025年至2030年 / （2026—2028年）: both ends (a plan period);
// - a year before 前 / 以前 / 之前 (2030年前, 2027年底前, 2026年6月30日前): a deadline;
// - a year after 到 / 至 / 直至 / 力争 / 争取 / 预计 / 计划 / 确保 / 目标 / 拟 / 将于 / 拟于 / 预期 / 力求 (到2027年,
//   至2025年底, 预计2028年底建成, 力争2026年); 到 after 回/收/得/看/提/遇/受/感/来/找/拿/签/复/达 is a verb, not "by";
// - a year followed by 计划 / 目标 / 任务 / 规划 / 行动 / 工作要点 / 预算 / 将 (2027年计划投资, 2027年将建成);
// - 2025年度 followed (within a few characters) by a plan word: 计划 申报 预算 专项 项目 指南 工作 任务 目标 重点
//   资金 评选 认定 (2025年度专项资金申报指南; 2024年度营业收入 is a reference year and does not count);
// - a year inside a 《》 title that names a plan (计划 方案 规划 要点 纲要 指南 行动 安排 工作 任务 清单) and no
//   report (报告 公报 总结 年鉴 统计 决算);
// - a year that opens a clause about the future: 2027年，全市将… (将 / 力争 / 争取 / 预计 / 计划 / 确保 / 拟 within
//   the next eight characters of its clause). 实现 / 达到 / 建成 alone do not count: 2024年，全市实现… is a past event.
// Anything else is not a plan year: past events (2024年，全市实现…), issue dates (2025年3月1日印发), document
// numbers (〔2025〕12号, no 年), 2030万元 (no 年). 三年, 首年, 次年, 第三年, 每年, 未来五年 are not four-digit years.
// A full date (2026年6月30日) counts only through a marker before it or 前 after it.
//
// Five-year plans: the N-th runs from 1953 + 5(N−1) for N ≤ 2 and from 1966 + 5(N−3) for N ≥ 3 (the plans paused
// 1963–1965), five years: “十三五” 2016–2020, “十四五” 2021–2025, “十五五” 2026–2030, “十六五” 2031–2035. Both ends
// count. 十X五 counts when quoted, or unquoted unless a numeral or a counter follows (十五五个); a short name
// (“九五”, “十五”) only when quoted and followed by 规划 / 计划 / 期间 / 时期. 以来 after and 截至 before refuse it.

import { chineseDigit, foldFigureText } from '../text/chinese-number.ts';
import { isAsciiDigit, oneOf, separatorBefore } from '../text/figure-scan.ts';

const MIN_YEAR = 1949;
const MAX_YEAR = 2100;

interface Mention {
  years: number[];
  start: number;
  end: number;
  range: boolean;
}

export function findYears(text: string): number[] {
  const f = foldFigureText(text);
  const found = new Set<number>();
  const mentions: Mention[] = [];
  for (let i = f.indexOf('年'); i !== -1; i = f.indexOf('年', i + 1)) {
    const y = yearBefore(f, i);
    if (!y) continue;
    const first = rangeStartBefore(f, y.start, y.value);
    if (first) {
      const prev = mentions[mentions.length - 1];
      if (prev && !prev.range && prev.start === first.start) mentions.pop();
      mentions.push({ years: [first.value, y.value], start: first.start, end: i + 1, range: true });
    } else {
      mentions.push({ years: [y.value], start: y.start, end: i + 1, range: false });
    }
  }
  for (const m of mentions) if (counts(f, m)) for (const y of m.years) found.add(y);
  for (const m of f.matchAll(FIVE_YEAR_PLAN)) {
    const years = fiveYearPlan(f, m);
    if (years) for (const y of years) found.add(y);
  }
  return [...found].sort((a, b) => a - b);
}

/** The four-digit year printed right before 年 at `i` (one space allowed), or null. */
function yearBefore(f: string, i: number): { value: number; start: number } | null {
  const end = f.charAt(i - 1) === ' ' ? i - 1 : i;
  return fourDigitsBefore(f, end);
}

function fourDigitsBefore(f: string, end: number): { value: number; start: number } | null {
  const start = end - 4;
  if (start < 0) return null;
  let value = 0;
  let arabic = 0;
  for (let k = start; k < end; k++) {
    const c = f.charAt(k);
    if (isAsciiDigit(c)) {
      arabic++;
      value = value * 10 + Number(c);
    } else {
      const d = c === '两' ? undefined : chineseDigit(c);
      if (d === undefined) return null;
      value = value * 10 + d;
    }
  }
  if (arabic !== 0 && arabic !== 4) return null;
  const before = f.charAt(start - 1);
  // 12027年 and 1.2027年 are no years; 1,2027 would be a figure, but a comma after a word is a clause break
  const figure =
    arabic === 4
      ? isAsciiDigit(before) || ((before === '.' || before === ',') && isAsciiDigit(f.charAt(start - 2)))
      : chineseDigit(before) !== undefined;
  if (figure) return null;
  if (value < MIN_YEAR || value > MAX_YEAR) return null;
  return { value, start };
}

/** The first year of a range ending in the year at `start` (2025-2030年, 2025年至2030年), or null. */
function rangeStartBefore(f: string, start: number, last: number): { value: number; start: number } | null {
  let p = separatorBefore(f, start);
  if (p < 0) return null;
  if (f.charAt(p - 1) === ' ') p--;
  if (f.charAt(p - 1) === '年') p--;
  if (f.charAt(p - 1) === ' ') p--;
  const first = fourDigitsBefore(f, p);
  return first && first.value < last ? first : null;
}

const AS_OF_BEFORE = /(?:截至|截止|截止到|截止至|截至到|有效期至|有效期到) ?$/;
const BASELINE_BEFORE = /(?:较|比|相比|同比|与|对比|以) ?$/;
const MARKER_BEFORE = /(?:力争|争取|预计|计划|确保|目标|拟|将于|拟于|预期|力求|直至|到|至) ?$/;
const VERB_TO = '回收得看提遇受感来找拿签复达';
// After 年: a month and day, or a part of the year, that the context words follow.
const DATE_AFTER =
  /^(?: ?(?:\d{1,2}|[一二三四五六七八九十]{1,3}) ?月(?:份)?(?: ?(?:\d{1,2}|[一二三四五六七八九十]{1,3}) ?日)?)?(?:底|末|初|中|上半年|下半年|第?[一二三四1-4]季度)?/;
const REFUSED_AFTER = /^(?:以来|起|开始|以后|之后|水平|同期|基数|为基)/;
const DEADLINE_AFTER = /^(?:前|以前|之前)/;
const COUNT_AFTER_DEADLINE = /^[一二三四五六七八九十两0-9]/;
const QUALIFIER_AFTER_DEADLINE = /^[\u4e00-\u9fff]{0,8}?的/;
const PLAN_AFTER = /^(?:计划|目标|任务|规划|行动|工作要点|预算|将)/;
const PLAN_YEAR_AFTER = /^度[\u4e00-\u9fff]{0,6}?(?:计划|申报|预算|专项|项目|指南|工作|任务|目标|重点|资金|评选|认定)/;
const FUTURE_CLAUSE_AFTER = /^,?[^,;:。\n]{0,8}?(?:将|力争|争取|预计|计划|确保|拟)/;
const PLAN_TITLE = /计划|方案|规划|要点|纲要|指南|行动|安排|工作|任务|清单/;
const REPORT_TITLE = /报告|公报|总结|年鉴|统计|决算/;

function counts(f: string, m: Mention): boolean {
  const before = f.slice(Math.max(0, m.start - 8), m.start);
  if (AS_OF_BEFORE.test(before) || BASELINE_BEFORE.test(before)) return false;
  const after = f.slice(m.end, m.end + 32);
  const date = DATE_AFTER.exec(after);
  const rest = date ? after.slice(date[0].length) : after;
  if (REFUSED_AFTER.test(rest)) return false;
  const deadline = DEADLINE_AFTER.exec(rest);
  if (deadline) {
    const tail = rest.slice(deadline[0].length);
    if (COUNT_AFTER_DEADLINE.test(tail) || QUALIFIER_AFTER_DEADLINE.test(tail)) return false;
    return true;
  }
  if (m.range) return true;
  const marker = MARKER_BEFORE.exec(before);
  if (marker) {
    const w = marker[0].trim();
    const verb = w === '到' && oneOf(VERB_TO, before.charAt(before.length - marker[0].length - 1));
    if (!verb) return true;
  }
  if (PLAN_AFTER.test(rest)) return true;
  if (PLAN_YEAR_AFTER.test(after)) return true;
  if (inPlanTitle(f, m.start, m.end)) return true;
  return FUTURE_CLAUSE_AFTER.test(rest);
}

/** Whether f[start, end) stands inside a 《》 title naming a plan. */
function inPlanTitle(f: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 60);
  let open = -1;
  for (let i = start - 1; i >= from; i--) {
    const c = f.charAt(i);
    if (c === '《') {
      open = i;
      break;
    }
    if (c === '》' || c === '\n') return false;
  }
  if (open < 0) return false;
  const to = Math.min(f.length, end + 60);
  let close = -1;
  for (let i = end; i < to; i++) {
    const c = f.charAt(i);
    if (c === '》') {
      close = i;
      break;
    }
    if (c === '《' || c === '\n') return false;
  }
  if (close < 0) return false;
  const title = f.slice(open + 1, close);
  return PLAN_TITLE.test(title) && !REPORT_TITLE.test(title);
}

const FIVE_YEAR_PLAN = /(十[一二三四五六七八九]|十|[一二三四五六七八九])五/g;
const QUOTES_OPEN = '“"‘「『\'';
const QUOTES_CLOSE = '”"’」』\'';
// After an unquoted 十X五, what makes it a number or a count instead (十五五个, 十一五年).
const NOT_PLAN_AFTER = /^[零〇一二两三四五六七八九十百千万亿0-9年月日天个折%元岁名人家项条次号倍]/;
const SHORT_PLAN_WORD_AFTER = /^(?:规划|计划|期间|时期)/;

/** The first and last year of a five-year plan named at match `m` (“十五五”), or null. */
function fiveYearPlan(f: string, m: RegExpMatchArray): number[] | null {
  const i = m.index ?? 0;
  const name = m[1] ?? '';
  const end = i + m[0].length;
  const before = f.charAt(i - 1);
  if (chineseDigit(before) !== undefined || before === '十' || before === '百' || before === '第') return null;
  const quotedOpen = oneOf(QUOTES_OPEN, before);
  const closing = f.charAt(end);
  const quoted = quotedOpen && oneOf(QUOTES_CLOSE, closing);
  if (!quoted && (chineseDigit(closing) !== undefined || closing === '十')) return null;
  const rest = f.slice(quoted ? end + 1 : end, end + 8);
  if (rest.startsWith('以来')) return null;
  const ctx = f.slice(Math.max(0, i - 8), quotedOpen ? i - 1 : i);
  if (AS_OF_BEFORE.test(ctx)) return null;
  const long = name.length === 2;
  if (long ? !quoted && NOT_PLAN_AFTER.test(rest) : !quoted || !SHORT_PLAN_WORD_AFTER.test(rest)) return null;
  const n = long ? 10 + (chineseDigit(name.charAt(1)) ?? 0) : name === '十' ? 10 : (chineseDigit(name) ?? 0);
  const first = n <= 2 ? 1953 + 5 * (n - 1) : 1966 + 5 * (n - 3);
  return [first, first + 4];
}
