// Generates many megabytes of Chinese policy text from the real sample bulletin: its articles shuffled with a
// seeded PRNG, under varied columns, with other numbers, years, counts and regions, so the benchmark measures
// the extractor on text shaped like real input rather than one block repeated verbatim.
import { readFile } from 'node:fs/promises';

export const sampleBulletin = new URL('../data/corpus/bulletin-2026-sample.txt', import.meta.url);

/** mulberry32: small, fast and seedable; the same seed gives the same text on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Bulletin {
  sections: string[];
  /** Each article's lines as printed: headline first, then its paragraphs (blank lines kept). */
  articles: string[][];
}

const ordinalLine = /^[一二三四五六七八九十]+是/;

/**
 * Splits a bulletin into column names and articles. A column name is a short line of Chinese characters only; a
 * headline is a short line that is not a measure and does not end like a sentence. Good enough for the sample,
 * which is all the benchmark needs (the extractor does the real job).
 */
export function splitBulletin(text: string): Bulletin {
  const sections: string[] = [];
  const articles: string[][] = [];
  let current: string[] | undefined;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (/^\p{Script=Han}{2,6}$/u.test(line)) {
      sections.push(line);
      current = undefined;
    } else if (line.length > 0 && line.length <= 40 && !ordinalLine.test(line) && !/[。；：，、]$/.test(line)) {
      current = [line];
      articles.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  return { sections, articles };
}

const municipalities = ['北京', '天津', '重庆'];
const provinces = ['浙江', '安徽', '福建', '江西', '河南', '湖北', '湖南', '广东', '四川', '河北', '陕西', '辽宁'];
const cities = ['杭州', '宁波', '南京', '无锡', '合肥', '厦门', '青岛', '武汉', '成都', '西安', '东莞', '长沙'];
const countWords = ['两', '三', '四', '五', '六', '七', '八', '九'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** One article with its own regions, years shifted together, other figures scaled, and counts changed. */
function vary(random: () => number, lines: string[]): string {
  const regions: Record<string, string> = {
    上海: pick(random, municipalities),
    江苏: pick(random, provinces),
    山东: pick(random, provinces),
    苏州: pick(random, cities),
    深圳: pick(random, cities),
  };
  const yearShift = Math.floor(random() * 7) - 2;
  const scale = 0.5 + random() * 2.5;
  return lines
    .join('\n')
    .replace(/上海|江苏|山东|苏州|深圳/g, (name) => regions[name]!)
    .replace(/\d+(?:\.\d+)?/g, (figure, offset: number, text: string) => {
      const value = Number(figure);
      const next = text[offset + figure.length] ?? '';
      if (/^20[0-4]\d$/.test(figure) && !'万亿元千百'.includes(next)) return String(value + yearShift);
      const scaled =
        next === '%' ? Math.min(100, value * scale) : next === '折' ? Math.min(9, value * scale) : value * scale;
      return figure.includes('.') ? scaled.toFixed(1) : String(Math.max(1, Math.round(scaled)));
    })
    .replace(/[两二三四五六七八九](?=方面|大|个方面|项|条|部门)/g, () => pick(random, countWords));
}

/** At least `targetBytes` of UTF-8 policy text: columns of 2–5 varied articles each, like a bulletin. */
export function generatePolicyText(
  bulletin: Bulletin,
  targetBytes: number,
  seed = 2026,
): { text: string; articles: number } {
  const random = prng(seed);
  const parts: string[] = [];
  let bytes = 0;
  let deck: string[][] = [];
  let articles = 0;
  while (bytes < targetBytes) {
    const column = `${pick(random, bulletin.sections)}\n\n`;
    parts.push(column);
    bytes += Buffer.byteLength(column);
    const count = 2 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
      if (deck.length === 0) deck = shuffle(random, bulletin.articles);
      // Sometimes a headline follows the previous paragraph directly, as in the real bulletin.
      const article = `${vary(random, deck.pop()!)}${random() < 0.3 ? '\n' : '\n\n'}`;
      parts.push(article);
      bytes += Buffer.byteLength(article);
      articles++;
    }
  }
  return { text: parts.join(''), articles };
}

export async function loadSampleBulletin(): Promise<Bulletin> {
  return splitBulletin(await readFile(sampleBulletin, 'utf8'));
}
