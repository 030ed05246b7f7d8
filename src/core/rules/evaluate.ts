import type { EnterpriseProfile, Provenance } from '../profile/types.ts';
import { industryWithin } from '../profile/industries.ts';
import { sizeClassOf } from '../profile/size-class.ts';
import { regionWithin } from '../regions/region-table.ts';
import { parseFact, type ParsedFact } from './facts.ts';
import type { AmountRange, Benefit, Condition, Evaluation, Policy, Status, Tier, TraceStep } from './types.ts';

// The reference evaluator: one policy against one profile, three-valued (Kleene), with the amount and a trace
// of every step. The bulk matcher must agree with it on every input. It is pure and allocates little: the
// profile's facts are looked up once per evaluation, conditions are walked without closures.

export interface EvaluateOptions {
  /** the year whose metrics are read ("metrics.KEY" is metrics[year].KEY) */
  year: number;
  /** the evaluation date (ISO), for validity dates and "age"; default the middle of `year` (YYYY-07-01) */
  date?: string;
  /**
   * 免申即享: read only authoritative facts; any other fact counts as missing (a qualification as not held).
   * `provenance` is keyed as the profile's facts are (src/core/profile/facts.ts factKey): "region", "industry",
   * "founded", "employees", "qualification:NAME", "metrics.YEAR.KEY" — a MergedProfile's provenance fits.
   */
  authoritativeOnly?: { provenance: Readonly<Record<string, Provenance>> | ((fact: string) => Provenance | undefined) };
  /**
   * false: no trace (a summary, as the enterprise feed lists): the steps are neither described nor kept, and all/any
   * stop at the first part that decides them. Status, amount and missing facts are the same as with the trace.
   * Default true.
   */
  trace?: boolean;
}

/** The profile's facts for one year and date, shared by every policy evaluated against them. */
export class ProfileFacts {
  readonly year: number;
  readonly date: string;
  readonly profile: EnterpriseProfile;
  /** whether evaluations against these facts keep their trace (EvaluateOptions.trace) */
  readonly traced: boolean;
  private readonly metricsByOffset: (Record<string, number> | undefined)[] = [];
  private size: { sizeClass: string | null; missing: string[] } | undefined;

  constructor(profile: EnterpriseProfile, options: EvaluateOptions) {
    this.year = options.year;
    this.date = (options.date ?? `${String(options.year).padStart(4, '0')}-07-01`).slice(0, 10);
    this.traced = options.trace !== false;
    this.profile = options.authoritativeOnly
      ? authoritativeProfile(profile, options.authoritativeOnly.provenance)
      : profile;
  }

  metrics(offset: number): Record<string, number> | undefined {
    const index = -offset;
    if (index < this.metricsByOffset.length) return this.metricsByOffset[index];
    const all = this.profile.metrics;
    for (let i = this.metricsByOffset.length; i <= index; i++) {
      const year = all === undefined || all === null ? undefined : all[String(this.year - i)];
      this.metricsByOffset.push(typeof year === 'object' && year !== null ? year : undefined);
    }
    return this.metricsByOffset[index];
  }

  /** The size class by the national rule, or null with the facts that would decide it. */
  sizeClass(): { sizeClass: string | null; missing: string[] } {
    if (this.size === undefined) {
      try {
        const result = sizeClassOf(this.profile, this.year);
        this.size = { sizeClass: result.sizeClass, missing: result.sizeClass === null ? result.missing : [] };
      } catch {
        this.size = { sizeClass: null, missing: [] }; // a malformed profile: the size is unknown, never an error
      }
    }
    return this.size;
  }
}

/** A copy of the profile holding only the facts whose provenance is authoritative. */
function authoritativeProfile(
  profile: EnterpriseProfile,
  provenance: Readonly<Record<string, Provenance>> | ((fact: string) => Provenance | undefined),
): EnterpriseProfile {
  const lookup = typeof provenance === 'function' ? provenance : (fact: string) => provenance[fact];
  const trusted = (fact: string): boolean => lookup(fact)?.authoritative === true;
  const copy: EnterpriseProfile = { uscc: profile.uscc, name: profile.name, region: '' };
  if (trusted('region')) copy.region = profile.region;
  if (profile.industry !== undefined && trusted('industry')) copy.industry = profile.industry;
  if (profile.founded !== undefined && trusted('founded')) copy.founded = profile.founded;
  if (profile.employees !== undefined && trusted('employees')) copy.employees = profile.employees;
  if (Array.isArray(profile.qualifications)) {
    copy.qualifications = profile.qualifications.filter((q) => trusted(`qualification:${q?.name}`));
  }
  if (profile.metrics) {
    const metrics: Record<string, Record<string, number>> = {};
    for (const [year, figures] of Object.entries(profile.metrics)) {
      if (typeof figures !== 'object' || figures === null) continue;
      for (const [key, value] of Object.entries(figures)) {
        if (trusted(`metrics.${year}.${key}`)) (metrics[year] ??= {})[key] = value;
      }
    }
    copy.metrics = metrics;
  }
  return copy;
}

const parsedFacts = new Map<string, ParsedFact | null>();

function parsed(ref: string): ParsedFact | null {
  let fact = parsedFacts.get(ref);
  if (fact === undefined) {
    const result = parseFact(ref);
    fact = 'error' in result ? null : result;
    parsedFacts.set(ref, fact);
  }
  return fact;
}

/** Whole years from an ISO date to another (the age on `date` of something founded on `founded`). */
function wholeYears(founded: string, date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(founded)) return undefined;
  const years = Number(date.slice(0, 4)) - Number(founded.slice(0, 4));
  const age = date.slice(5, 10) < founded.slice(5, 10) ? years - 1 : years;
  return Number.isFinite(age) ? age : undefined;
}

/** A known figure: a finite number (a string "5", NaN or Infinity counts as missing). */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Money in yuan to the fen: keeps 0.8% × 12345678 from printing float noise. */
export function yuan(value: number): number {
  return Math.round(value * 100) / 100;
}

const MISSING = undefined;

/**
 * The value of a fact (undefined: missing). Numbers are finite numbers; texts are non-empty. The one reading of
 * facts: the evaluator's, and the bulk matcher's columns (columns.ts), so their semantics cannot drift.
 */
export function readFact(facts: ProfileFacts, ref: string): number | string | undefined {
  const fact = parsed(ref);
  if (fact === null) return MISSING;
  const profile = facts.profile;
  switch (fact.kind) {
    case 'metric': {
      const value = facts.metrics(fact.offset)?.[fact.key];
      return isNumber(value) ? value : MISSING;
    }
    case 'qualification': {
      const list = profile.qualifications;
      if (!Array.isArray(list)) return MISSING;
      // The year first awarded: the earliest year given; unknown if any award of that name has no year.
      let first: number | undefined;
      for (const q of list) {
        if (typeof q !== 'object' || q === null || q.name !== fact.name) continue;
        if (!isNumber(q.year)) return MISSING;
        if (first === undefined || q.year < first) first = q.year;
      }
      return first;
    }
    case 'plain':
      switch (fact.name) {
        case 'region':
        case 'industry':
        case 'founded': {
          const value: unknown = profile[fact.name];
          return typeof value === 'string' && value !== '' ? value : MISSING;
        }
        case 'employees':
          return isNumber(profile.employees) ? profile.employees : MISSING;
        case 'sizeClass':
          return facts.sizeClass().sizeClass ?? MISSING;
        case 'age':
          return typeof profile.founded === 'string' ? wholeYears(profile.founded, facts.date) : MISSING;
      }
  }
}

/** Adds to `out` the fact keys whose absence leaves `ref` unknown ("age" needs "founded"; "sizeClass" the
 *  facts the size rule lacks, or "sizeClass" itself when the rule does not classify the industry). */
export function pushMissing(facts: ProfileFacts, ref: string, out: string[]): void {
  if (ref === 'age') ref = 'founded'; // computed from the founding date
  if (ref !== 'sizeClass') {
    out.push(ref);
    return;
  }
  // The size class is computed: name the facts it needs (none when the rule cannot classify the industry).
  const needs = facts.sizeClass().missing;
  if (needs.length === 0) out.push('sizeClass');
  else for (const fact of needs) out.push(fact);
}

/** Whether a fact condition holds for a known value (undefined: it cannot say, as comparing text with "<"). */
export function factConditionHolds(
  node: Extract<Condition, { fact: string }>,
  value: number | string,
): boolean | undefined {
  if ('op' in node) return compare(value, node.op, node.value);
  if ('between' in node) {
    const [lower, upper] = node.between;
    const [lowerIn, upperIn] = node.inclusive ?? [true, true];
    return (
      typeof value === 'number' &&
      (lower === null || (lowerIn ? value >= lower : value > lower)) &&
      (upper === null || (upperIn ? value <= upper : value < upper))
    );
  }
  return node.in.includes(value);
}

/** What an untraced run's steps are written to and nobody reads. */
const UNTRACED: TraceStep = { path: '', description: '', values: {}, result: null };

/** One evaluation: the facts, and the trace and missing facts it collects. */
class Run {
  readonly trace: TraceStep[] = [];
  readonly missing: string[] = [];
  /** false: no trace (EvaluateOptions.trace); descriptions, values and paths are not made */
  readonly traced: boolean;

  constructor(
    readonly facts: ProfileFacts,
    readonly defaultSource: string | undefined,
  ) {
    this.traced = facts.traced;
  }

  step(path: string, description: string, values: TraceStep['values'], result: TraceStep['result'], source?: string) {
    if (!this.traced) return UNTRACED;
    const step: TraceStep = { path, description, values, result };
    const sentence = source ?? this.defaultSource;
    if (sentence !== undefined) step.source = sentence;
    this.trace.push(step);
    return step;
  }

  /** The value of a fact (undefined: missing). Numbers are finite numbers; texts are non-empty. */
  read(ref: string): number | string | undefined {
    return readFact(this.facts, ref);
  }

  /** Records the facts whose absence left `ref` unknown. */
  miss(ref: string): void {
    pushMissing(this.facts, ref, this.missing);
  }

  condition(node: Condition, path: string, inherited: string | undefined): Status {
    const source = node.source ?? inherited;
    if ('all' in node || 'any' in node) {
      const isAll = 'all' in node;
      const children = isAll ? node.all : node.any;
      const key = isAll ? 'all' : 'any';
      const step = this.step(path, isAll ? 'all of' : 'any of', {}, 'unknown', source);
      const mark = this.missing.length;
      let sawTrue = false;
      let sawFalse = false;
      let sawUnknown = false;
      for (let i = 0; i < children.length; i++) {
        const status = this.condition(children[i]!, this.traced ? `${path}.${key}[${i}]` : path, source);
        if (status === 'eligible') sawTrue = true;
        else if (status === 'ineligible') sawFalse = true;
        else sawUnknown = true;
        // Untraced, the first part that decides the whole ends the walk: the parts after it could add only steps,
        // and missing facts that a decided result drops.
        if (!this.traced && (isAll ? sawFalse : sawTrue)) break;
      }
      const result: Status = isAll
        ? sawFalse
          ? 'ineligible'
          : sawUnknown
            ? 'unknown'
            : 'eligible'
        : sawTrue
          ? 'eligible'
          : sawUnknown
            ? 'unknown'
            : 'ineligible';
      if (result !== 'unknown') this.missing.length = mark; // decided: what was missing does not matter
      step.result = result;
      return result;
    }
    if ('not' in node) {
      const step = this.step(path, 'not', {}, 'unknown', source);
      const inner = this.condition(node.not, this.traced ? `${path}.not` : path, source);
      const result: Status = inner === 'eligible' ? 'ineligible' : inner === 'ineligible' ? 'eligible' : 'unknown';
      step.result = result;
      return result;
    }
    if ('fact' in node) return this.factCondition(node, path, source);
    if ('qualification' in node) return this.qualification(node, path, source);
    if ('regionWithin' in node) {
      return this.within('region', node.regionWithin, path, source, regionWithin, 'region within');
    }
    if ('industryWithin' in node) {
      return this.within('industry', node.industryWithin, path, source, industryWithin, 'industry within');
    }
    this.step(path, 'unknown condition', {}, 'unknown', source);
    return 'unknown';
  }

  factCondition(node: Extract<Condition, { fact: string }>, path: string, source: string | undefined): Status {
    const value = this.read(node.fact);
    const holds = value === undefined ? undefined : factConditionHolds(node, value);
    if (!this.traced) return this.leaf(path, '', UNTRACED.values, holds, node.fact, source);
    const values = { [node.fact]: value ?? null };
    let description: string;
    if ('op' in node) {
      description = `${node.fact} ${node.op} ${node.value}`;
    } else if ('between' in node) {
      const [lower, upper] = node.between;
      const [lowerIn, upperIn] = node.inclusive ?? [true, true];
      description = `${node.fact} between ${bound(lower, lowerIn)} and ${bound(upper, upperIn)}`;
    } else {
      description = `${node.fact} in [${node.in.join(', ')}]`;
    }
    return this.leaf(path, description, values, holds, node.fact, source);
  }

  leaf(
    path: string,
    description: string,
    values: TraceStep['values'],
    holds: boolean | undefined,
    missingRef: string,
    source: string | undefined,
  ): Status {
    const result: Status = holds === undefined ? 'unknown' : holds ? 'eligible' : 'ineligible';
    if (holds === undefined) this.miss(missingRef);
    this.step(path, description, values, result, source);
    return result;
  }

  qualification(
    node: Extract<Condition, { qualification: string[] }>,
    path: string,
    source: string | undefined,
  ): Status {
    const year = this.facts.year;
    const from = node.fromYear === undefined ? undefined : node.relative ? year + node.fromYear : node.fromYear;
    const to = node.toYear === undefined ? undefined : node.relative ? year + node.toYear : node.toYear;
    const window = from === undefined && to === undefined ? '' : ` first awarded ${from ?? '…'}–${to ?? '…'}`;
    const description = this.traced ? `holds ${node.qualification.join(' or ')}${window}` : '';
    const list = this.facts.profile.qualifications;
    if (!Array.isArray(list))
      return this.leaf(path, description, { qualifications: null }, undefined, 'qualifications', source);
    let holds: boolean | undefined = false;
    let yearMissing: string | undefined;
    const seen: string[] = [];
    for (const q of list) {
      if (typeof q !== 'object' || q === null || !node.qualification.includes(q.name)) continue;
      const awarded = isNumber(q.year) ? q.year : undefined;
      if (this.traced) seen.push(awarded === undefined ? q.name : `${q.name} (${awarded})`);
      if (awarded === undefined) {
        if (window !== '') yearMissing ??= `qualifications.${q.name}`;
        else holds = true;
      } else if ((from === undefined || awarded >= from) && (to === undefined || awarded <= to)) {
        holds = true;
      }
    }
    if (!holds && yearMissing !== undefined) holds = undefined;
    const values = this.traced ? { qualifications: seen.length ? seen.join(', ') : 'none of these' } : UNTRACED.values;
    return this.leaf(path, description, values, holds, yearMissing ?? 'qualifications', source);
  }

  within(
    fact: 'region' | 'industry',
    codes: string[],
    path: string,
    source: string | undefined,
    test: (code: string, ancestor: string) => boolean,
    what: string,
  ): Status {
    const value = this.read(fact);
    let holds: boolean | undefined;
    if (typeof value === 'string') {
      holds = false;
      for (const code of codes) {
        if (test(value, code)) {
          holds = true;
          break;
        }
      }
    }
    if (!this.traced) return this.leaf(path, '', UNTRACED.values, holds, fact, source);
    return this.leaf(path, `${what} ${codes.join(', ')}`, { [fact]: value ?? null }, holds, fact, source);
  }

  /** The amount of a benefit, or null when it needs a missing fact (recorded) or no tier or year applies. */
  benefit(node: Benefit, path: string, inherited: string | undefined): AmountRange | null {
    const source = node.source ?? inherited;
    switch (node.kind) {
      case 'fixed': {
        const amount = { min: node.upTo ? 0 : node.amount, max: node.amount };
        this.step(path, node.upTo ? `up to ${node.amount}` : `fixed ${node.amount}`, {}, amount, source);
        return amount;
      }
      case 'rate':
      case 'perUnit': {
        const base = this.read(node.of);
        const factor = node.kind === 'rate' ? node.rate : node.perUnit;
        const [low, high] = typeof factor === 'number' ? [factor, factor] : factor;
        const factorText = `${low === high ? low : `${low}–${high}`}${node.kind === 'rate' ? '%' : ' per unit'}`;
        const upTo = node.upTo ? 'up to ' : '';
        const description = `${upTo}${factorText} of ${node.of}`;
        if (typeof base !== 'number') {
          this.miss(node.of);
          const cap = node.cap === undefined ? '' : `, capped at ${node.cap}`;
          this.step(path, `${description}${cap}: ${node.of} is missing`, { [node.of]: null }, null, source);
          return null;
        }
        const scale = node.kind === 'rate' ? 100 : 1;
        let min = node.upTo ? 0 : Math.max(0, yuan((base * low) / scale));
        let max = Math.max(0, yuan((base * high) / scale));
        let computed = `${description} = ${min === max ? max : `${min}–${max}`}`;
        if (node.cap !== undefined) {
          if (max > node.cap) computed += `, capped at ${node.cap}`;
          else computed += ` (cap ${node.cap} not reached)`;
          min = Math.min(min, node.cap);
          max = Math.min(max, node.cap);
        }
        const amount = { min, max };
        this.step(path, computed, { [node.of]: base }, amount, source);
        return amount;
      }
      case 'tiers': {
        const value = this.read(node.of);
        if (typeof value !== 'number') {
          this.miss(node.of);
          this.step(path, `tiers of ${node.of}`, { [node.of]: null }, null, source);
          return null;
        }
        for (let i = 0; i < node.tiers.length; i++) {
          const tier = node.tiers[i]!;
          if (inTier(tier, value)) {
            const tierPath = `${path}.tiers[${i}]`;
            this.step(path, `tiers of ${node.of}: ${describeTier(tier)} holds`, { [node.of]: value }, i, source);
            return this.benefit(tier.benefit, `${tierPath}.benefit`, tier.source ?? source);
          }
        }
        this.step(path, `tiers of ${node.of}: no tier holds`, { [node.of]: value }, null, source);
        return null;
      }
      case 'schedule': {
        let index: number;
        const values: TraceStep['values'] = { year: this.facts.year };
        if (node.start === undefined) {
          index = this.facts.year;
        } else {
          const start = this.read(node.start);
          values[node.start] = start ?? null;
          if (typeof start !== 'number') {
            this.miss(node.start);
            this.step(path, `schedule from ${node.start}`, values, null, source);
            return null;
          }
          index = this.facts.year - start + 1;
          values.programmeYear = index;
        }
        const what = node.start === undefined ? `year ${index}` : `programme year ${index}`;
        for (let i = 0; i < node.byYear.length; i++) {
          const entry = node.byYear[i]!;
          if (entry.year === index) {
            this.step(path, `schedule: ${what}`, values, i, source);
            return this.benefit(entry.benefit, `${path}.byYear[${i}].benefit`, source);
          }
        }
        this.step(path, `schedule: nothing for ${what}`, values, null, source);
        return null;
      }
      case 'sum': {
        const step = this.step(path, node.less ? 'sum of the parts less the deductions' : 'sum of', {}, null, source);
        let min = 0;
        let max = 0;
        let complete = true;
        for (let i = 0; i < node.parts.length; i++) {
          const part = this.benefit(node.parts[i]!, `${path}.parts[${i}]`, source);
          if (part === null) complete = false;
          else {
            min += part.min;
            max += part.max;
          }
        }
        for (let i = 0; node.less !== undefined && i < node.less.length; i++) {
          const part = this.benefit(node.less[i]!, `${path}.less[${i}]`, source);
          if (part === null) complete = false;
          else {
            min -= part.max;
            max -= part.min;
          }
        }
        if (!complete) return null;
        const amount = { min: Math.max(0, yuan(min)), max: Math.max(0, yuan(max)) };
        step.result = amount;
        return amount;
      }
    }
  }
}

function compare(value: number | string, op: string, expected: number | string): boolean | undefined {
  if (typeof value !== typeof expected) return op === '!=' ? true : op === '=' ? false : undefined;
  switch (op) {
    case '=':
      return value === expected;
    case '!=':
      return value !== expected;
    case '<':
      return value < expected;
    case '<=':
      return value <= expected;
    case '>':
      return value > expected;
    case '>=':
      return value >= expected;
    default:
      return undefined;
  }
}

function bound(value: number | null, inclusive: boolean): string {
  return value === null ? 'open' : `${value} (${inclusive ? '含' : '不含'})`;
}

/** True when the value lies within the tier's bounds (含/不含 as its `inclusive`). */
export function inTier(tier: Tier, value: number): boolean {
  const [lowerIn, upperIn] = tier.inclusive ?? [true, true];
  return (
    (tier.min === null || (lowerIn ? value >= tier.min : value > tier.min)) &&
    (tier.max === null || (upperIn ? value <= tier.max : value < tier.max))
  );
}

function describeTier(tier: Tier): string {
  const [lowerIn, upperIn] = tier.inclusive ?? [true, true];
  return `${bound(tier.min, lowerIn)} to ${bound(tier.max, upperIn)}`;
}

function sortedUnique(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  keys.sort();
  let n = 1;
  for (let i = 1; i < keys.length; i++) if (keys[i] !== keys[n - 1]) keys[n++] = keys[i]!;
  keys.length = n;
  return keys;
}

/** Evaluates one policy against the facts of one profile (see evaluatePolicy). */
export function evaluateWithFacts(policy: Policy, facts: ProfileFacts): Evaluation {
  const run = new Run(facts, policy.sources[0]?.text);
  const date = facts.date;
  if (policy.validFrom !== undefined || policy.validTo !== undefined) {
    const valid =
      (policy.validFrom === undefined || date >= policy.validFrom) &&
      (policy.validTo === undefined || date <= policy.validTo);
    run.step(
      'validity',
      `in force ${policy.validFrom ?? '…'} to ${policy.validTo ?? '…'} on ${date}`,
      { date, validFrom: policy.validFrom ?? null, validTo: policy.validTo ?? null },
      valid ? 'eligible' : 'ineligible',
    );
    if (!valid) return { status: 'ineligible', amount: null, missing: [], trace: run.trace };
  }
  const status = run.condition(policy.eligibility, 'eligibility', undefined);
  if (status === 'ineligible') return { status, amount: null, missing: [], trace: run.trace };
  const amount = policy.benefit === null ? null : run.benefit(policy.benefit, 'benefit', undefined);
  return { status, amount, missing: sortedUnique(run.missing), trace: run.trace };
}

/**
 * Evaluates a policy for an enterprise in a year. Three-valued: a missing fact makes its condition unknown, and
 * all/any/not combine as Kleene's logic (all: ineligible if any part is, else unknown if any part is; any:
 * eligible if any part is, else unknown if any part is). Outside the validity dates the policy is ineligible.
 *
 * Status follows eligibility alone. The amount is the benefit formula's; it is null for an ineligible result,
 * a policy without a sum, and a formula that needs a missing fact — that fact is then listed in `missing`, so an
 * eligible result can have missing facts (the sum is not known yet, the eligibility is).
 */
export function evaluatePolicy(policy: Policy, profile: EnterpriseProfile, options: EvaluateOptions): Evaluation {
  return evaluateWithFacts(policy, new ProfileFacts(profile, options));
}
