// Numerals as policy documents print them: Arabic (1,200 · 1.5万 · ２０００ · "1 000" from PDF copies),
// Chinese (二千 · 一万二千五百 · 三百零五 · 两), financial (壹贰叁…拾佰仟), digit by digit (二〇二五) and
// mixed (2千万 · 1.5万亿 · 3亿5000万). Pure functions, no allocation beyond a few small strings.

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  貳: 2,
  两: 2,
  兩: 2,
  三: 3,
  叁: 3,
  參: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  陸: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Readonly<Record<string, number>> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** The Chinese digit 0–9 a character stands for, or undefined. */
export function chineseDigit(c: string): number | undefined {
  return CN_DIGITS[c];
}

/** The value of a unit character (十 10 … 亿 1e8), or undefined. */
export function chineseUnit(c: string): number | undefined {
  return SMALL_UNITS[c] ?? BIG_UNITS[c];
}

function isAsciiDigit(c: string): boolean {
  return c >= '0' && c <= '9' && c.length === 1;
}

// Full-width forms (０-９ ％ ． ， （ ） ／ ～ －), ideographic and no-break spaces, tabs and the dash family
// (‐ ‑ ‒ – — ― −), each folded to one ASCII character so that an index into the folded text is an index
// into the original and printed spans can be sliced from it unchanged.
const FOLD_RE = /[\uFF01-\uFF5E\u3000\u00A0\u2002-\u200A\u202F\t\u2010-\u2015\u2212\uFE6A\u301C]/g;

function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code >= 0x2010 && code <= 0x2015) return '-';
  if (code === 0x2212) return '-';
  if (code === 0xfe6a) return '%';
  if (code === 0x301c) return '~';
  return ' ';
}

/** Fold the characters that may stand inside a printed figure to ASCII, keeping the length (one UTF-16 unit for one). */
export function foldFigureText(s: string): string {
  return s.replace(FOLD_RE, foldChar);
}

export interface NumberReading {
  /** The value, rounded to 15 significant digits so that 1.3万 is 13000, not 13000.000000000002. */
  value: number;
  /** The magnitude of the trailing units: "200万" 1e4, "2千万" 1e7, "二百万" 1e4 (only 万/亿 after Chinese digits), "20" 1. */
  mult: number;
  /** Whether a digit was printed (false for a bare unit: the 万亿 of 超万亿元). */
  hasDigit: boolean;
}

/**
 * Read f[start, end) as one number, or null when it is not exactly one. `f` must be folded (foldFigureText).
 * A single space is read through between a digit and a unit and between thousands groups ("1 000");
 * `approx` also skips 多/余 ("100多万", "5000余万"). Runs in time linear in end - start.
 */
export function readNumber(f: string, start: number, end: number, approx = false): NumberReading | null {
  if (end <= start) return null;
  // Digit by digit, without units: 二〇二五 = 2025, 一二 = 12.
  if (end - start >= 2) {
    let positional = 0;
    let i = start;
    for (; i < end; i++) {
      const d = CN_DIGITS[f.charAt(i)];
      if (d === undefined) break;
      positional = positional * 10 + d;
    }
    if (i === end) return finish(positional, 1, true);
  }

  let total = 0; // completed 亿 groups
  let big = 0; // completed 万 groups below the current 亿
  let small = 0; // the group below 万 being read (十百千)
  let num: number | null = null; // the number token not yet attached to a unit
  let numSingleDigit = false;
  let zero = false; // 零 since the last unit: the next digit is units (三百零五)
  let lastSmall = Infinity; // small units must fall within a group (百 then 十, not 十 then 百)
  let lastUnit = 1;
  let prevBig = 0; // the big unit just read (万万 and 亿亿 are not numbers)
  let hasDigit = false;
  let lastNumArabic = false;
  let trailSmall = 1;
  let trailBig = 1;
  let any = false;

  let i = start;
  while (i < end) {
    const c = f.charAt(i);
    if (isAsciiDigit(c)) {
      if (num !== null) return null;
      let j = i;
      while (j < end && isAsciiDigit(f.charAt(j))) j++;
      let digits = f.slice(i, j);
      if (j - i <= 3) {
        // thousands groups: 1,200 · 1，200 (folded) · 1 000
        while (
          j + 4 <= end &&
          (f.charAt(j) === ',' || f.charAt(j) === ' ') &&
          isAsciiDigit(f.charAt(j + 1)) &&
          isAsciiDigit(f.charAt(j + 2)) &&
          isAsciiDigit(f.charAt(j + 3)) &&
          !(j + 4 < end && isAsciiDigit(f.charAt(j + 4)))
        ) {
          digits += f.slice(j + 1, j + 4);
          j += 4;
        }
      }
      if (f.charAt(j) === '.' && j + 1 < end && isAsciiDigit(f.charAt(j + 1))) {
        let k = j + 1;
        while (k < end && isAsciiDigit(f.charAt(k))) k++;
        digits += f.slice(j, k);
        j = k;
      }
      num = Number(digits);
      numSingleDigit = digits.length === 1;
      hasDigit = true;
      lastNumArabic = true;
      trailSmall = 1;
      trailBig = 1;
      prevBig = 0;
      any = true;
      i = j;
      continue;
    }
    const d = CN_DIGITS[c];
    if (d !== undefined) {
      if (num !== null) return null;
      hasDigit = true;
      prevBig = 0;
      if (d === 0 && any) {
        zero = true;
      } else {
        num = d;
        numSingleDigit = true;
        lastNumArabic = false;
        trailSmall = 1;
        trailBig = 1;
      }
      any = true;
      i++;
      continue;
    }
    if (c === '点') {
      // Chinese decimal point: 三点五 = 3.5, 一点五亿 = 1.5e8
      if (num === null || !Number.isInteger(num)) return null;
      let k = i + 1;
      let frac = '';
      while (k < end) {
        const ch = f.charAt(k);
        const fd = isAsciiDigit(ch) ? Number(ch) : CN_DIGITS[ch];
        if (fd === undefined) break;
        frac += String(fd);
        k++;
      }
      if (!frac) return null;
      num = Number(`${num}.${frac}`);
      numSingleDigit = false;
      i = k;
      continue;
    }
    const su = SMALL_UNITS[c];
    if (su !== undefined) {
      if (su >= lastSmall) return null;
      small += (num ?? 1) * su;
      num = null;
      numSingleDigit = false;
      zero = false;
      lastSmall = su;
      lastUnit = su;
      prevBig = 0;
      trailSmall *= su;
      any = true;
      i++;
      continue;
    }
    const bu = BIG_UNITS[c];
    if (bu !== undefined) {
      if (prevBig === bu) return null;
      if (bu === 1e4) {
        let g = small + (num ?? 0);
        if (g === 0) {
          if (total !== 0 || big !== 0) return null;
          g = 1; // a bare 万 is one 万
        }
        big += g * 1e4;
      } else {
        let g = big + small + (num ?? 0);
        if (g === 0) {
          if (total !== 0) return null;
          g = 1; // a bare 亿 (or 万亿) is one of it
        }
        total += g * 1e8;
        big = 0;
      }
      small = 0;
      num = null;
      numSingleDigit = false;
      zero = false;
      lastSmall = Infinity;
      lastUnit = bu;
      prevBig = bu;
      trailBig *= bu;
      any = true;
      i++;
      continue;
    }
    if (c === ' ' || (approx && (c === '多' || c === '余'))) {
      i++;
      continue;
    }
    return null;
  }
  if (!any) return null;
  if (num !== null) {
    // 一万二 = 12000, 三千五 = 3500: a lone digit after a unit counts in the next unit down
    if (!zero && numSingleDigit && lastUnit > 10) num = (num * lastUnit) / 10;
    total += num;
  }
  total += big + small;
  const mult = !hasDigit || lastNumArabic ? trailSmall * trailBig : trailBig;
  return finish(total, mult, hasDigit);
}

function finish(value: number, mult: number, hasDigit: boolean): NumberReading | null {
  const v = Number.isSafeInteger(value) ? value : Number(value.toPrecision(15));
  if (!Number.isFinite(v)) return null;
  return { value: v, mult, hasDigit };
}

/**
 * The number a string of numerals stands for, or null when it is not one number: "二千" 2000,
 * "一万二千五百" 12500, "十五" 15, "三百零五" 305, "两" 2, "壹仟贰佰" 1200, "1.5万" 15000, "1,200" 1200,
 * "２０００" 2000, "二〇二五" 2025, "万" 10000. Surrounding whitespace is ignored.
 */
export function parseChineseNumber(s: string): number | null {
  const f = foldFigureText(s).trim();
  const r = readNumber(f, 0, f.length);
  return r ? r.value : null;
}
