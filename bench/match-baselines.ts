// The baselines of `npm run bench -- match`: each policy's eligibility translated to JSON Logic (json-logic-js) and
// to json-rules-engine rules, deciding the same three-valued status as Zhida's evaluator on the same enterprises.
//
// Neither engine knows "unknown": a missing variable is null (JSON Logic, where null < 5 is true) or undefined
// (json-rules-engine), and a condition is true or false. So every condition c is translated twice, as
//   T(c): c certainly holds      (a leaf: its fact is present and the test holds)
//   F(c): c certainly fails      (a leaf: its fact is present and the test fails)
// with T(all) = and T, F(all) = or F, T(any) = or T, F(any) = and F, T(not c) = F(c), F(not c) = T(c). A policy is
// eligible when T holds, ineligible when F holds, unknown when neither: two evaluations per policy, which is what
// three values cost a two-valued engine. Neither names the missing facts nor computes a sum: the baselines do
// less than Zhida's matcher (eligibility only), which favours them.
//
// Facts are handed over prepared (not timed, as Zhida's columns are timed apart): the region's and industry's
// ancestors as lists (neither engine knows GB/T 2260 or GB/T 4754 nesting), the size class, and per qualification
// whether it is held, its award years and whether an award has no year.

import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import jsonLogic from 'json-logic-js';
import { industryPath } from '../src/core/profile/industries.ts';
import type { EnterpriseProfile } from '../src/core/profile/types.ts';
import { regionByCode } from '../src/core/regions/region-table.ts';
import { isNumber, ProfileFacts, readFact } from '../src/core/rules/evaluate.ts';
import { parseFact } from '../src/core/rules/facts.ts';
import type { Condition, Policy, Status } from '../src/core/rules/types.ts';

type Facts = Record<string, unknown>;

/** A fact's variable name: dots would be read as paths by JSON Logic, so they become ":". */
const key = (ref: string): string => ref.replace(/\./g, ':');

function regionPath(code: string): string[] {
  const path: string[] = [];
  for (let r = regionByCode(code); r; r = r.parent ? regionByCode(r.parent) : undefined) path.push(r.code);
  return path;
}

/** The flat facts both engines read for one enterprise (prepared once, as columns are). */
export function baselineFacts(
  profile: EnterpriseProfile,
  year: number,
  refs: Iterable<string>,
  names: Iterable<string>,
): Facts {
  const facts = new ProfileFacts(profile, { year });
  const out: Facts = { one: 1 };
  for (const ref of refs) {
    const value = readFact(facts, ref);
    if (value !== undefined) out[key(ref)] = value;
  }
  const region = readFact(facts, 'region');
  if (typeof region === 'string') out.regionPath = regionPath(region);
  const industry = readFact(facts, 'industry');
  if (typeof industry === 'string') out.industryPath = industryPath(industry).map((i) => i.code);
  const list: unknown = profile.qualifications;
  out.listed = Array.isArray(list);
  for (const name of names) {
    const years: number[] = [];
    let held = false;
    let undated = false;
    if (Array.isArray(list)) {
      for (const q of list as unknown[]) {
        if (typeof q !== 'object' || q === null || (q as { name?: unknown }).name !== name) continue;
        held = true;
        const y = (q as { year?: unknown }).year;
        if (isNumber(y)) years.push(y);
        else undated = true;
      }
    }
    out[`q:${name}:held`] = held;
    out[`q:${name}:years`] = years;
    out[`q:${name}:undated`] = undated;
  }
  return out;
}

/** The facts and qualification names the baselines prepare for these policies. */
export function baselineNeeds(policies: readonly Policy[]): { refs: Set<string>; names: Set<string> } {
  const refs = new Set<string>();
  const names = new Set<string>();
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('fact' in c) refs.add(c.fact);
    else if ('qualification' in c) c.qualification.forEach((n) => names.add(n));
  };
  policies.forEach((p) => walk(p.eligibility));
  return { refs, names };
}

function inForce(policy: Policy, year: number): boolean {
  const date = `${year}-07-01`;
  return (
    (policy.validFrom === undefined || date >= policy.validFrom) &&
    (policy.validTo === undefined || date <= policy.validTo)
  );
}

function window(c: Extract<Condition, { qualification: string[] }>, year: number): [number, number] | undefined {
  const from = c.fromYear === undefined ? undefined : c.relative ? year + c.fromYear : c.fromYear;
  const to = c.toYear === undefined ? undefined : c.relative ? year + c.toYear : c.toYear;
  if (from === undefined && to === undefined) return undefined;
  return [from ?? -1e9, to ?? 1e9];
}

// ---- JSON Logic ------------------------------------------------------------------------------------------------

type Logic = jsonLogic.RulesLogic;

const v = (name: string): Logic => ({ var: name });
const present = (name: string): Logic => ({ '!==': [v(name), null] });

function logicTest(c: Extract<Condition, { fact: string }>): Logic {
  const x = v(key(c.fact));
  if ('op' in c) {
    const op = c.op === '=' ? '===' : c.op === '!=' ? '!==' : c.op;
    return { [op]: [x, c.value] } as Logic;
  }
  if ('in' in c) return { in: [x, c.in] } as Logic;
  const [lo, hi] = c.between;
  const [loIn, hiIn] = c.inclusive ?? [true, true];
  const parts: Logic[] = [];
  if (lo !== null) parts.push({ [loIn ? '<=' : '<']: [lo, x] } as Logic);
  if (hi !== null) parts.push({ [hiIn ? '<=' : '<']: [x, hi] } as Logic);
  return parts.length === 1 ? parts[0]! : { and: parts };
}

function logicYears(name: string, w: [number, number]): Logic {
  return { some: [v(`q:${name}:years`), { '<=': [w[0], v(''), w[1]] }] } as Logic;
}

/** T(c) (sure = true) or F(c) (sure = false) as JSON Logic. */
export function toJsonLogic(c: Condition, sure: boolean, year: number): Logic {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((p) => toJsonLogic(p, sure, year));
    return 'all' in c === sure ? { and: parts } : { or: parts };
  }
  if ('not' in c) return toJsonLogic(c.not, !sure, year);
  if ('fact' in c) {
    if ('error' in parseFact(c.fact)) return false;
    const test = logicTest(c);
    return { and: [present(key(c.fact)), sure ? test : { '!': test }] };
  }
  if ('qualification' in c) {
    const w = window(c, year);
    if (sure) {
      return { or: c.qualification.map((n) => (w === undefined ? v(`q:${n}:held`) : logicYears(n, w))) };
    }
    return {
      and: [
        v('listed'),
        ...c.qualification.map((n): Logic =>
          w === undefined
            ? { '!': v(`q:${n}:held`) }
            : { and: [{ '!': v(`q:${n}:undated`) }, { '!': logicYears(n, w) }] },
        ),
      ],
    };
  }
  const [path, codes] = 'regionWithin' in c ? ['regionPath', c.regionWithin] : ['industryPath', c.industryWithin];
  const within: Logic = { or: codes.map((code) => ({ in: [code, v(path)] }) as Logic) };
  return sure ? within : { and: [present(path), { '!': within }] };
}

export interface LogicPolicy {
  id: string;
  sure: Logic;
  fails: Logic;
}

export function jsonLogicPolicies(policies: readonly Policy[], year: number): LogicPolicy[] {
  return policies.map((p) =>
    inForce(p, year)
      ? { id: p.id, sure: toJsonLogic(p.eligibility, true, year), fails: toJsonLogic(p.eligibility, false, year) }
      : { id: p.id, sure: false, fails: true },
  );
}

/** The status of every policy for one enterprise, by JSON Logic. */
export function jsonLogicStatuses(rules: readonly LogicPolicy[], facts: Facts, out: Status[]): void {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    out[i] = jsonLogic.apply(rule.sure, facts)
      ? 'eligible'
      : jsonLogic.apply(rule.fails, facts)
        ? 'ineligible'
        : 'unknown';
  }
}

// ---- json-rules-engine -----------------------------------------------------------------------------------------

type Jre = TopLevelCondition | { fact: string; operator: string; value: unknown };

const TRUE: Jre = { fact: 'one', operator: 'equal', value: 1 };
const FALSE: Jre = { fact: 'one', operator: 'equal', value: 0 };

const NEGATED: Record<string, string> = {
  '=': 'notEqualPresent',
  '!=': 'equalPresent',
  '<': 'gte',
  '<=': 'gt',
  '>': 'lte',
  '>=': 'lt',
};
const DIRECT: Record<string, string> = {
  '=': 'equalPresent',
  '!=': 'notEqualPresent',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
};

/** json-rules-engine's numeric operators (lessThan…) refuse texts; these compare either, the fact present. */
function addOperators(engine: Engine): void {
  const has = (a: unknown): boolean => a !== undefined && a !== null;
  const same = (a: unknown, b: unknown): boolean => typeof a === typeof b;
  engine.addOperator('equalPresent', (a: unknown, b: unknown) => has(a) && a === b);
  engine.addOperator('notEqualPresent', (a: unknown, b: unknown) => has(a) && a !== b);
  engine.addOperator('lt', (a: unknown, b: unknown) => has(a) && same(a, b) && (a as number) < (b as number));
  engine.addOperator('lte', (a: unknown, b: unknown) => has(a) && same(a, b) && (a as number) <= (b as number));
  engine.addOperator('gt', (a: unknown, b: unknown) => has(a) && same(a, b) && (a as number) > (b as number));
  engine.addOperator('gte', (a: unknown, b: unknown) => has(a) && same(a, b) && (a as number) >= (b as number));
  engine.addOperator('inPresent', (a: unknown, b: unknown[]) => has(a) && b.includes(a));
  engine.addOperator('notInPresent', (a: unknown, b: unknown[]) => has(a) && !b.includes(a));
  engine.addOperator('within', (a: unknown, b: string[]) => Array.isArray(a) && a.some((c) => b.includes(c)));
  engine.addOperator('notWithin', (a: unknown, b: string[]) => Array.isArray(a) && !a.some((c) => b.includes(c)));
  engine.addOperator('yearWithin', (a: unknown, b: [number, number]) =>
    (a as number[]).some((y) => y >= b[0] && y <= b[1]),
  );
  engine.addOperator('noYearWithin', (a: unknown, b: [number, number]) =>
    (a as number[]).every((y) => !(y >= b[0] && y <= b[1])),
  );
}

function jreLeaf(c: Extract<Condition, { fact: string }>, sure: boolean): Jre {
  const fact = key(c.fact);
  if ('op' in c) return { fact, operator: (sure ? DIRECT : NEGATED)[c.op]!, value: c.value };
  if ('in' in c) return { fact, operator: sure ? 'inPresent' : 'notInPresent', value: c.in };
  const [lo, hi] = c.between;
  const [loIn, hiIn] = c.inclusive ?? [true, true];
  const parts: Jre[] = [];
  if (lo !== null) parts.push({ fact, operator: sure ? (loIn ? 'gte' : 'gt') : loIn ? 'lt' : 'lte', value: lo });
  if (hi !== null) parts.push({ fact, operator: sure ? (hiIn ? 'lte' : 'lt') : hiIn ? 'gt' : 'gte', value: hi });
  return parts.length === 1 ? parts[0]! : sure ? { all: parts } : { any: parts };
}

export function toRulesEngine(c: Condition, sure: boolean, year: number): Jre {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((p) => toRulesEngine(p, sure, year));
    return 'all' in c === sure ? { all: parts as never } : { any: parts as never };
  }
  if ('not' in c) return toRulesEngine(c.not, !sure, year);
  if ('fact' in c) return 'error' in parseFact(c.fact) ? FALSE : jreLeaf(c, sure);
  if ('qualification' in c) {
    const w = window(c, year);
    if (sure) {
      return {
        any: c.qualification.map((n) =>
          w === undefined
            ? { fact: `q:${n}:held`, operator: 'equal', value: true }
            : { fact: `q:${n}:years`, operator: 'yearWithin', value: w },
        ) as never,
      };
    }
    return {
      all: [
        { fact: 'listed', operator: 'equal', value: true },
        ...c.qualification.flatMap((n) =>
          w === undefined
            ? [{ fact: `q:${n}:held`, operator: 'equal', value: false }]
            : [
                { fact: `q:${n}:undated`, operator: 'equal', value: false },
                { fact: `q:${n}:years`, operator: 'noYearWithin', value: w },
              ],
        ),
      ] as never,
    };
  }
  const [fact, codes] = 'regionWithin' in c ? ['regionPath', c.regionWithin] : ['industryPath', c.industryWithin];
  return { fact, operator: sure ? 'within' : 'notWithin', value: codes };
}

function top(condition: Jre): TopLevelCondition {
  return 'all' in condition || 'any' in condition ? (condition as TopLevelCondition) : { all: [condition as never] };
}

/** One engine holding, for every policy, the rules "eligible" (T) and "ineligible" (F). */
export function rulesEngine(policies: readonly Policy[], year: number): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  addOperators(engine);
  policies.forEach((p, i) => {
    const valid = inForce(p, year);
    const rules: [string, Jre][] = [
      ['eligible', valid ? toRulesEngine(p.eligibility, true, year) : FALSE],
      ['ineligible', valid ? toRulesEngine(p.eligibility, false, year) : TRUE],
    ];
    for (const [type, condition] of rules) {
      const rule: RuleProperties = { conditions: top(condition), event: { type, params: { policy: i } } };
      engine.addRule(rule);
    }
  });
  return engine;
}

/** The status of every policy for one enterprise, by json-rules-engine. */
export async function rulesEngineStatuses(engine: Engine, facts: Facts, out: Status[]): Promise<void> {
  out.fill('unknown');
  const { events } = await engine.run(facts);
  for (const event of events) out[(event.params as { policy: number }).policy] = event.type as Status;
}
