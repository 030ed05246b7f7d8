// `npm run bench -- http [--enterprises N] [--policies N] [--connections N] [--duration S] [--seed N]`: the
// running server under load from autocannon, beside a bare Fastify route on the same machine as the ceiling.
// One JSON line per target on stdout, progress on stderr.
//
// - The database: a fresh SQLite file seeded as `npm start` seeds one (the bundled bulletin, a demo population of
//   --enterprises, default 10,000, the policy pack, the year's stored matches) plus policies from
//   bench/bench-policies.ts published to --policies (default 100).
// - The server: `zhida serve` in its own process (request logs at info, written to a pipe that is drained), as
//   users run it. The ceiling: bench/http-bare.ts, one route answering a small JSON object, also its own process.
// - Targets, each --duration seconds (default 10) with --connections (default 100) after a 2 s warm-up:
//   feed: GET /api/enterprises/{uscc}/policies, the USCC cycling over 1,000 enterprises (an admin's API token);
//   search: GET /api/policies/search?q=…, cycling over ten queries; policy: GET /api/rules/{id}/sources, cycling
//   over the published policies (the policy page's heaviest call: the source sentence found in its article).
//   Server targets send accept-encoding: gzip as browsers do (the feed is ~17 KB of JSON, ~3 KB gzipped).
// - ratio_to_bare: req/s of the target ÷ req/s of the bare route measured in the same run. Goal for the feed:
//   ≥ 0.3 with p99 < 50 ms. Client and servers share the machine's cores, so absolute figures are noisy; the
//   ratio is what compares across machines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { findAccountByUsername } from '../src/db/accounts.repository.ts';
import { presentAccount } from '../src/services/accounts/accounts.ts';
import { createApiToken } from '../src/services/accounts/api-tokens.ts';
import { seedDemo } from '../src/services/demo-seed.ts';
import { syncBundledPacks } from '../src/services/rules/pack.ts';
import { publishPolicy } from '../src/services/rules/publish.ts';
import { benchPolicies } from './bench-policies.ts';

const BIN = new URL('../bin/zhida.js', import.meta.url).pathname;
const BARE = new URL('./http-bare.ts', import.meta.url).pathname;

const QUERIES = [
  '补贴',
  '人工智能',
  '脑机接口',
  '首台（套）',
  '绿色工厂',
  '贴息',
  '租金',
  '技术改造',
  '高新技术企业',
  '专精特新',
];

function log(message: string): void {
  process.stderr.write(`bench http: ${message}\n`);
}

interface Target {
  name: string;
  base: string;
  paths: string[];
  headers?: Record<string, string>;
}

/** Starts a server process and resolves with its base URL once it says where it listens. */
function startProcess(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let settled = false;
    const seen: string[] = [];
    const onLine = (line: string): void => {
      seen.push(line);
      const listening = /listening on (http:\/\/\S+)/.exec(line);
      const port = /^port (\d+)$/.exec(line);
      if (!settled && (listening || port)) {
        settled = true;
        resolve({ child, base: listening ? listening[1]! : `http://127.0.0.1:${port![1]}` });
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`${args.join(' ')} exited with ${code}: ${seen.slice(-5).join(' | ')}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function load(target: Target, connections: number, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: target.base,
    connections,
    duration: seconds,
    headers: target.headers ?? {},
    requests: [
      {
        setupRequest: (request) => {
          request.path = target.paths[next++ % target.paths.length]!;
          return request;
        },
      },
    ],
  });
}

async function prepare(file: string, enterprises: number, policies: number, seed: number) {
  const database = await openDatabase(file);
  try {
    await syncBundledPacks(database);
    let published = 0;
    for (const policy of benchPolicies(policies, seed)) {
      const outcome = await publishPolicy(database, policy, 'bench:http');
      if (!outcome.ok) throw new Error(`bench policy ${policy.id} refused: ${outcome.errors[0]!.message}`);
      if (outcome.status !== 'unchanged') published++;
    }
    log(`${published} bench policies published beside the pack; seeding ${enterprises} enterprises`);
    await seedDemo(database, { enterprises, seed });
    const admin = await findAccountByUsername(database.db, 'demo-admin');
    if (admin === undefined) throw new Error('the demo seed made no demo-admin');
    const token = await createApiToken(database, 'bench:http', presentAccount(admin), 'bench http');
    const usccs = (await database.db.selectFrom('enterprise').select('uscc').orderBy('id').limit(1000).execute()).map(
      (row) => row.uscc,
    );
    const ids = (await database.db.selectFrom('policy').select('id').where('status', '=', 'published').execute()).map(
      (row) => row.id,
    );
    return { token: token.token, usccs, ids };
  } finally {
    await database.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      enterprises: { type: 'string', default: '10000' },
      policies: { type: 'string', default: '100' },
      connections: { type: 'string', default: '100' },
      duration: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  });
  const enterprises = Number(values.enterprises);
  const policyCount = Number(values.policies);
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  const dir = mkdtempSync(join(tmpdir(), 'zhida-bench-http-'));
  const file = join(dir, 'zhida.db');
  const children: ChildProcess[] = [];
  try {
    const started = performance.now();
    const { token, usccs, ids } = await prepare(file, enterprises, policyCount, Number(values.seed));
    log(`database ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${ids.length} published policies`);

    const bare = await startProcess(['--import', 'tsx', BARE], process.env);
    children.push(bare.child);
    const server = await startProcess([BIN, 'serve', '--db', file, '--port', '0', '--no-demo'], {
      ...process.env,
      ZHIDA_LOG_LEVEL: 'info',
    });
    children.push(server.child);
    // As a browser calls it: with an API token and accepting gzip (every browser sends accept-encoding).
    const auth = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const targets: Target[] = [
      { name: 'bare', base: bare.base, paths: ['/bare'] },
      {
        name: 'feed',
        base: server.base,
        paths: usccs.map((uscc) => `/api/enterprises/${uscc}/policies?year=2026`),
        headers: auth,
      },
      {
        name: 'search',
        base: server.base,
        paths: QUERIES.map((q) => `/api/policies/search?q=${encodeURIComponent(q)}`),
        headers: auth,
      },
      {
        name: 'policy',
        base: server.base,
        paths: ids.map((id) => `/api/rules/${encodeURIComponent(id)}/sources`),
        headers: auth,
      },
    ];
    let bareRate = 0;
    for (const target of targets) {
      const probe = await fetch(target.base + target.paths[0]!, { headers: target.headers ?? {} });
      if (probe.status !== 200) throw new Error(`${target.name}: ${target.paths[0]} answered ${probe.status}`);
      log(`${target.name}: warm-up, then ${duration} s with ${connections} connections`);
      await load(target, connections, 2);
      const result = await load(target, connections, duration);
      const rate = result.requests.average;
      if (target.name === 'bare') bareRate = rate;
      process.stdout.write(
        JSON.stringify({
          bench: 'http',
          target: target.name,
          enterprises,
          policies: ids.length,
          connections,
          req_per_s: Math.round(rate),
          p50_ms: result.latency.p50,
          p99_ms: result.latency.p99,
          errors: result.errors + result.timeouts,
          non_2xx: result.non2xx,
          ratio_to_bare: Number((rate / bareRate).toFixed(3)),
          ...(target.name === 'feed' ? { goal: 'ratio_to_bare >= 0.3, p99_ms < 50' } : {}),
        }) + '\n',
      );
    }
  } finally {
    for (const child of children) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
