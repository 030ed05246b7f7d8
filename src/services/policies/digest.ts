import type { Database } from '../../db/database.ts';
import * as repo from '../../db/policies.repository.ts';

// A bulletin in the shape of the bundled one (data/corpus/bulletin-2026-sample.txt) written from the
// library: columns, each with headlines, an introduction and the measures as 一是…二是… paragraphs.

export type DigestFormat = 'md' | 'html';

export const DEFAULT_DIGEST_DAYS = 30;
export const DEFAULT_DIGEST_LIMIT = 100;
/** The column of articles printed under none. */
export const NO_COLUMN = '其他';

export interface DigestOptions {
  /** first day (UTC, YYYY-MM-DD) of ingestion to include; default: 30 days before `now` */
  since?: string;
  /** at most this many entries, the newest; default 100 */
  limit?: number;
  now?: Date;
}

export interface DigestEntry {
  articleId: number;
  title: string;
  intro: string;
  measures: string[];
  /** headlines of the other articles in this digest that describe the same policy */
  alsoIn: string[];
}

export interface Digest {
  since: string;
  until: string;
  columns: { name: string; entries: DigestEntry[] }[];
}

/** A day as YYYY-MM-DD, or null when it is not a real calendar day. */
export function parseDay(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

/**
 * The library's newest current articles ingested since the day: one entry per policy (articles linked by
 * same_as_id appear once, as the first of them, naming the others), in the order they were ingested,
 * grouped by column in order of first appearance, articles without a column last under 其他.
 */
export async function buildDigest(database: Database, options: DigestOptions = {}): Promise<Digest> {
  const now = options.now ?? new Date();
  const until = now.toISOString().slice(0, 10);
  const since = options.since ?? new Date(now.getTime() - DEFAULT_DIGEST_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (parseDay(since) === null) throw new RangeError(`not a day (YYYY-MM-DD): ${since}`);
  const limit = options.limit ?? DEFAULT_DIGEST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the limit must be a whole number ≥ 1: ${limit}`);

  const rows = await repo.listCurrentArticlesSince(database.db, since);
  const entries = new Map<number, { first: (typeof rows)[number]; others: string[] }>();
  for (const row of rows) {
    const group = row.same_as_id ?? row.id;
    const entry = entries.get(group);
    if (entry) entry.others.push(row.title);
    else entries.set(group, { first: row, others: [] });
  }
  const chosen = [...entries.values()].slice(-limit);
  const ids = chosen.map((e) => e.first.id);
  const [intros, measures] = await Promise.all([
    repo.findArticleIntros(database.db, ids),
    repo.findMeasureTexts(database.db, ids),
  ]);

  const columns = new Map<string, DigestEntry[]>();
  for (const { first, others } of chosen) {
    const name = first.section ?? NO_COLUMN;
    const column = columns.get(name) ?? [];
    column.push({
      articleId: first.id,
      title: first.title,
      intro: intros.get(first.id) ?? '',
      measures: measures.get(first.id) ?? [],
      alsoIn: others.filter((title) => title !== first.title),
    });
    columns.set(name, column);
  }
  const names = [...columns.keys()].sort((a, b) => Number(a === NO_COLUMN) - Number(b === NO_COLUMN));
  return { since, until, columns: names.map((name) => ({ name, entries: columns.get(name)! })) };
}

export function renderDigest(digest: Digest, format: DigestFormat): string {
  return format === 'html' ? renderHtml(digest) : renderMarkdown(digest);
}

const TITLE = '政策简报';
const EMPTY = '此期间没有新收录的政策。';

function countOf(digest: Digest): number {
  return digest.columns.reduce((n, c) => n + c.entries.length, 0);
}

/** A line the extractor reads as page furniture (发布时间…), not as a headline. */
function rangeLine(digest: Digest): string {
  return `发布时间：${digest.until}　收录 ${digest.since} 至 ${digest.until}，共 ${countOf(digest)} 条`;
}

/** The paragraphs of an entry as printed: intro paragraphs, 一是… per measure, 另见… */
function paragraphs(entry: DigestEntry): string[] {
  const out = entry.intro
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  entry.measures.forEach((text, i) => out.push(`${chineseOrdinal(i + 1)}是${text}`));
  // Ends like a sentence, so that nobody (and no extractor) takes it for a headline.
  if (entry.alsoIn.length > 0) out.push(`另见：${entry.alsoIn.join('；')}。`);
  return out;
}

function renderMarkdown(digest: Digest): string {
  const out = [`# ${TITLE}`, '', escapeMarkdown(rangeLine(digest)), ''];
  if (digest.columns.length === 0) out.push(EMPTY, '');
  for (const column of digest.columns) {
    out.push(`## ${escapeMarkdown(column.name)}`, '');
    for (const entry of column.entries) {
      out.push(`### ${escapeMarkdown(entry.title)}`, '');
      for (const p of paragraphs(entry)) out.push(escapeMarkdown(p), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Characters Markdown would read as markup (emphasis, links, HTML, headings) are printed as themselves. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

function renderHtml(digest: Digest): string {
  const out = [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TITLE} ${escapeHtml(`${digest.since} 至 ${digest.until}`)}</title>`,
    '<style>',
    'body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.8;',
    '  font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }',
    'h1 { text-align: center; } h2 { border-bottom: 2px solid #c00; color: #c00; }',
    'p { text-indent: 2em; margin: 0.4em 0; } p.meta, p.see-also { text-indent: 0; color: #666; }',
    '</style>',
    '</head>',
    '<body>',
    `<h1>${TITLE}</h1>`,
    `<p class="meta">${escapeHtml(rangeLine(digest))}</p>`,
  ];
  if (digest.columns.length === 0) out.push(`<p>${EMPTY}</p>`);
  for (const column of digest.columns) {
    out.push('<section>', `<h2>${escapeHtml(column.name)}</h2>`);
    for (const entry of column.entries) {
      out.push('<article>', `<h3>${escapeHtml(entry.title)}</h3>`);
      const ps = paragraphs(entry);
      for (const [i, p] of ps.entries()) {
        const seeAlso = i === ps.length - 1 && entry.alsoIn.length > 0;
        out.push(`<p${seeAlso ? ' class="see-also"' : ''}>${escapeHtml(p)}</p>`);
      }
      out.push('</article>');
    }
    out.push('</section>');
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enumerations stay far below 100). */
export function chineseOrdinal(n: number): string {
  if (n >= 100) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}
