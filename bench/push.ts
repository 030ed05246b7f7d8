// `npm run bench -- push [--enterprises N] [--webhooks N] [--dialects sqlite,postgres]`: from publishing one policy
// to every notification queued, and the outbox's delivery rate. One JSON line per result on stdout, progress on
// stderr.
//
// The population (default 1,000,000 enterprises) is written straight into the enterprise table with multi-row
// inserts (a prepared statement in one transaction on SQLite, unnest on PostgreSQL): 10 % in 上海 (310115), the rest
// in other provinces; every 10th enterprise, across regions, has 500 persons, the rest 20. Then, on each database:
//
// - push-publish, policy "regional": a fixed award to 上海 enterprises (10 % eligible) is published and refreshed —
//   publishPolicy + refreshPolicyMatches, the path of POST /api/rules — until its transaction commits with every
//   change recorded and every delivery queued in the outbox (publish_to_queued_ms; goal ≤ 5,000 ms), then the inbox
//   deliveries written as the route does right after (inbox_flush_ms). Baselines measured in the same run:
//   baseline_bulk_match_ms, the bulk engine over the whole table for that one policy alone (rules/bulk.ts matchPages,
//   what `zhida qualify` runs, writing nothing), and baseline_insert_select_ms, a plain INSERT … SELECT of as many
//   rows as there are changes. The ratios are publish_to_queued_ms over each.
// - push-publish, policy "anywhere": the same for a policy no region narrows (500 persons or more, 10 % eligible):
//   the trigger reads every enterprise.
// - push-delivery, channel inbox: the outbox worker delivering the first publish's inbox deliveries (queued, not
//   flushed), per second; channel webhook: --webhooks (default 5,000) 上海 enterprises subscribe a webhook on a local
//   node:http receiver, a third policy is published, and the worker delivers the signed calls, per second.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { Policy } from '../src/core/rules/types.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { PushWorker } from '../src/services/push/worker.ts';
import { flushInbox } from '../src/services/push/inbox.ts';
import { matchPages } from '../src/services/rules/bulk.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { refreshPolicyMatches } from '../src/services/rules/refresh-policy.ts';

const POSTGRES_URL = process.env.ZHIDA_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const YEAR = 2026;
const SHANGHAI = '310115';
const OTHER_REGIONS = ['320505', '330106', '440305', '370202', '320106', '510107', '420106', '610113', '350203'];
const GOAL_MS = 5000;

function log(message: string): void {
  process.stderr.write(`bench push: ${message}\n`);
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

function line(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const SOURCE = [{ document: null, article: '基准测试', measure: null, text: '对符合条件的企业给予奖励。' }];

function policy(id: string, eligibility: Policy['eligibility'], amount: number): Policy {
  return {
    id,
    version: 1,
    title: `基准测试奖励 ${id}`,
    regions: ['310000'],
    eligibility,
    benefit: { kind: 'fixed', amount },
    sources: SOURCE,
  };
}

const REGIONAL = policy('bench.push-regional', { regionWithin: ['310000'] }, 100_000);
const ANYWHERE = policy('bench.push-anywhere', { fact: 'employees', op: '>=', value: 300 }, 50_000);
const HOOKED = policy('bench.push-webhooks', { regionWithin: ['310000'] }, 20_000);

/** The i-th enterprise of the population. */
function enterprise(i: number, now: string) {
  const region = i % 10 === 0 ? SHANGHAI : OTHER_REGIONS[i % OTHER_REGIONS.length]!;
  // every 10th by another stride, so 500-person enterprises are in every region
  const employees = (i * 7) % 10 === 3 ? 500 : 20;
  const uscc = `B${String(i).padStart(17, '0')}`;
  const name = `基准企业${i}`;
  return {
    uscc,
    name,
    region,
    industry: 'C3911',
    employees,
    profile: JSON.stringify({ uscc, name, region, industry: 'C3911', employees }),
    now,
  };
}

export async function populateSqlite(file: string, n: number): Promise<void> {
  const db = new SQLite(file);
  const now = new Date().toISOString();
  const rows = 500;
  const insert = (count: number) =>
    db.prepare(
      'insert into enterprise (uscc, name, region, industry, employees, profile, created_at, updated_at) values ' +
        Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
    );
  const full = insert(rows);
  db.transaction(() => {
    for (let start = 0; start < n; start += rows) {
      const count = Math.min(rows, n - start);
      const params: unknown[] = [];
      for (let i = start; i < start + count; i++) {
        const e = enterprise(i, now);
        params.push(e.uscc, e.name, e.region, e.industry, e.employees, e.profile, now, now);
      }
      (count === rows ? full : insert(count)).run(params);
    }
  })();
  db.exec('analyze');
  db.close();
}

export async function populatePostgres(database: Database, n: number): Promise<void> {
  const now = new Date().toISOString();
  const chunk = 50_000;
  for (let start = 0; start < n; start += chunk) {
    const list = Array.from({ length: Math.min(chunk, n - start) }, (_, k) => enterprise(start + k, now));
    const col = <K extends keyof ReturnType<typeof enterprise>>(key: K) => list.map((e) => e[key]);
    await sql`insert into enterprise (uscc, name, region, industry, employees, profile, created_at, updated_at)
      select * from unnest(${col('uscc')}::text[], ${col('name')}::text[], ${col('region')}::text[],
        ${col('industry')}::text[], ${col('employees')}::integer[], ${col('profile')}::text[],
        ${col('now')}::text[], ${col('now')}::text[])`.execute(database.db);
  }
  await sql`analyze enterprise`.execute(database.db);
}

/** The bulk engine over the whole table for one policy, writing nothing: the qualify path. */
async function bulkMatchMs(database: Database, p: Policy): Promise<{ ms: number; eligible: number }> {
  const started = performance.now();
  let eligible = 0;
  for await (const page of matchPages(database.db, [p], YEAR)) eligible += page.matches[0]?.count ?? 0;
  return { ms: performance.now() - started, eligible };
}

/** A plain INSERT … SELECT of `rows` rows (into a scratch table, dropped after). */
async function insertSelectMs(database: Database, rows: number): Promise<number> {
  await sql`create table bench_scratch (enterprise_id integer not null, policy_id text not null, created_at text not null)`.execute(
    database.db,
  );
  const started = performance.now();
  await sql`insert into bench_scratch (enterprise_id, policy_id, created_at)
    select id, 'bench', ${new Date().toISOString()} from enterprise where region = ${SHANGHAI} limit ${rows}`.execute(
    database.db,
  );
  const ms = performance.now() - started;
  await sql`drop table bench_scratch`.execute(database.db);
  return ms;
}

async function publishMeasure(
  database: Database,
  dialect: string,
  enterprises: number,
  p: Policy,
  kind: string,
): Promise<number | null> {
  log(`${dialect}: baseline: the bulk engine over every enterprise for ${p.id}`);
  const baseline = await bulkMatchMs(database, p);
  log(`${dialect}: publishing ${p.id}`);
  const started = performance.now();
  const published = await publishPolicy(database, p, 'bench');
  if (!published.ok) throw new Error(`the bench policy is invalid: ${JSON.stringify(published.errors)}`);
  const outcome = await refreshPolicyMatches(database, p.id, YEAR, 'bench', { inbox: false });
  const queuedMs = performance.now() - started;
  const changes = outcome.notified.eligible + outcome.notified.amount_changed + outcome.notified.ineligible;
  const queued = Number(
    (
      await database.db
        .selectFrom('push_outbox as o')
        .innerJoin('push_change as c', 'c.id', 'o.change_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('c.batch_id', '=', outcome.batchId ?? -1)
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`${dialect}: baseline: INSERT … SELECT of ${changes} rows`);
  const insertMs = await insertSelectMs(database, changes);
  let flushMs: number | null = null;
  if (kind === 'anywhere') {
    const flushStarted = performance.now();
    await flushInbox(database, outcome.batchId);
    flushMs = performance.now() - flushStarted;
  }
  line({
    bench: 'push-publish',
    dialect,
    policy: kind,
    enterprises,
    eligible: baseline.eligible,
    changes,
    deliveries_queued: queued,
    publish_to_queued_ms: round(queuedMs),
    ...(flushMs === null ? {} : { inbox_flush_ms: round(flushMs) }),
    baseline_bulk_match_ms: round(baseline.ms),
    baseline_insert_select_ms: round(insertMs),
    ratio_to_bulk_match: round(queuedMs / baseline.ms, 2),
    ratio_to_insert_select: round(queuedMs / insertMs, 2),
    goal: `publish_to_queued_ms <= ${GOAL_MS}`,
    met: queuedMs <= GOAL_MS,
    cpus: cpus().length,
    node: process.version,
  });
  return outcome.batchId;
}

async function drain(worker: PushWorker): Promise<number> {
  let delivered = 0;
  for (;;) {
    const report = await worker.runDue();
    delivered += report.delivered;
    if (report.claimed === 0) return delivered;
  }
}

async function deliveryMeasure(database: Database, dialect: string, webhooks: number): Promise<void> {
  // inbox: the regional publish's deliveries, queued and not flushed
  const worker = new PushWorker(database, { config: { batch: 1000, concurrency: 32 }, log: () => {} });
  log(`${dialect}: the outbox worker delivers the queued inbox deliveries`);
  let started = performance.now();
  const inbox = await drain(worker);
  let seconds = (performance.now() - started) / 1000;
  line({
    bench: 'push-delivery',
    dialect,
    channel: 'inbox',
    deliveries: inbox,
    seconds: round(seconds, 3),
    per_second: Math.round(inbox / seconds),
  });

  // webhooks: subscriptions of --webhooks 上海 enterprises on a local receiver
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const ids = (
      await database.db
        .selectFrom('enterprise')
        .select('id')
        .where('region', '=', SHANGHAI)
        .orderBy('id')
        .limit(webhooks)
        .execute()
    ).map((r) => r.id);
    const now = new Date().toISOString();
    for (let i = 0; i < ids.length; i += 2000) {
      await database.db
        .insertInto('push_subscription')
        .values(
          ids.slice(i, i + 2000).map((id) => ({
            enterprise_id: id,
            topics: '[]',
            regions: '[]',
            min_amount: null,
            email: null,
            webhook_url: url,
            webhook_secret: 'bench-secret-0123456789',
            frequency: 'immediate' as const,
            digest_from: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    log(`${dialect}: publishing ${HOOKED.id} to ${ids.length} webhook subscribers`);
    await publishPolicy(database, HOOKED, 'bench');
    await refreshPolicyMatches(database, HOOKED.id, YEAR, 'bench');
    started = performance.now();
    const delivered = await drain(worker);
    seconds = (performance.now() - started) / 1000;
    line({
      bench: 'push-delivery',
      dialect,
      channel: 'webhook',
      deliveries: delivered,
      received,
      seconds: round(seconds, 3),
      per_second: Math.round(delivered / seconds),
      concurrency: 32,
    });
  } finally {
    await worker.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function runOn(database: Database, dialect: string, enterprises: number, webhooks: number): Promise<void> {
  await publishMeasure(database, dialect, enterprises, REGIONAL, 'regional');
  await deliveryMeasure(database, dialect, webhooks);
  await publishMeasure(database, dialect, enterprises, ANYWHERE, 'anywhere');
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      enterprises: { type: 'string' },
      webhooks: { type: 'string' },
      dialects: { type: 'string' },
    },
    strict: false,
  });
  const enterprises = Number(values.enterprises ?? 1_000_000);
  const webhooks = Number(values.webhooks ?? 5000);
  if (!(Number.isInteger(enterprises) && enterprises >= 10) || !(Number.isInteger(webhooks) && webhooks >= 0)) {
    throw new Error('--enterprises must be a whole number ≥ 10 and --webhooks a whole number');
  }
  const dialects = String(values.dialects ?? 'sqlite,postgres').split(',');

  if (dialects.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'zhida-bench-push-'));
    try {
      const file = join(dir, 'zhida.db');
      await (await openDatabase(file)).close();
      log(`sqlite: writing ${enterprises} enterprises`);
      const started = performance.now();
      await populateSqlite(file, enterprises);
      log(`sqlite: written in ${round((performance.now() - started) / 1000)} s`);
      const database = await openDatabase(file);
      try {
        await runOn(database, 'sqlite', enterprises, webhooks);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (dialects.includes('postgres')) {
    const schema = `zhida_bench_push_${process.pid}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await admin.connect();
      await admin.query(`create schema ${schema}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`PostgreSQL at ${POSTGRES_URL} is not available (${reason}); no postgres lines`);
      line({ bench: 'push-publish', dialect: 'postgres', error: reason });
      return;
    }
    try {
      const database = await openDatabase(POSTGRES_URL, { schema });
      try {
        log(`postgres: writing ${enterprises} enterprises`);
        const started = performance.now();
        await populatePostgres(database, enterprises);
        log(`postgres: written in ${round((performance.now() - started) / 1000)} s`);
        await runOn(database, 'postgres', enterprises, webhooks);
      } finally {
        await database.close();
      }
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}
