import { industryWithin } from '../profile/industries.ts';
import { regionWithin } from '../regions/region-table.ts';
import type { CodedColumn, FactNeeds, ProfileColumns, QualificationColumn } from './columns.ts';
import { factConditionHolds, inTier, yuan } from './evaluate.ts';
import { parseFact } from './facts.ts';
import type { Benefit, Condition, Policy } from './types.ts';

// The bulk matcher: a policy compiled into a columnar evaluator over ProfileColumns (columns.ts). It must agree
// with the one-by-one evaluator (evaluate.ts) on every input — status, amount and missing facts — and the
// differential tests (compile.test.ts, services/rules/bulk.test.ts) hold them together.
//
// Rows are evaluated in chunks of CHUNK: each condition node writes the statuses of the chunk into its own small
// buffer (0 ineligible, 1 unknown, 2 eligible: Kleene's all is the minimum, any the maximum, not is 2 − s), the
// rows that are not ineligible are selected, the benefit is computed for the selection only, and the missing facts
// only for the rows that need them (unknown, or an amount that needs a fact), walking the node buffers of that row.
// 就高不重复 is applied per chunk across the policies of each stacking group, as applyStacking does.

export const INELIGIBLE = 0;
export const UNKNOWN = 1;
export const ELIGIBLE = 2;

/** Rows per chunk: the node buffers of a policy stay in the CPU's caches. */
export const CHUNK = 4096;

// ---- what a policy reads -------------------------------------------------------------------------------------

/** The facts and qualification names these policies read: the columns to build for them. */
export function factsRead(policies: Iterable<Policy>): FactNeeds {
  const facts = new Set<string>();
  const qualifications = new Set<string>();
  const condition = (node: Condition): void => {
    if ('all' in node) node.all.forEach(condition);
    else if ('any' in node) node.any.forEach(condition);
    else if ('not' in node) condition(node.not);
    else if ('fact' in node) facts.add(node.fact);
    else if ('qualification' in node) for (const name of node.qualification) qualifications.add(name);
    else if ('regionWithin' in node) facts.add('region');
    else if ('industryWithin' in node) facts.add('industry');
  };
  const benefit = (node: Benefit): void => {
    switch (node.kind) {
      case 'rate':
      case 'perUnit':
      case 'tiers':
        facts.add(node.of);
        if (node.kind === 'tiers') for (const tier of node.tiers) benefit(tier.benefit);
        break;
      case 'schedule':
        if (node.start !== undefined) facts.add(node.start);
        for (const entry of node.byYear) benefit(entry.benefit);
        break;
      case 'sum':
        node.parts.forEach(benefit);
        node.less?.forEach(benefit);
        break;
      case 'fixed':
        break;
    }
  };
  for (const policy of policies) {
    condition(policy.eligibility);
    if (policy.benefit !== null) benefit(policy.benefit);
  }
  // "age" reads "founded"; "sizeClass" reads industry, employees and the year's figures: built from the profile.
  return { facts, qualifications };
}

// ---- missing facts -------------------------------------------------------------------------------------------

/**
 * The fact keys a policy can name as missing, numbered as they are met; `order` lists the numbers in the keys'
 * sorted order, so a set of numbers becomes the evaluator's sorted, unique list.
 */
class MissingKeys {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  order: number[] = [];

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The key pushMissing names for a fact other than sizeClass. */
  factId(ref: string): number {
    return this.id(ref === 'age' ? 'founded' : ref);
  }

  seal(): void {
    this.order = this.keys.map((_, i) => i).sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : 1));
  }
}

/** The distinct missing-fact lists one policy gave, interned: results hold an index, [0] is the empty list. */
class MissingLists {
  readonly lists: (readonly string[])[] = [[]];
  private readonly byMask = new Map<number, number>();
  private readonly byKey = new Map<string, number>();

  constructor(private readonly keys: MissingKeys) {}

  /** The list of the set flags (clearing them). */
  take(flags: Uint8Array): number {
    const { keys, order } = this.keys;
    const n = keys.length;
    if (n <= 30) {
      let mask = 0;
      for (let id = 0; id < n; id++) {
        if (flags[id] !== 0) {
          mask |= 1 << id;
          flags[id] = 0;
        }
      }
      if (mask === 0) return 0;
      let index = this.byMask.get(mask);
      if (index === undefined) {
        index = this.lists.length;
        this.lists.push(order.filter((id) => (mask & (1 << id)) !== 0).map((id) => keys[id]!));
        this.byMask.set(mask, index);
      }
      return index;
    }
    const list: string[] = [];
    for (const id of order) {
      if (flags[id] !== 0) {
        list.push(keys[id]!);
        flags[id] = 0;
      }
    }
    if (list.length === 0) return 0;
    const joined = list.join('\n');
    let index = this.byKey.get(joined);
    if (index === undefined) {
      index = this.lists.length;
      this.lists.push(list);
      this.byKey.set(joined, index);
    }
    return index;
  }
}

// ---- conditions ------------------------------------------------------------------------------------------------

interface ConditionNode {
  /** this node's statuses for the rows [start, start + n) of the current chunk */
  readonly out: Uint8Array;
  evaluate(start: number, n: number): void;
  /** sets the flags of the facts that left row `row` (at `k` in the chunk) unknown; only for out[k] === UNKNOWN */
  missing(row: number, k: number, flags: Uint8Array): void;
}

class Constant implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    status: number,
    /** what an unknown names (a fact the vocabulary does not know is always missing) */
    private readonly missingId?: number,
  ) {
    this.out.fill(status);
  }

  evaluate(): void {}

  missing(_row: number, _k: number, flags: Uint8Array): void {
    if (this.missingId !== undefined) flags[this.missingId] = 1;
  }
}

class Combine implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly kind: 'all' | 'any',
    private readonly children: ConditionNode[],
  ) {
    // Kleene over an empty list, as the evaluator: all of nothing holds, any of nothing does not.
    if (children.length === 0) this.out.fill(kind === 'all' ? ELIGIBLE : INELIGIBLE);
  }

  evaluate(start: number, n: number): void {
    const out = this.out;
    const children = this.children;
    if (children.length === 0) return;
    children[0]!.evaluate(start, n);
    out.set(children[0]!.out.subarray(0, n));
    for (let c = 1; c < children.length; c++) {
      const child = children[c]!;
      child.evaluate(start, n);
      const s = child.out;
      if (this.kind === 'all') {
        for (let k = 0; k < n; k++) if (s[k]! < out[k]!) out[k] = s[k]!;
      } else {
        for (let k = 0; k < n; k++) if (s[k]! > out[k]!) out[k] = s[k]!;
      }
    }
  }

  missing(row: number, k: number, flags: Uint8Array): void {
    // An unknown all/any names what its unknown parts miss; a decided part missed nothing.
    for (const child of this.children) if (child.out[k] === UNKNOWN) child.missing(row, k, flags);
  }
}

class Not implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(private readonly child: ConditionNode) {}

  evaluate(start: number, n: number): void {
    this.child.evaluate(start, n);
    const s = this.child.out;
    const out = this.out;
    for (let k = 0; k < n; k++) out[k] = 2 - s[k]!;
  }

  missing(row: number, k: number, flags: Uint8Array): void {
    this.child.missing(row, k, flags);
  }
}

/** A test of a number fact: lo ⊲ v ⊲ hi (⊲ is < or ≤), or v ≠ x, or v in a set; NaN (missing) is unknown. */
class NumberTest implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly column: Float64Array,
    private readonly test:
      | { kind: 'range'; lo: number; loIn: boolean; hi: number; hiIn: boolean }
      | { kind: 'not'; value: number }
      | { kind: 'in'; values: number[] }
      /** a comparison whose outcome does not depend on the number (a number against a text) */
      | { kind: 'const'; status: number },
    private readonly missingId: number,
  ) {}

  evaluate(start: number, n: number): void {
    const col = this.column;
    const out = this.out;
    const test = this.test;
    switch (test.kind) {
      case 'range': {
        const { lo, hi } = test;
        if (test.loIn && test.hiIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = v !== v ? UNKNOWN : v >= lo && v <= hi ? ELIGIBLE : INELIGIBLE;
          }
        } else if (test.loIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = v !== v ? UNKNOWN : v >= lo && v < hi ? ELIGIBLE : INELIGIBLE;
          }
        } else if (test.hiIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = v !== v ? UNKNOWN : v > lo && v <= hi ? ELIGIBLE : INELIGIBLE;
          }
        } else {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = v !== v ? UNKNOWN : v > lo && v < hi ? ELIGIBLE : INELIGIBLE;
          }
        }
        return;
      }
      case 'not': {
        const x = test.value;
        for (let k = 0; k < n; k++) {
          const v = col[start + k]!;
          out[k] = v !== v ? UNKNOWN : v !== x ? ELIGIBLE : INELIGIBLE;
        }
        return;
      }
      case 'in': {
        const values = test.values;
        for (let k = 0; k < n; k++) {
          const v = col[start + k]!;
          out[k] = v !== v ? UNKNOWN : values.includes(v) ? ELIGIBLE : INELIGIBLE;
        }
        return;
      }
      case 'const': {
        const status = test.status;
        for (let k = 0; k < n; k++) {
          const v = col[start + k]!;
          out[k] = v !== v ? UNKNOWN : status;
        }
      }
    }
  }

  missing(_row: number, _k: number, flags: Uint8Array): void {
    flags[this.missingId] = 1;
  }
}

/** A test of a text fact: its outcome for each distinct value, looked up by code (code 0, missing: unknown). */
class TextTest implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly codes: Int32Array,
    private readonly table: Uint8Array,
    /** the missing key, or for sizeClass the key of each row's sizeMissing code */
    private readonly missingIds: number | { codes: Int32Array; ids: number[][] },
  ) {}

  evaluate(start: number, n: number): void {
    const codes = this.codes;
    const table = this.table;
    const out = this.out;
    for (let k = 0; k < n; k++) out[k] = table[codes[start + k]!]!;
  }

  missing(row: number, _k: number, flags: Uint8Array): void {
    const ids = this.missingIds;
    if (typeof ids === 'number') flags[ids] = 1;
    else for (const id of ids.ids[ids.codes[row]!]!) flags[id] = 1;
  }
}

/** Holds one of the qualifications, first awarded within a window (Run.qualification). */
class QualificationTest implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly listed: Uint32Array,
    private readonly columns: QualificationColumn[],
    /** undefined: no window, any award counts */
    private readonly window: { from: number; to: number } | undefined,
    private readonly listMissingId: number,
    private readonly yearMissingIds: number[],
  ) {}

  evaluate(start: number, n: number): void {
    const out = this.out;
    const listed = this.listed;
    // Without a list every qualification is unknown; with one, not held unless an award says otherwise.
    for (let k = 0; k < n; k++) {
      const row = start + k;
      out[k] = (listed[row >>> 5]! >>> (row & 31)) & 1 ? INELIGIBLE : UNKNOWN;
    }
    const end = start + n;
    const window = this.window;
    for (const q of this.columns) {
      const rows = q.rows;
      for (let j = lowerBound(rows, start); j < rows.length && rows[j]! < end; j++) {
        const k = rows[j]! - start;
        if (window === undefined) {
          out[k] = ELIGIBLE;
          continue;
        }
        if (withinWindow(q, j, window.from, window.to)) out[k] = ELIGIBLE;
        else if (q.firstUndated[j]! >= 0 && out[k] === INELIGIBLE) out[k] = UNKNOWN; // a year would decide
      }
    }
  }

  missing(row: number, _k: number, flags: Uint8Array): void {
    if (!((this.listed[row >>> 5]! >>> (row & 31)) & 1)) {
      flags[this.listMissingId] = 1;
      return;
    }
    // The award without a year that comes first in the profile's list names the missing year.
    let best = -1;
    let bestPosition = Number.POSITIVE_INFINITY;
    this.columns.forEach((q, i) => {
      const j = lowerBound(q.rows, row);
      if (j < q.rows.length && q.rows[j] === row) {
        const position = q.firstUndated[j]!;
        if (position >= 0 && position < bestPosition) {
          bestPosition = position;
          best = i;
        }
      }
    });
    if (best >= 0) flags[this.yearMissingIds[best]!] = 1;
  }
}

function withinWindow(q: QualificationColumn, j: number, from: number, to: number): boolean {
  if (q.several[j] === 0) {
    const year = q.minYear[j]!;
    return year >= from && year <= to; // NaN (no dated award) is false
  }
  for (const year of q.years.get(j)!) if (year >= from && year <= to) return true;
  return false;
}

/** The first index whose value is ≥ x in an ascending array. */
function lowerBound(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- benefits --------------------------------------------------------------------------------------------------

interface BenefitNode {
  /** the amounts of the rows sel[0..n) into min[0..n) and max[0..n); NaN: no amount */
  evaluate(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void;
  /** sets the flags of the facts whose absence left the amount of `row` null */
  missing(row: number, flags: Uint8Array): void;
}

class Fixed implements BenefitNode {
  constructor(
    private readonly low: number,
    private readonly high: number,
  ) {}

  evaluate(_sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    min.fill(this.low, 0, n);
    max.fill(this.high, 0, n);
  }

  missing(): void {}
}

/** No amount (a schedule without an entry for the evaluation year). */
class NoAmount implements BenefitNode {
  evaluate(_sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    min.fill(Number.NaN, 0, n);
    max.fill(Number.NaN, 0, n);
  }

  missing(): void {}
}

/** rate% or yuan per unit of a fact, capped: the evaluator's arithmetic, step for step. */
class Proportional implements BenefitNode {
  constructor(
    private readonly column: Float64Array,
    private readonly low: number,
    private readonly high: number,
    private readonly scale: number,
    private readonly upTo: boolean,
    private readonly cap: number | undefined,
    private readonly missingId: number,
  ) {}

  evaluate(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    const { column, low, high, scale, upTo, cap } = this;
    for (let k = 0; k < n; k++) {
      const base = column[sel[k]!]!;
      if (base !== base) {
        min[k] = Number.NaN;
        max[k] = Number.NaN;
        continue;
      }
      let a = upTo ? 0 : Math.max(0, yuan((base * low) / scale));
      let b = Math.max(0, yuan((base * high) / scale));
      if (cap !== undefined) {
        a = Math.min(a, cap);
        b = Math.min(b, cap);
      }
      min[k] = a;
      max[k] = b;
    }
  }

  missing(row: number, flags: Uint8Array): void {
    if (this.column[row]! !== this.column[row]!) flags[this.missingId] = 1;
  }
}

/**
 * A choice among sub-benefits by a per-row index (the tier that holds, the schedule's programme year): the rows
 * of each choice are evaluated together and scattered back.
 */
abstract class Choice implements BenefitNode {
  private readonly which = new Int32Array(CHUNK);
  private readonly subSel = new Int32Array(CHUNK);
  private readonly subPos = new Int32Array(CHUNK);
  private readonly subMin = new Float64Array(CHUNK);
  private readonly subMax = new Float64Array(CHUNK);

  constructor(
    protected readonly column: Float64Array,
    protected readonly choices: BenefitNode[],
    private readonly missingId: number,
  ) {}

  /** the choice for a known value, -1 for none */
  abstract choose(value: number): number;

  evaluate(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    const which = this.which;
    for (let k = 0; k < n; k++) {
      const value = this.column[sel[k]!]!;
      which[k] = value !== value ? -1 : this.choose(value);
      min[k] = Number.NaN;
      max[k] = Number.NaN;
    }
    for (let c = 0; c < this.choices.length; c++) {
      let m = 0;
      for (let k = 0; k < n; k++) {
        if (which[k] === c) {
          this.subSel[m] = sel[k]!;
          this.subPos[m++] = k;
        }
      }
      if (m === 0) continue;
      this.choices[c]!.evaluate(this.subSel, m, this.subMin, this.subMax);
      for (let i = 0; i < m; i++) {
        min[this.subPos[i]!] = this.subMin[i]!;
        max[this.subPos[i]!] = this.subMax[i]!;
      }
    }
  }

  missing(row: number, flags: Uint8Array): void {
    const value = this.column[row]!;
    if (value !== value) {
      flags[this.missingId] = 1;
      return;
    }
    const c = this.choose(value);
    if (c >= 0) this.choices[c]!.missing(row, flags);
  }
}

class Tiers extends Choice {
  constructor(
    column: Float64Array,
    private readonly tiers: Extract<Benefit, { kind: 'tiers' }>['tiers'],
    choices: BenefitNode[],
    missingId: number,
  ) {
    super(column, choices, missingId);
  }

  choose(value: number): number {
    for (let i = 0; i < this.tiers.length; i++) if (inTier(this.tiers[i]!, value)) return i;
    return -1;
  }
}

/** A schedule counted from a fact holding a year: programme year = evaluation year − start + 1. */
class Programme extends Choice {
  constructor(
    column: Float64Array,
    private readonly year: number,
    private readonly entries: ReadonlyMap<number, number>,
    choices: BenefitNode[],
    missingId: number,
  ) {
    super(column, choices, missingId);
  }

  choose(value: number): number {
    return this.entries.get(this.year - value + 1) ?? -1;
  }
}

class Sum implements BenefitNode {
  private readonly mins: Float64Array[];
  private readonly maxs: Float64Array[];

  constructor(
    private readonly parts: BenefitNode[],
    private readonly less: BenefitNode[],
  ) {
    const count = parts.length + less.length;
    this.mins = Array.from({ length: count }, () => new Float64Array(CHUNK));
    this.maxs = Array.from({ length: count }, () => new Float64Array(CHUNK));
  }

  evaluate(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    const all = [...this.parts, ...this.less];
    all.forEach((part, i) => part.evaluate(sel, n, this.mins[i]!, this.maxs[i]!));
    const parts = this.parts.length;
    for (let k = 0; k < n; k++) {
      // The evaluator's order of additions, so the sums round alike.
      let a = 0;
      let b = 0;
      let complete = true;
      for (let i = 0; i < all.length; i++) {
        const low = this.mins[i]![k]!;
        const high = this.maxs[i]![k]!;
        if (low !== low) complete = false;
        else if (i < parts) {
          a += low;
          b += high;
        } else {
          a -= high;
          b -= low;
        }
      }
      min[k] = complete ? Math.max(0, yuan(a)) : Number.NaN;
      max[k] = complete ? Math.max(0, yuan(b)) : Number.NaN;
    }
  }

  missing(row: number, flags: Uint8Array): void {
    for (const part of this.parts) part.missing(row, flags);
    for (const part of this.less) part.missing(row, flags);
  }
}

// ---- compiling -------------------------------------------------------------------------------------------------

class Compiler {
  readonly keys = new MissingKeys();

  constructor(private readonly columns: ProfileColumns) {}

  number(ref: string): Float64Array {
    const column = this.columns.numbers.get(ref);
    if (column === undefined) {
      const parsed = parseFact(ref);
      if (!('error' in parsed) && parsed.type !== 'number') throw new Error(`${ref} is not a number fact`);
      throw new Error(`the columns do not hold ${ref}: build them with the policy's facts (factsRead)`);
    }
    return column;
  }

  text(ref: string): CodedColumn {
    const column = this.columns.texts.get(ref);
    if (column === undefined) throw new Error(`the columns do not hold ${ref}: build them with the policy's facts`);
    return column;
  }

  condition(node: Condition): ConditionNode {
    if ('all' in node)
      return new Combine(
        'all',
        node.all.map((c) => this.condition(c)),
      );
    if ('any' in node)
      return new Combine(
        'any',
        node.any.map((c) => this.condition(c)),
      );
    if ('not' in node) return new Not(this.condition(node.not));
    if ('fact' in node) return this.factTest(node);
    if ('qualification' in node) return this.qualification(node);
    if ('regionWithin' in node) return this.within('region', node.regionWithin, regionWithin);
    if ('industryWithin' in node) return this.within('industry', node.industryWithin, industryWithin);
    return new Constant(UNKNOWN); // the evaluator's "unknown condition": unknown, naming nothing
  }

  factTest(node: Extract<Condition, { fact: string }>): ConditionNode {
    const parsed = parseFact(node.fact);
    if ('error' in parsed) return new Constant(UNKNOWN, this.keys.factId(node.fact)); // never read: missing
    if (parsed.type !== 'number') {
      const column = this.text(node.fact);
      const table = lookupTable(column.values, (value) => factConditionHolds(node, value));
      return new TextTest(column.codes, table, this.textMissing(node.fact));
    }
    const column = this.number(node.fact);
    const id = this.keys.factId(node.fact);
    if ('between' in node) {
      const [lower, upper] = node.between;
      const [loIn, hiIn] = node.inclusive ?? [true, true];
      return new NumberTest(
        column,
        {
          kind: 'range',
          lo: lower ?? Number.NEGATIVE_INFINITY,
          loIn: lower === null ? true : loIn,
          hi: upper ?? Number.POSITIVE_INFINITY,
          hiIn: upper === null ? true : hiIn,
        },
        id,
      );
    }
    if ('in' in node) {
      const values = node.in.filter((v): v is number => typeof v === 'number');
      return new NumberTest(column, { kind: 'in', values }, id);
    }
    const x = node.value;
    if (typeof x !== 'number') {
      const holds = factConditionHolds(node, 0);
      return new NumberTest(column, { kind: 'const', status: toStatus(holds) }, id);
    }
    const I = Number.NEGATIVE_INFINITY;
    const S = Number.POSITIVE_INFINITY;
    switch (node.op) {
      case '=':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: true, hi: x, hiIn: true }, id);
      case '!=':
        return new NumberTest(column, { kind: 'not', value: x }, id);
      case '<':
        return new NumberTest(column, { kind: 'range', lo: I, loIn: true, hi: x, hiIn: false }, id);
      case '<=':
        return new NumberTest(column, { kind: 'range', lo: I, loIn: true, hi: x, hiIn: true }, id);
      case '>':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: false, hi: S, hiIn: true }, id);
      case '>=':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: true, hi: S, hiIn: true }, id);
      default:
        return new NumberTest(column, { kind: 'const', status: UNKNOWN }, id); // compare() cannot say
    }
  }

  /** The missing key of a text fact: its name, or for sizeClass the facts the size rule lacks on that row. */
  textMissing(ref: string): number | { codes: Int32Array; ids: number[][] } {
    if (ref !== 'sizeClass') return this.keys.factId(ref);
    const sizes = this.columns.sizeMissing;
    if (sizes === undefined) throw new Error('the columns do not hold sizeClass: build them with the policy facts');
    return { codes: sizes.codes, ids: sizes.lists.map((list) => list.map((key) => this.keys.id(key))) };
  }

  within(
    fact: 'region' | 'industry',
    codes: string[],
    test: (code: string, ancestor: string) => boolean,
  ): ConditionNode {
    const column = this.text(fact);
    const table = lookupTable(column.values, (value) => codes.some((code) => test(value, code)));
    return new TextTest(column.codes, table, this.keys.factId(fact));
  }

  qualification(node: Extract<Condition, { qualification: string[] }>): ConditionNode {
    const year = this.columns.year;
    const from = node.fromYear === undefined ? undefined : node.relative ? year + node.fromYear : node.fromYear;
    const to = node.toYear === undefined ? undefined : node.relative ? year + node.toYear : node.toYear;
    const window =
      from === undefined && to === undefined
        ? undefined
        : { from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY };
    const names: string[] = [];
    const columns: QualificationColumn[] = [];
    for (const name of node.qualification) {
      if (names.includes(name)) continue;
      const column = this.columns.qualifications.get(name);
      if (column === undefined) throw new Error(`the columns do not hold the qualification ${name}`);
      names.push(name);
      columns.push(column);
    }
    return new QualificationTest(
      this.columns.listed,
      columns,
      window,
      this.keys.id('qualifications'),
      names.map((name) => this.keys.id(`qualifications.${name}`)),
    );
  }

  benefit(node: Benefit): BenefitNode {
    switch (node.kind) {
      case 'fixed':
        return new Fixed(node.upTo ? 0 : node.amount, node.amount);
      case 'rate':
      case 'perUnit': {
        const factor = node.kind === 'rate' ? node.rate : node.perUnit;
        const [low, high] = typeof factor === 'number' ? [factor, factor] : factor;
        return new Proportional(
          this.number(node.of),
          low,
          high,
          node.kind === 'rate' ? 100 : 1,
          node.upTo === true,
          node.cap,
          this.keys.factId(node.of),
        );
      }
      case 'tiers':
        return new Tiers(
          this.number(node.of),
          node.tiers,
          node.tiers.map((tier) => this.benefit(tier.benefit)),
          this.keys.factId(node.of),
        );
      case 'schedule': {
        if (node.start === undefined) {
          // A dated parameter: the entry of the evaluation year, the same for every row.
          const entry = node.byYear.find((e) => e.year === this.columns.year);
          return entry === undefined ? new NoAmount() : this.benefit(entry.benefit);
        }
        const entries = new Map<number, number>();
        node.byYear.forEach((entry, i) => {
          if (!entries.has(entry.year)) entries.set(entry.year, i);
        });
        return new Programme(
          this.number(node.start),
          this.columns.year,
          entries,
          node.byYear.map((entry) => this.benefit(entry.benefit)),
          this.keys.factId(node.start),
        );
      }
      case 'sum':
        return new Sum(
          node.parts.map((part) => this.benefit(part)),
          (node.less ?? []).map((part) => this.benefit(part)),
        );
    }
  }
}

function toStatus(holds: boolean | undefined): number {
  return holds === undefined ? UNKNOWN : holds ? ELIGIBLE : INELIGIBLE;
}

/** The status of each distinct value of a text column; code 0 (missing) is unknown. */
function lookupTable(values: readonly string[], holds: (value: string) => boolean | undefined): Uint8Array {
  const table = new Uint8Array(values.length);
  table[0] = UNKNOWN;
  for (let code = 1; code < values.length; code++) table[code] = toStatus(holds(values[code]!));
  return table;
}

/** A policy compiled against one set of columns. */
export class CompiledPolicy {
  readonly policy: Policy;
  readonly columns: ProfileColumns;
  /** null: out of force on the evaluation date, every row ineligible */
  private readonly condition: ConditionNode | null;
  private readonly benefit: BenefitNode | null;
  private readonly keys: MissingKeys;
  private readonly flags: Uint8Array;
  /** the missing-fact lists this policy gave; results hold indexes into it */
  readonly missingLists: MissingLists;

  constructor(policy: Policy, columns: ProfileColumns) {
    this.policy = policy;
    this.columns = columns;
    const compiler = new Compiler(columns);
    const date = columns.date;
    const valid =
      (policy.validFrom === undefined || date >= policy.validFrom) &&
      (policy.validTo === undefined || date <= policy.validTo);
    this.condition = valid ? compiler.condition(policy.eligibility) : null;
    this.benefit = valid && policy.benefit !== null ? compiler.benefit(policy.benefit) : null;
    this.keys = compiler.keys;
    this.keys.seal();
    this.flags = new Uint8Array(Math.max(1, this.keys.keys.length));
    this.missingLists = new MissingLists(this.keys);
  }

  /** The statuses of rows [start, start + n), n ≤ CHUNK (a view valid until the next call). */
  statuses(start: number, n: number): Uint8Array {
    if (this.condition === null) return INELIGIBLE_CHUNK;
    this.condition.evaluate(start, n);
    return this.condition.out;
  }

  get hasBenefit(): boolean {
    return this.benefit !== null;
  }

  /** The amounts of the rows sel[0..n) (rows that are not ineligible); NaN: no amount. */
  amounts(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    if (this.benefit === null) {
      min.fill(Number.NaN, 0, n);
      max.fill(Number.NaN, 0, n);
    } else this.benefit.evaluate(sel, n, min, max);
  }

  /**
   * The index in missingLists of the facts that row `row` misses, right after `statuses` of its chunk (it reads
   * the node buffers at `k`): what left it unknown, and what its amount needs when the amount is null.
   */
  missingOf(row: number, k: number, status: number, amountIsNull: boolean): number {
    if (status === UNKNOWN) this.condition!.missing(row, k, this.flags);
    if (amountIsNull && this.benefit !== null) this.benefit.missing(row, this.flags);
    return this.missingLists.take(this.flags);
  }
}

const INELIGIBLE_CHUNK = new Uint8Array(CHUNK);

export function compilePolicy(policy: Policy, columns: ProfileColumns): CompiledPolicy {
  return new CompiledPolicy(policy, columns);
}

// ---- matching many policies ------------------------------------------------------------------------------------

/**
 * The rows of one policy that are not ineligible, ascending, with their status, amount and missing facts: what a
 * policy_match table stores. A row that is not listed is ineligible.
 */
export interface PolicyMatches {
  readonly policy: Policy;
  count: number;
  rows: Int32Array;
  /** UNKNOWN or ELIGIBLE */
  status: Uint8Array;
  /** yuan; NaN: no amount (none stated, a missing fact, or superseded by stacking) */
  amountMin: Float64Array;
  amountMax: Float64Array;
  /** index into missingLists */
  missing: Int32Array;
  missingLists: readonly (readonly string[])[];
  /** the index (in the policies matched together) of the policy that supersedes this row's sum; -1: none */
  supersededBy: Int32Array;
}

class MatchesBuilder {
  count = 0;
  rows: Int32Array;
  status: Uint8Array;
  amountMin: Float64Array;
  amountMax: Float64Array;
  missing: Int32Array;
  supersededBy: Int32Array;

  constructor(capacity: number) {
    this.rows = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.amountMin = new Float64Array(capacity);
    this.amountMax = new Float64Array(capacity);
    this.missing = new Int32Array(capacity);
    this.supersededBy = new Int32Array(capacity);
  }

  reserve(more: number): void {
    const need = this.count + more;
    if (need <= this.rows.length) return;
    const size = Math.max(need, this.rows.length * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array.subarray(0, this.count));
      return next;
    };
    this.rows = grow(this.rows, (n) => new Int32Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.amountMin = grow(this.amountMin, (n) => new Float64Array(n));
    this.amountMax = grow(this.amountMax, (n) => new Float64Array(n));
    this.missing = grow(this.missing, (n) => new Int32Array(n));
    this.supersededBy = grow(this.supersededBy, (n) => new Int32Array(n));
  }
}

export interface MatchOptions {
  /** the rows to match, [start, end); default all */
  start?: number;
  end?: number;
}

/**
 * Every policy over the rows [start, end) of their columns (compiled against the same columns), with 就高不重复
 * applied per enterprise across the policies of each stacking group, exactly as applyStacking: among the eligible
 * results with an amount the largest max wins, then the largest min, then the smaller policy id; the others keep
 * their status and lose their amount.
 */
export function matchColumns(compiled: readonly CompiledPolicy[], options: MatchOptions = {}): PolicyMatches[] {
  const columns = compiled[0]?.columns;
  if (columns === undefined) return [];
  for (const c of compiled) {
    if (c.columns !== columns) throw new Error('matchColumns: the policies were compiled against other columns');
  }
  const start = options.start ?? 0;
  const end = options.end ?? columns.length;
  const builders = compiled.map(() => new MatchesBuilder(Math.min(Math.max(1024, (end - start) >>> 4), 1 << 20)));
  const segment = new Int32Array(compiled.length); // where each policy's rows of the current chunk begin
  const groups = stackingGroups(compiled);
  const sel = new Int32Array(CHUNK);
  const winner = new Int32Array(CHUNK);
  const winMax = new Float64Array(CHUNK);
  const winMin = new Float64Array(CHUNK);

  for (let from = start; from < end; from += CHUNK) {
    const n = Math.min(CHUNK, end - from);
    for (let p = 0; p < compiled.length; p++) {
      const policy = compiled[p]!;
      const out = builders[p]!;
      const status = policy.statuses(from, n);
      segment[p] = out.count;
      let m = 0;
      for (let k = 0; k < n; k++) if (status[k] !== INELIGIBLE) sel[m++] = from + k;
      if (m === 0) continue;
      out.reserve(m);
      const at = out.count;
      out.rows.set(sel.subarray(0, m), at);
      policy.amounts(sel, m, out.amountMin.subarray(at, at + m), out.amountMax.subarray(at, at + m));
      const needsAmountFacts = policy.hasBenefit;
      for (let i = 0; i < m; i++) {
        const row = sel[i]!;
        const s = status[row - from]!;
        out.status[at + i] = s;
        out.supersededBy[at + i] = -1;
        const amountIsNull = needsAmountFacts && out.amountMin[at + i] !== out.amountMin[at + i];
        out.missing[at + i] = s === UNKNOWN || amountIsNull ? policy.missingOf(row, row - from, s, amountIsNull) : 0;
      }
      out.count += m;
    }
    for (const group of groups) {
      winner.fill(-1, 0, n);
      for (const p of group) {
        const out = builders[p]!;
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const k = out.rows[j]! - from;
          const min = out.amountMin[j]!;
          // Policies in id order: a tie keeps the earlier, smaller id.
          if (winner[k] === -1 || max > winMax[k]! || (max === winMax[k] && min > winMin[k]!)) {
            winner[k] = p;
            winMax[k] = max;
            winMin[k] = min;
          }
        }
      }
      for (const p of group) {
        const out = builders[p]!;
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const w = winner[out.rows[j]! - from]!;
          if (w !== p) {
            out.amountMin[j] = Number.NaN;
            out.amountMax[j] = Number.NaN;
            out.supersededBy[j] = w;
          }
        }
      }
    }
  }
  return builders.map((b, p) => ({
    policy: compiled[p]!.policy,
    count: b.count,
    rows: b.rows.subarray(0, b.count),
    status: b.status.subarray(0, b.count),
    amountMin: b.amountMin.subarray(0, b.count),
    amountMax: b.amountMax.subarray(0, b.count),
    missing: b.missing.subarray(0, b.count),
    missingLists: compiled[p]!.missingLists.lists,
    supersededBy: b.supersededBy.subarray(0, b.count),
  }));
}

/** The indexes of the policies of each stacking group with more than one policy, each group in policy-id order. */
function stackingGroups(compiled: readonly CompiledPolicy[]): number[][] {
  const groups = new Map<string, number[]>();
  compiled.forEach((c, p) => {
    const group = c.policy.stackingGroup;
    if (group === undefined) return;
    let list = groups.get(group);
    if (list === undefined) groups.set(group, (list = []));
    list.push(p);
  });
  const byId = (a: number, b: number): number => {
    const x = compiled[a]!.policy.id;
    const y = compiled[b]!.policy.id;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  return [...groups.values()].filter((list) => list.length > 1).map((list) => list.sort(byId));
}
