// `npm run bench -- requests [--requests N] [--transitions N] [--queries N] [--seed N] [--dialects sqlite,postgres]`:
// the request loop (issue 6) on each database.
//
//   department-open-list  the latency of a department's open list (its open requests, most urgent deadline first,
//                         20 a page, with the total counted up to 10,000) through listRequests — what a department
//                         account's inbox asks — over --requests requests (1,000,000), beside two baselines
//                         measured in the same run on the same rows: the bare indexed COUNT of all that
//                         department's open requests (about 27,000 here) and a primary-key lookup. Goal: p99 < 50 ms.
//   transitions           transitions per second through transitionRequest (visibility, the machine, the
//                         version-guarded UPDATE, the event and audit rows in one transaction, the answer re-read):
//                         --transitions requests (300) each accepted, assigned, started, resolved and confirmed,
//                         one after another, on the table of --requests rows.
//
// The rows are generated with multi-row INSERTs (1,900 rows a statement), the table's secondary indexes dropped
// before and built again after, as a bulk load does: eight departments (the categories' seven and unassigned), a quarter of the requests open, deadlines
// within ±60 days. PostgreSQL (ZHIDA_BENCH_DATABASE_URL, default the test server) is skipped with a line saying
// why when it does not answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { DEFAULT_CATEGORIES } from '../src/core/requests/categories.ts';
import { open311Status } from '../src/core/requests/state-machine.ts';
import type { RequestState } from '../src/core/requests/types.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { withPostgresSchema } from './postgres-schema.ts';
import type { DialectName } from '../src/db/dialect.ts';
import { countRequests, findRequest } from '../src/db/requests.repository.ts';
import type { RequestCaller } from '../src/services/requests/access.ts';
import { fileRequest, listRequests, MAX_COUNTED, transitionRequest } from '../src/services/requests/requests.ts';

/** Rows per INSERT: 17 parameters a row keeps a statement under SQLite's 32,766 bound parameters. */
const BATCH = 1900;
const USCC = '91320509MA00087E8P';
const DAY = 86_400_000;

function log(message: string): void {
  process.stderr.write(`bench requests: ${message}\n`);
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const DEPARTMENTS = [...new Set(DEFAULT_CATEGORIES.map((c) => c.department))];

/** States weighted as a loop that has run for a while: most requests closed, a quarter open. */
const STATE_WEIGHTS: [RequestState, number][] = [
  ['submitted', 3],
  ['accepted', 2],
  ['assigned', 8],
  ['in_progress', 8],
  ['escalated', 2],
  ['reopened', 1],
  ['resolved', 6],
  ['confirmed', 60],
  ['rejected', 7],
  ['duplicate', 3],
];

function pickState(random: () => number): RequestState {
  let roll = random() * STATE_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  for (const [state, weight] of STATE_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return state;
  }
  return 'confirmed';
}

const COLUMNS = [
  'uscc',
  'category',
  'title',
  'description',
  'channel',
  'state',
  'open',
  'department',
  'deadline',
  'resolved_at',
  'rating',
  'attributes',
  'public_token',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

/** The text of an INSERT of `rows` rows, with the dialect's placeholders: compiled once per batch size. */
function insertText(dialect: DialectName, rows: number): string {
  let n = 0;
  const row = () => `(${COLUMNS.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
  const values = Array.from({ length: rows }, row).join(', ');
  return `insert into "request" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${values}`;
}

/** Inserts n synthetic requests in multi-row statements (the SQL text built once, not by the query builder for
 *  every batch: at a million rows the builder's own time would be most of the bench's). */
async function generate(database: Database, n: number, seed: number): Promise<number> {
  const random = mulberry32(seed);
  const now = Date.now();
  const started = performance.now();
  const indexes = await dropIndexes(database);
  const unassigned: RequestState[] = ['submitted', 'accepted', 'rejected', 'duplicate'];
  const texts = new Map<number, string>();
  for (let from = 0; from < n; from += BATCH) {
    const size = Math.min(BATCH, n - from);
    const params: unknown[] = [];
    for (let i = from; i < from + size; i++) {
      const category = DEFAULT_CATEGORIES[Math.floor(random() * DEFAULT_CATEGORIES.length)]!;
      const state = pickState(random);
      const assigned = !unassigned.includes(state);
      const created = now - Math.floor(random() * 365 * DAY);
      const deadline = assigned ? new Date(now + Math.floor((random() - 0.5) * 120 * DAY)).toISOString() : null;
      const resolved = state === 'resolved' || state === 'confirmed';
      const createdAt = new Date(created).toISOString();
      params.push(
        USCC,
        category.code,
        `${category.name}诉求 ${i}`,
        '生成的诉求',
        'web',
        state,
        open311Status(state) === 'open' ? 1 : 0,
        assigned ? DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)]! : null,
        deadline,
        resolved ? new Date(created + Math.floor(random() * 20 * DAY)).toISOString() : null,
        state === 'confirmed' ? 1 + Math.floor(random() * 5) : null,
        '{}',
        `bench${i.toString(16).padStart(27, '0')}`,
        'bench',
        createdAt,
        createdAt,
        1,
      );
    }
    let text = texts.get(size);
    if (text === undefined) texts.set(size, (text = insertText(database.dialect, size)));
    await database.db.executeQuery(CompiledQuery.raw(text, params));
    if ((from / BATCH) % 100 === 99) log(`${database.dialect}: ${from + size} rows`);
  }
  log(`${database.dialect}: rebuilding ${indexes.length} indexes`);
  for (const definition of indexes) await sql.raw(definition).execute(database.db);
  if (database.dialect === 'postgres') await sql`vacuum analyze request`.execute(database.db);
  else await sql`analyze`.execute(database.db);
  return (performance.now() - started) / 1000;
}

/**
 * A bulk load's usual trick: the request table's secondary indexes (as the migration made them) are dropped before
 * the rows go in and built again after, sorting once instead of a million random insertions into five B-trees.
 * The unique index on the token stays (tokens are generated in order). Resolves to their definitions.
 */
async function dropIndexes(database: Database): Promise<string[]> {
  const rows =
    database.dialect === 'sqlite'
      ? (
          await sql<{ name: string; definition: string }>`
            select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name = 'request' and sql is not null`.execute(database.db)
        ).rows
      : (
          await sql<{ name: string; definition: string }>`
            select indexname as name, indexdef as definition from pg_indexes
            where schemaname = current_schema() and tablename = 'request' and indexdef not like '%UNIQUE%'`.execute(
            database.db,
          )
        ).rows;
  for (const row of rows) await sql`drop index ${sql.ref(row.name)}`.execute(database.db);
  // SQLite: a page cache large enough for the rebuilt indexes (the default is 2 MB)
  if (database.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(database.db);
  return rows.map((r) => r.definition);
}

function departmentCaller(department: string): RequestCaller {
  return {
    actor: { kind: 'department', accountId: 0, department },
    name: 'bench:department',
    displayName: department,
    scope: { kind: 'department', department },
  };
}

const COORDINATOR: RequestCaller = {
  actor: { kind: 'coordinator', accountId: 0 },
  name: 'bench:coordinator',
  displayName: 'bench',
  scope: { kind: 'all' },
};

const ENTERPRISE: RequestCaller = {
  actor: { kind: 'enterprise', accountId: 0, uscc: USCC },
  name: 'bench:enterprise',
  displayName: 'bench',
  scope: { kind: 'enterprise', uscc: USCC },
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

interface Options {
  requests: number;
  transitions: number;
  queries: number;
  seed: number;
}

async function benchDatabase(database: Database, options: Options): Promise<void> {
  const dialect = database.dialect;
  log(`${dialect}: generating ${options.requests} requests`);
  const insertSeconds = await generate(database, options.requests, options.seed);
  log(`${dialect}: ${options.requests} rows in ${round(insertSeconds, 1)} s`);

  // department-open-list, after a warm-up round over every department
  const page = { open: true, sort: 'deadline' as const, limit: 20, offset: 0 };
  for (const department of DEPARTMENTS) await listRequests(database, departmentCaller(department), page);
  const list: number[] = [];
  const count: number[] = [];
  const pk: number[] = [];
  const random = mulberry32(options.seed + 1);
  let openTotal = 0;
  for (let q = 0; q < options.queries; q++) {
    const department = DEPARTMENTS[q % DEPARTMENTS.length]!;
    list.push(await time(() => listRequests(database, departmentCaller(department), page)));
    count.push(
      await time(async () => {
        const total = await countRequests(database.db, { department, open: true });
        if (q < DEPARTMENTS.length) openTotal += total;
      }),
    );
    const id = 1 + Math.floor(random() * options.requests);
    pk.push(await time(() => findRequest(database.db, id)));
  }
  for (const values of [list, count, pk]) values.sort((a, b) => a - b);
  const p99 = percentile(list, 99);
  const baselineP99 = percentile(count, 99);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'requests',
      dialect,
      measure: 'department-open-list',
      requests: options.requests,
      insert_seconds: round(insertSeconds, 1),
      rows_per_s: Math.round(options.requests / insertSeconds),
      departments: DEPARTMENTS.length,
      open_per_department: Math.round(openTotal / Math.min(DEPARTMENTS.length, options.queries)),
      queries: options.queries,
      p50_ms: round(percentile(list, 50)),
      p99_ms: round(p99),
      baseline: 'the bare indexed COUNT of the department’s open requests',
      baseline_p50_ms: round(percentile(count, 50)),
      baseline_p99_ms: round(baselineP99),
      ratio_p99: round(p99 / baselineP99, 2),
      pk_lookup_p50_ms: round(percentile(pk, 50)),
      pk_lookup_p99_ms: round(percentile(pk, 99)),
      ratio_p99_to_pk: round(p99 / percentile(pk, 99), 1),
      total_counted_up_to: MAX_COUNTED,
      goal: 'p99 < 50 ms at 1,000,000 requests',
      met: p99 < 50,
    })}\n`,
  );

  // transitions
  log(`${dialect}: ${options.transitions} requests through the loop`);
  const ids: number[] = [];
  for (let i = 0; i < options.transitions; i++) {
    ids.push((await fileRequest(database, ENTERPRISE, { category: 'land', description: `bench ${i}` })).id);
  }
  const department = departmentCaller(DEFAULT_CATEGORIES.find((c) => c.code === 'land')!.department);
  const steps: [RequestCaller, Parameters<typeof transitionRequest>[3]][] = [
    [COORDINATOR, { action: 'accept' }],
    [COORDINATOR, { action: 'assign' }],
    [department, { action: 'start' }],
    [department, { action: 'resolve', note: '已办结' }],
    [ENTERPRISE, { action: 'confirm', rating: 5 }],
  ];
  const started = performance.now();
  for (const id of ids) {
    for (const [caller, input] of steps) await transitionRequest(database, caller, id, input);
  }
  const seconds = (performance.now() - started) / 1000;
  const transitions = ids.length * steps.length;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'requests',
      dialect,
      measure: 'transitions',
      table_rows: options.requests + options.transitions,
      requests: ids.length,
      transitions,
      seconds: round(seconds, 2),
      transitions_per_s: Math.round(transitions / seconds),
      ms_per_transition: round((seconds * 1000) / transitions),
    })}\n`,
  );
}

async function benchDialect(dialect: DialectName, options: Options): Promise<void> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'zhida-bench-requests-'));
    const database = await openDatabase(join(dir, 'zhida.db'));
    try {
      await benchDatabase(database, options);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  await withPostgresSchema('requests', { bench: 'requests', dialect: 'postgres' }, (database) =>
    benchDatabase(database, options),
  );
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      requests: { type: 'string' },
      transitions: { type: 'string' },
      queries: { type: 'string' },
      seed: { type: 'string' },
      dialects: { type: 'string' },
    },
    strict: false,
  });
  const options: Options = {
    requests: Number(values.requests ?? 1_000_000),
    transitions: Number(values.transitions ?? 300),
    queries: Number(values.queries ?? 500),
    seed: Number(values.seed ?? 2026),
  };
  for (const key of ['requests', 'transitions', 'queries'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1)
      throw new Error(`--${key} must be a positive whole number`);
  }
  const dialects = String(values.dialects ?? 'sqlite,postgres').split(',') as DialectName[];
  for (const dialect of dialects) {
    if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialects: unknown dialect ${dialect}`);
    await benchDialect(dialect, options);
  }
}
