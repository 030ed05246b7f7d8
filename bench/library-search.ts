// `npm run bench -- library [--measures N] [--queries N] [--seed N] [--pg-budget SECONDS] [--dialects sqlite,postgres]`:
// search latency over a generated policy library, beside the latency of the bare full-text query it issues.
// Goal: p99 under 20 ms on SQLite at 100,000 measures.
//
// How the library is made: bench/policy-text.ts recombines the real sample bulletin (data/corpus) into
// documents of about 200 articles each: its articles shuffled with a seeded PRNG under its columns, each with
// other regions (上海 → 北京/天津/重庆, 江苏/山东 → twelve provinces, 苏州/深圳 → twelve cities), years shifted
// together, sums and rates scaled, counts changed. Each document gets its own seed, and is stored through
// ingestDocument like any user's file (extraction, measures, filters, the full-text index). Documents are added
// until the library holds --measures measures (100,000); PostgreSQL stops earlier when its --pg-budget
// (100 s) of ingest time is spent, and its line says so.
//
// The queries: ≥ 500 (--queries), cycling through real headline and measure words of the bulletin (脑机接口,
// 自动驾驶, 绿色工厂, 技术改造, 人工智能, 碳足迹, …), some in traditional characters or full-width letters,
// and filter combinations (region by name or code, column, issuer, year, amount) with and without words. Each
// is timed end to end through searchPolicies (ranked query, measures for snippets, snippets), and its tokens
// once more through the bare FTS query (match, rank, limit 20; no joins, filters or snippets).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { searchTokens } from '../src/core/text/search-text.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { withPostgresSchema } from './postgres-schema.ts';
import type { DialectName } from '../src/db/dialect.ts';
import { bareFullText } from '../src/db/policy-search.repository.ts';
import { ingestDocument } from '../src/services/policies/ingest.ts';
import { searchPolicies, type SearchFilters } from '../src/services/policies/search.ts';
import { generatePolicyText, loadSampleBulletin, prng, type Bulletin } from './policy-text.ts';

const ARTICLES_PER_DOCUMENT = 200;

function log(message: string): void {
  process.stderr.write(`bench library-search: ${message}\n`);
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Headline and measure words of the bulletin, as users would type them. */
const WORDS = [
  '脑机接口',
  '自动驾驶',
  '绿色工厂',
  '技术改造',
  '人工智能',
  '碳足迹',
  '创业投资',
  '孵化器',
  '养老服务',
  '不动产登记',
  '智能网联汽车',
  '算力',
  '数据集',
  '医疗器械',
  '临床试验',
  '服务业',
  '先进制造业',
  '营商环境',
  '租金',
  '工装',
  '城市更新',
  '产业链',
  '家政服务',
  '绿色转型',
  '租赁',
  '专精特新',
  '腦機接口',
  '碳足跡',
  '創業投資',
  '自動駕駛',
  'ＡＩ＋制造',
  '科技成果转化',
  '低空经济',
];

/** Filters that occur in a generated library: its regions, columns, issuers and years. */
const FILTERS: SearchFilters[] = [
  { region: '浙江' },
  { region: '广东' },
  { region: '北京' },
  { region: '杭州' },
  { region: '320000' },
  { region: '420100' },
  { year: 2027 },
  { year: 2030 },
  { section: '政策举措' },
  { section: '科创聚焦' },
  { issuer: '科委' },
  { issuer: '政府办公厅' },
  { hasAmount: true },
  { region: '浙江', year: 2028 },
  { region: '广东', hasAmount: true },
  { section: '域外动态', hasAmount: true },
  { region: '北京', section: '产业动向', year: 2030 },
];

interface Query {
  text: string;
  filters: SearchFilters;
}

/** `count` queries: words alone (half), words with filters (a third), filters alone (the rest). */
function queries(count: number, seed: number): Query[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const list: Query[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    if (kind < 3) list.push({ text: WORDS[i % WORDS.length]!, filters: {} });
    else if (kind < 5) list.push({ text: WORDS[i % WORDS.length]!, filters: pick(FILTERS) });
    else list.push({ text: '', filters: pick(FILTERS) });
  }
  return list;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

interface Library {
  measures: number;
  articles: number;
  documents: number;
  seconds: number;
  /** false when the time budget ran out before the measure target */
  complete: boolean;
}

async function buildLibrary(
  database: Database,
  bulletin: Bulletin,
  target: number,
  seed: number,
  budgetSeconds: number,
): Promise<Library> {
  const bytesPerArticle = Buffer.byteLength(bulletin.articles.flat().join('\n')) / bulletin.articles.length;
  const started = performance.now();
  let measures = 0;
  let articles = 0;
  let documents = 0;
  while (measures < target) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed > budgetSeconds) break;
    const { text } = generatePolicyText(bulletin, ARTICLES_PER_DOCUMENT * bytesPerArticle, seed + documents);
    const name = `bench-${seed}-${String(documents).padStart(5, '0')}.txt`;
    const outcome = await ingestDocument(database, { name, bytes: new TextEncoder().encode(text) }, 'bench');
    if (outcome.status !== 'new') throw new Error(`ingest of ${name}: ${outcome.status} ${outcome.error ?? ''}`);
    measures += outcome.measures ?? 0;
    articles += outcome.articles ?? 0;
    documents++;
    if (documents % 20 === 0)
      log(`${database.dialect}: ${documents} documents, ${measures} measures, ${round(elapsed, 1)} s`);
  }
  return { measures, articles, documents, seconds: (performance.now() - started) / 1000, complete: measures >= target };
}

async function timeQueries(database: Database, list: Query[]) {
  const full: number[] = [];
  const bare: number[] = [];
  let results = 0;
  for (const query of list) {
    let started = performance.now();
    const response = await searchPolicies(database, query.text, query.filters);
    full.push(performance.now() - started);
    results += response.results.length;
    const tokens = searchTokens(query.text);
    if (tokens.length === 0) continue;
    started = performance.now();
    await bareFullText(database, tokens, 20);
    bare.push(performance.now() - started);
  }
  full.sort((a, b) => a - b);
  bare.sort((a, b) => a - b);
  return { full, bare, meanResults: results / list.length };
}

async function benchDialect(
  dialect: DialectName,
  options: { measures: number; queries: number; seed: number; budget: number },
): Promise<void> {
  const bulletin = await loadSampleBulletin();
  const run = async (database: Database) => {
    log(`${dialect}: building a library of ${options.measures} measures`);
    const library = await buildLibrary(database, bulletin, options.measures, options.seed, options.budget);
    log(`${dialect}: ${library.measures} measures in ${library.articles} articles, ${round(library.seconds, 1)} s`);
    if (dialect === 'postgres') await sqlAnalyze(database);
    const list = queries(options.queries, options.seed);
    log(`${dialect}: warming up`);
    await timeQueries(database, list.slice(0, 30));
    log(`${dialect}: ${list.length} searches`);
    const { full, bare, meanResults } = await timeQueries(database, list);
    const p99 = percentile(full, 0.99);
    const bareP99 = percentile(bare, 0.99);
    const line = {
      bench: 'library-search',
      dialect,
      measures: library.measures,
      articles: library.articles,
      documents: library.documents,
      ...(library.complete
        ? {}
        : { note: `smaller library: ingest stopped at the ${options.budget} s budget (--pg-budget)` }),
      buildSeconds: round(library.seconds, 1),
      queries: full.length,
      meanResults: round(meanResults, 1),
      p50_ms: round(percentile(full, 0.5)),
      p99_ms: round(p99),
      max_ms: round(full[full.length - 1] ?? Number.NaN),
      bare_fts_queries: bare.length,
      bare_fts_p50_ms: round(percentile(bare, 0.5)),
      bare_fts_p99_ms: round(bareP99),
      ratio_p99: round(p99 / bareP99, 2),
      goal: 'p99 < 20 ms at 100k measures',
      ...(dialect === 'sqlite' ? { met: library.measures >= 100_000 && p99 < 20 } : {}),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };

  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'zhida-bench-'));
    const database = await openDatabase(join(dir, 'library.db'));
    try {
      await run(database);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    await withPostgresSchema('library_search', { bench: 'library-search', dialect: 'postgres' }, run);
  }
}

/** Fresh statistics, as autovacuum would gather them on a library that grew over time. */
async function sqlAnalyze(database: Database): Promise<void> {
  await sql`analyze`.execute(database.db);
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      measures: { type: 'string' },
      queries: { type: 'string' },
      seed: { type: 'string' },
      'pg-budget': { type: 'string' },
      dialects: { type: 'string' },
    },
    strict: false,
  });
  const options = {
    measures: Number(values.measures ?? 100_000),
    queries: Number(values.queries ?? 600),
    seed: Number(values.seed ?? 2026),
    budget: Number(values['pg-budget'] ?? 100),
  };
  if (!(options.measures > 0) || !(options.queries > 0) || !Number.isInteger(options.seed) || !(options.budget > 0)) {
    throw new Error('--measures, --queries and --pg-budget must be positive numbers and --seed an integer');
  }
  const dialects = String(values.dialects ?? 'sqlite,postgres').split(',') as DialectName[];
  for (const dialect of dialects) {
    if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialects: unknown dialect ${dialect}`);
    await benchDialect(dialect, options);
  }
}
