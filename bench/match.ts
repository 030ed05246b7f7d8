// `npm run bench -- match [--enterprises N] [--policies N] [--seed N] [--sample N] [--jre-sample N]`: the bulk
// matcher over a synthetic population held in memory (no database: the engine's own speed; reading a database is
// `zhida match-refresh`'s business and is timed there), beside json-logic-js and json-rules-engine deciding the same
// eligibility. Progress on stderr, one JSON line on stdout.
//
// - enterprises: generateEnterprises(N, seed), every year moved one on (figures for 2024–2026), matched for 2026:
//   the pack's first year, so its sums have figures to work on and some enterprises still miss some (unknown).
// - policies: the bundled pack (78) plus variants of it (other provinces, thresholds ×1.5 and ×2, some in stacking
//   groups) and random valid policies from src/core/rules/test-arbitraries.ts, to --policies (default 100).
// - columns_ms: building the columns from the profiles (not the generator's time).
// - full_refresh_ms: every policy over every enterprise, compiled, with amounts, missing facts and 就高不重复 — the
//   median of 3 runs on one thread; full_refresh_2_threads_ms: the same split over 2 worker threads.
// - one_policy_ms: one policy over every enterprise (compiled and matched), the median over a dozen policies.
// - one_profile_ms: one profile against every policy with the one-by-one evaluator (evaluateAll: trace, stacking,
//   order), the median over 1000 profiles.
// - json_logic_ms, json_rules_engine_ms: the baselines (bench/match-baselines.ts) over a sample (--sample, default
//   10,000; --jre-sample, default 1,000, json-rules-engine being much slower) × every policy, scaled to N.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pack from '../data/policy-pack/bulletin-2026-sample.json' with { type: 'json' };
import type { EnterpriseProfile } from '../src/core/profile/types.ts';
import { ColumnsBuilder, type ProfileColumns } from '../src/core/rules/columns.ts';
import {
  compilePolicy,
  ELIGIBLE,
  factsRead,
  matchColumns,
  UNKNOWN,
  type PolicyMatches,
} from '../src/core/rules/compile.ts';
import { evaluateAll } from '../src/core/rules/report.ts';
import { shiftYears } from '../src/core/rules/test-differential.ts';
import type { Policy, Status } from '../src/core/rules/types.ts';
import { generateEnterprises } from '../src/services/enterprises/population.ts';
import {
  baselineFacts,
  baselineNeeds,
  jsonLogicPolicies,
  jsonLogicStatuses,
  rulesEngine,
  rulesEngineStatuses,
} from './match-baselines.ts';
import type { WorkerReply, WorkerRequest } from './match-worker.ts';
import { benchPolicies } from './bench-policies.ts';

const YEAR = 2026;

function log(message: string): void {
  process.stderr.write(`bench match: ${message}\n`);
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---- shared columns for the worker threads ---------------------------------------------------------------------

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

function shared<T extends Typed>(array: T): T {
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** The same columns in shared memory, which worker threads read without a copy. */
function shareColumns(c: ProfileColumns): ProfileColumns {
  const numbers = new Map([...c.numbers].map(([k, v]) => [k, shared(v)]));
  const texts = new Map([...c.texts].map(([k, v]) => [k, { codes: shared(v.codes), values: v.values }]));
  const qualifications = new Map(
    [...c.qualifications].map(([k, q]) => [
      k,
      {
        rows: shared(q.rows),
        minYear: shared(q.minYear),
        several: shared(q.several),
        years: q.years,
        firstUndated: shared(q.firstUndated),
      },
    ]),
  );
  return {
    length: c.length,
    year: c.year,
    date: c.date,
    numbers,
    texts,
    listed: shared(c.listed),
    qualifications,
    ...(c.sizeMissing === undefined
      ? {}
      : { sizeMissing: { codes: shared(c.sizeMissing.codes), lists: c.sizeMissing.lists } }),
  };
}

class Pool {
  private readonly workers: Worker[];

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(new URL('./match-worker.mjs', import.meta.url)));
  }

  private ask(worker: Worker, request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(request);
    });
  }

  async load(columns: ProfileColumns, policies: Policy[]): Promise<void> {
    await Promise.all(this.workers.map((w) => this.ask(w, { kind: 'load', columns, policies })));
  }

  /** Every policy over every row, the rows split evenly; resolves to the matches found. */
  async run(rows: number): Promise<number> {
    const share = Math.ceil(rows / this.workers.length);
    const replies = await Promise.all(
      this.workers.map((w, i) => this.ask(w, { kind: 'run', start: i * share, end: Math.min(rows, (i + 1) * share) })),
    );
    return replies.reduce((n, r) => n + r.rows, 0);
  }

  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

// ---- the run ---------------------------------------------------------------------------------------------------

function statusOf(m: PolicyMatches, row: number): Status {
  let lo = 0;
  let hi = m.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m.rows[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  if (lo === m.count || m.rows[lo] !== row) return 'ineligible';
  return m.status[lo] === ELIGIBLE ? 'eligible' : 'unknown';
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      enterprises: { type: 'string' },
      policies: { type: 'string' },
      seed: { type: 'string' },
      sample: { type: 'string' },
      'jre-sample': { type: 'string' },
    },
    strict: false,
  });
  const n = Number(values.enterprises ?? 1_000_000);
  const policyCount = Number(values.policies ?? 100);
  const seed = Number(values.seed ?? 1);
  const sampleSize = Math.min(n, Number(values.sample ?? 10_000));
  const jreSize = Math.min(sampleSize, Number(values['jre-sample'] ?? 1000));
  if (!(n >= 1) || !(policyCount >= 1) || !Number.isInteger(seed) || !(sampleSize >= 1) || !(jreSize >= 1)) {
    throw new Error('--enterprises, --policies, --sample and --jre-sample must be positive, --seed an integer');
  }

  const policies = benchPolicies(policyCount, seed);
  const needs = factsRead(policies);
  log(`${policies.length} policies (${pack.length} of the pack); generating ${n} enterprises (seed ${seed})`);

  let builder: ColumnsBuilder | undefined = new ColumnsBuilder(YEAR, needs, { capacity: n });
  const sample: EnterpriseProfile[] = [];
  let columnsMs = 0;
  let generateMs = 0;
  let batch: EnterpriseProfile[] = [];
  const flush = (): void => {
    const started = performance.now();
    for (const profile of batch) builder!.add(profile);
    columnsMs += performance.now() - started;
    batch = [];
  };
  let t = performance.now();
  for (const profile of generateEnterprises(n, seed)) {
    const moved = shiftYears(profile, 1);
    if (sample.length < sampleSize) sample.push(moved);
    batch.push(moved);
    if (batch.length === 10_000) {
      generateMs += performance.now() - t;
      flush();
      t = performance.now();
    }
  }
  generateMs += performance.now() - t;
  flush();
  t = performance.now();
  const columns = shareColumns(builder.finish());
  builder = undefined; // its arrays are copied into shared memory: let them go
  columnsMs += performance.now() - t;
  log(`generated in ${(generateMs / 1000).toFixed(1)} s; columns built in ${columnsMs.toFixed(0)} ms`);

  // The full refresh on one thread: compile every policy, match every row (amounts, missing facts, stacking).
  const refresh = (): PolicyMatches[] => matchColumns(policies.map((policy) => compilePolicy(policy, columns)));
  let matches = refresh(); // warm-up
  const refreshRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    matches = [];
    t = performance.now();
    matches = refresh();
    refreshRuns.push(performance.now() - t);
  }
  const fullRefreshMs = median(refreshRuns);
  const found = matches.reduce((sum, m) => sum + m.count, 0);
  const eligible = matches.reduce((sum, m) => sum + m.status.filter((s) => s === ELIGIBLE).length, 0);
  const unknown = matches.reduce((sum, m) => sum + m.status.filter((s) => s === UNKNOWN).length, 0);
  const withAmount = matches.reduce((sum, m) => sum + (m.amountMax?.filter((x) => !Number.isNaN(x)).length ?? 0), 0);
  log(`full refresh on one thread: ${refreshRuns.map((x) => x.toFixed(0)).join(', ')} ms (${found} matches)`);

  // The same on 2 worker threads, the rows split in two.
  const threads = 2;
  const pool = new Pool(threads);
  let twoThreadsMs: number;
  try {
    await pool.load(columns, policies);
    await pool.run(n); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const rows = await pool.run(n);
      runs.push(performance.now() - t);
      if (rows !== found) throw new Error(`the threads found ${rows} matches, one thread ${found}`);
    }
    twoThreadsMs = median(runs);
    log(`full refresh on ${threads} threads: ${runs.map((x) => x.toFixed(0)).join(', ')} ms`);
  } finally {
    await pool.close();
  }

  // One policy over every enterprise: the pack's sums and a few regional ones.
  const single = [...policies.filter((p) => p.benefit !== null).slice(0, 8), ...policies.slice(10, 14)];
  for (const policy of single) matchColumns([compilePolicy(policy, columns)]); // warm-up
  const onePolicy = single.map((policy) => {
    const started = performance.now();
    matchColumns([compilePolicy(policy, columns)]);
    return performance.now() - started;
  });
  const onePolicyMs = median(onePolicy);
  log(`one policy over ${n}: median ${onePolicyMs.toFixed(1)} ms of ${single.length} policies`);

  // One profile against every policy, one by one with the trace (what `zhida match` does).
  const profiles = sample.slice(0, 1000);
  for (const profile of profiles.slice(0, 100)) evaluateAll(policies, profile, { year: YEAR }); // warm-up
  const oneProfile = profiles.map((profile) => {
    const started = performance.now();
    evaluateAll(policies, profile, { year: YEAR });
    return performance.now() - started;
  });
  const oneProfileMs = median(oneProfile);
  log(`one profile against ${policies.length} policies: median ${oneProfileMs.toFixed(3)} ms`);

  // The baselines on a sample, checked against the matcher's statuses, scaled to every enterprise.
  const { refs, names } = baselineNeeds(policies);
  const facts = sample.map((profile) => baselineFacts(profile, YEAR, refs, names));
  const ours = sample.map((_, row) => matches.map((m) => statusOf(m, row)));
  const statuses: Status[] = new Array<Status>(policies.length);
  const logic = jsonLogicPolicies(policies, YEAR);
  let logicAgrees = true;
  jsonLogicStatuses(logic, facts[0]!, statuses); // warm-up
  t = performance.now();
  for (let i = 0; i < facts.length; i++) {
    jsonLogicStatuses(logic, facts[i]!, statuses);
    if (logicAgrees && statuses.some((s, p) => s !== ours[i]![p])) logicAgrees = false;
  }
  const logicSampleMs = performance.now() - t;
  const jsonLogicMs = (logicSampleMs * n) / facts.length;
  log(`json-logic-js: ${logicSampleMs.toFixed(0)} ms for ${facts.length} enterprises; agrees: ${logicAgrees}`);

  const engine = rulesEngine(policies, YEAR);
  let engineAgrees = true;
  await rulesEngineStatuses(engine, facts[0]!, statuses); // warm-up
  t = performance.now();
  for (let i = 0; i < jreSize; i++) {
    await rulesEngineStatuses(engine, facts[i]!, statuses);
    if (engineAgrees && statuses.some((s, p) => s !== ours[i]![p])) engineAgrees = false;
  }
  const engineSampleMs = performance.now() - t;
  const rulesEngineMs = (engineSampleMs * n) / jreSize;
  log(`json-rules-engine: ${engineSampleMs.toFixed(0)} ms for ${jreSize} enterprises; agrees: ${engineAgrees}`);

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const speedup = jsonLogicMs / fullRefreshMs;
  const line = {
    bench: 'match',
    enterprises: n,
    policies: policies.length,
    columns_ms: round(columnsMs, 0),
    full_refresh_ms: round(fullRefreshMs, 0),
    one_policy_ms: round(onePolicyMs, 1),
    one_profile_ms: round(oneProfileMs, 3),
    peak_rss_mb: round(peakRssMb, 0),
    json_logic_ms: round(jsonLogicMs, 0),
    json_rules_engine_ms: round(rulesEngineMs, 0),
    baselines_scaled: true,
    speedup_vs_json_logic: round(speedup, 1),
    speedup_vs_json_rules_engine: round(rulesEngineMs / fullRefreshMs, 1),
    full_refresh_2_threads_ms: round(twoThreadsMs, 0),
    matches: { total: found, eligible, unknown, with_amount: withAmount },
    baselines: {
      json_logic_sample: facts.length,
      json_rules_engine_sample: jreSize,
      agree_with_matcher: logicAgrees && engineAgrees,
    },
    year: YEAR,
    cpus: cpus().length,
    node: process.version,
    goals: {
      full_refresh_ms: { max: 2000, met: fullRefreshMs <= 2000 },
      one_policy_ms: { max: 50, met: onePolicyMs <= 50 },
      one_profile_ms: { max: 1, met: oneProfileMs <= 1 },
      speedup_vs_json_logic: { min: 100, met: speedup >= 100 },
      peak_rss_mb: { max: 2048, met: peakRssMb < 2048 },
    },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
