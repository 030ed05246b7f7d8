// `npm run bench -- library [--mb N] [--seed N] [--workers N] [--dialects sqlite,postgres]`: ingest throughput
// into the policy library.
//
// Generates ≥ 10 MB (--mb, or ZHIDA_BENCH_MB) of policy text as files of about 200 KB, each from
// bench/policy-text.ts (the sample bulletin's articles recombined with other regions and figures, one seed per
// file), then in the same run measures:
//   extract-only  extractDocumentWithSpans over every file (read from disk), the best of 2 after a warm-up;
//   sqlite        ingestSources (what `zhida ingest DIR` runs) into a fresh SQLite file;
//   postgres      the same into a fresh schema of PostgreSQL (ZHIDA_BENCH_DATABASE_URL, default the test server).
// One JSON line per target. ratio_to_extract = ingest MB/s ÷ extract-only MB/s; the goal is ≥ 0.5.
// phase_seconds says where an ingest's time went, summed over threads: with worker threads (--workers, default
// one per spare core) extraction and indexing run beside the writes, so the phases add up to more than `seconds`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractDocumentWithSpans } from '../src/core/extract/document.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { withPostgresSchema } from './postgres-schema.ts';
import { ingestSources, type IngestTimings } from '../src/services/policies/ingest-sources.ts';
import { PreparePool } from '../src/services/policies/prepare-pool.ts';
import { generatePolicyText, loadSampleBulletin } from './policy-text.ts';

const MiB = 1024 * 1024;
const DOCUMENT_BYTES = 200 * 1024;
const GOAL = 'ratio_to_extract >= 0.5';

function log(message: string): void {
  process.stderr.write(`bench library-ingest: ${message}\n`);
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

interface Corpus {
  dir: string;
  files: { path: string; name: string }[];
  bytes: number;
}

async function writeCorpus(targetBytes: number, seed: number): Promise<Corpus> {
  const bulletin = await loadSampleBulletin();
  const dir = await mkdtemp(join(tmpdir(), 'zhida-bench-ingest-'));
  const files: Corpus['files'] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const text = generatePolicyText(bulletin, DOCUMENT_BYTES, seed + i).text;
    const name = `policy-${String(i).padStart(4, '0')}.txt`;
    const path = join(dir, name);
    await writeFile(path, text);
    files.push({ path, name });
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes };
}

function line(target: string, corpus: Corpus, seconds: number, extractMbPerS: number, extra: object = {}) {
  const mbPerS = corpus.bytes / MiB / seconds;
  const result = {
    bench: 'library-ingest',
    target,
    sources: corpus.files.length,
    bytes: corpus.bytes,
    seconds: round(seconds),
    sources_per_s: round(corpus.files.length / seconds, 2),
    mb_per_s: round(mbPerS, 2),
    ratio_to_extract: round(mbPerS / extractMbPerS),
    goal: GOAL,
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function extractAll(corpus: Corpus): Promise<number> {
  let articles = 0;
  for (const file of corpus.files) {
    articles += (await extractDocumentWithSpans(await readFile(file.path), file.name)).articles.length;
  }
  return articles;
}

async function ingestInto(database: Database, corpus: Corpus, workers: number) {
  const timings: IngestTimings = { read: 0, extract: 0, index: 0, store: 0 };
  let articles = 0;
  let measures = 0;
  const started = performance.now();
  const sources = corpus.files.map((file) => ({ name: file.name, read: () => readFile(file.path) }));
  for await (const { outcome } of ingestSources(database, sources, 'bench', { workers, timings })) {
    if (outcome.status !== 'new') throw new Error(`${outcome.name}: ${outcome.status} ${outcome.error ?? ''}`);
    articles += outcome.articles ?? 0;
    measures += outcome.measures ?? 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const phase_seconds = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)]));
  return { seconds, extra: { workers, articles, measures, phase_seconds } };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      mb: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      dialects: { type: 'string' },
    },
    strict: false,
  });
  const mb = Number(values.mb ?? process.env.ZHIDA_BENCH_MB ?? 10);
  const seed = Number(values.seed ?? 2026);
  const workers = values.workers === undefined ? PreparePool.defaultSize() : Number(values.workers);
  if (!(mb > 0) || !Number.isInteger(seed) || !(Number.isInteger(workers) && workers >= 0)) {
    throw new Error('--mb must be a positive number, --seed an integer and --workers a whole number');
  }
  const dialects = String(values.dialects ?? 'sqlite,postgres').split(',');
  if (mb < 10) log(`${mb} MB is below the 10 MB the goal is stated for`);

  log(`writing ${mb} MB of policy text as ${DOCUMENT_BYTES / 1024} KB files (seed ${seed})`);
  const corpus = await writeCorpus(mb * MiB, seed);
  try {
    log('warming up the extractor');
    await extractDocumentWithSpans(await readFile(corpus.files[0]!.path), corpus.files[0]!.name);
    let extractSeconds = Infinity;
    let articles = 0;
    for (let i = 0; i < 2; i++) {
      log(`extract-only, run ${i + 1} of 2`);
      const started = performance.now();
      articles = await extractAll(corpus);
      extractSeconds = Math.min(extractSeconds, (performance.now() - started) / 1000);
    }
    const extractMbPerS = corpus.bytes / MiB / extractSeconds;
    line('extract-only', corpus, extractSeconds, extractMbPerS, { articles, cores: availableParallelism() });

    if (dialects.includes('sqlite')) await ingestSqlite(corpus, workers, extractMbPerS);
    if (dialects.includes('postgres')) await ingestPostgres(corpus, workers, extractMbPerS);
  } finally {
    await rm(corpus.dir, { recursive: true, force: true });
  }
}

async function ingestSqlite(corpus: Corpus, workers: number, extractMbPerS: number): Promise<void> {
  log(`ingest into a fresh SQLite file (${workers} worker threads)`);
  const sqliteDir = await mkdtemp(join(tmpdir(), 'zhida-bench-sqlite-'));
  try {
    const database = await openDatabase(join(sqliteDir, 'zhida.db'));
    try {
      const result = await ingestInto(database, corpus, workers);
      line('sqlite', corpus, result.seconds, extractMbPerS, result.extra);
    } finally {
      await database.close();
    }
  } finally {
    await rm(sqliteDir, { recursive: true, force: true });
  }
}

async function ingestPostgres(corpus: Corpus, workers: number, extractMbPerS: number): Promise<void> {
  log(`ingest into a fresh PostgreSQL schema (${workers} worker threads)`);
  await withPostgresSchema('library_ingest', { bench: 'library-ingest', target: 'postgres' }, async (database) => {
    const result = await ingestInto(database, corpus, workers);
    line('postgres', corpus, result.seconds, extractMbPerS, result.extra);
  });
}
