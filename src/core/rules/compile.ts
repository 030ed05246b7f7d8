import { industryWithin } from '../profile/industries.ts';
import { regionWithin } from '../regions/region-table.ts';
import type { CodedColumn, FactNeeds, ProfileColumns, QualificationColumn } from './columns.ts';
import { factConditionHolds, inTier, yuan } from './evaluate.ts';
import { parseFact } from './facts.ts';
import type { AmountRange, Benefit, Condition, Policy } from './types.ts';

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

// Inside the condition nodes an eligible row is 3 (0b11), so Kleene's all is a bitwise AND and any a bitwise OR of
// 0 (ineligible), 1 (unknown) and 3 (eligible): no branch on the data. Results say 2 (ELIGIBLE), as documented.
const YES = 3;
/** Kleene's not in that encoding: 0 ↔ 3, 1 stays */
const NOT = Uint8Array.of(YES, UNKNOWN, 0, 0);

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
/** Keys numbered below this travel as bits of a number; the rare policy with more keys sets flags for the rest. */
const MASK_BITS = 30;

/** The bit of a missing key, or 0 after setting its flag when its number is too large for a bit. */
function mark(id: number, flags: Uint8Array): number {
  if (id < MASK_BITS) return 1 << id;
  flags[id] = 1;
  return 0;
}

class MissingLists {
  readonly lists: (readonly string[])[] = [[]];
  /** list index by mask, for policies with few keys (-1: not met yet) */
  private readonly byMaskTable: Int32Array | undefined;
  private readonly byMask = new Map<number, number>();
  private readonly byKey = new Map<string, number>();

  constructor(private readonly keys: MissingKeys) {
    const n = keys.keys.length;
    this.byMaskTable = n <= 12 ? new Int32Array(1 << n).fill(-1) : undefined;
  }

  /** The index of the list of the keys in `mask` and the set flags (clearing them). */
  take(mask: number, flags: Uint8Array): number {
    const { keys, order } = this.keys;
    const n = keys.length;
    if (n <= MASK_BITS) {
      if (mask === 0) return 0;
      let index = this.byMaskTable === undefined ? this.byMask.get(mask) : this.byMaskTable[mask]!;
      if (index === undefined || index < 0) {
        index = this.lists.length;
        this.lists.push(order.filter((id) => (mask & (1 << id)) !== 0).map((id) => keys[id]!));
        if (this.byMaskTable === undefined) this.byMask.set(mask, index);
        else this.byMaskTable[mask] = index;
      }
      return index;
    }
    for (let id = 0; id < MASK_BITS; id++) if ((mask & (1 << id)) !== 0) flags[id] = 1;
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
  /**
   * The status of row `row` (at `k` in the current chunk): tests of one column compute it again (a parent may have
   * had them write into its own buffer), the others read `out`.
   */
  statusAt(row: number, k: number): number;
  /**
   * The facts that left row `row` unknown (only when statusAt(row, k) is UNKNOWN): bits of the keys numbered below
   * MASK_BITS, flags set for the others.
   */
  missing(row: number, k: number, flags: Uint8Array): number;
  /** The positions i < m whose row rows[i] (at ks[i] in the chunk) this node left UNKNOWN, into `pos`; how many. */
  unknownAmong(rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number;
  /**
   * missing() for many rows at once, each UNKNOWN here: ORs their bits into masks[0..m). Only for policies whose
   * keys all fit in MASK_BITS (the others go row by row).
   */
  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void;
  /** The node as an expression of the fused loop (see Fused); it may add statements, and nodes to run first. */
  fuse(fused: Fused): string;
}

/**
 * A condition tree fused into one loop over the chunk, generated once per compiled policy: every node's status is a
 * local of the loop body (a text test a table lookup, a number range two comparisons, all an AND, any an OR), so
 * the rows are read once and no call is made per node. Qualification and the rarer number tests run first, each in
 * its own pass, and are read from their buffers. The generated code holds only names it made and operators: every
 * array and number it uses is bound to it as a variable, nothing of a policy's text is written into it.
 */
class Fused {
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  readonly statements: string[] = [];
  readonly before: ConditionNode[] = [];
  private locals = 0;

  bind(value: unknown): string {
    const name = `b${this.names.length}`;
    this.names.push(name);
    this.values.push(value);
    return name;
  }

  /** A new local holding `expression`, stored into `out[k]` when given (the missing-facts walk reads it). */
  local(expression: string, out?: Uint8Array): string {
    const name = `s${this.locals++}`;
    this.statements.push(`const ${name} = ${expression};`);
    if (out !== undefined) this.statements.push(`${this.bind(out)}[k] = ${name};`);
    return name;
  }

  /** A node that runs in its own pass before the loop, read from its buffer. */
  first(node: ConditionNode): string {
    this.before.push(node);
    return `${this.bind(node.out)}[k]`;
  }

  /** The loop over rows [start, start + n) writing the root's status into `out`. */
  /**
   * The loop writing the root's status into its `out`: over every row of the chunk, or (`selected`) over the
   * chunk offsets ks[0..m) only, the other rows left as they are.
   */
  build(root: ConditionNode): Loop {
    const status = root.fuse(this);
    const out = this.bind(root.out);
    const step = `const r = start + k; ${this.statements.join(' ')} ${out}[k] = ${status};`;
    const source =
      `return function fused(start, n, ks, m) { if (ks === undefined) { for (let k = 0; k < n; k++) { ${step} } }` +
      ` else { for (let i = 0; i < m; i++) { const k = ks[i]; ${step} } } };`;
    const key = `${this.names.join(',')}\n${source}`;
    let factory = fusedFactories.get(key);
    if (factory === undefined) {
      factory = new Function(...this.names, source) as (...values: unknown[]) => Loop;
      fusedFactories.set(key, factory);
    }
    const loop = factory(...this.values);
    const before = this.before;
    if (before.length === 0) return loop;
    return (start, n, ks, m) => {
      for (const node of before) node.evaluate(start, n);
      loop(start, n, ks, m);
    };
  }
}

/** A fused loop: every row of [start, start + n), or the chunk offsets ks[0..m). */
type Loop = (start: number, n: number, ks?: Int32Array, m?: number) => void;

/**
 * The generated loops by source: policies of one shape (region and sector, region and a figure…) share one, and a
 * policy compiled again gets its loop back already optimised by the engine instead of a new function to warm up.
 */
const fusedFactories = new Map<string, (...values: unknown[]) => Loop>();

/**
 * A test of one text column over one chunk — the statuses and the offsets of the rows it does not rule out — shared
 * by every policy that has it: most policies begin with their region, so the rows of a chunk outside it are skipped
 * once, not once per policy. Kept per lookup table (one per column and test), for the last chunk asked.
 */
class Guard {
  readonly status = new Uint8Array(CHUNK);
  readonly ks = new Int32Array(CHUNK);
  m = 0;
  start = -1;
  n = -1;
}

const guards = new WeakMap<Uint8Array, Guard>();

function guardOf(test: TextTest, start: number, n: number): Guard {
  let guard = guards.get(test.table);
  if (guard === undefined) guards.set(test.table, (guard = new Guard()));
  if (guard.start !== start || guard.n !== n) {
    test.into(start, n, guard.status, WRITE);
    const { status, ks } = guard;
    let m = 0;
    for (let k = 0; k < n; k++) if (status[k] !== INELIGIBLE) ks[m++] = k;
    guard.m = m;
    guard.start = start;
    guard.n = n;
  }
  return guard;
}

/** No flags are set when every key fits in a bit. */
const NO_FLAGS = new Uint8Array(0);

function unknownInBuffer(out: Uint8Array, ks: Int32Array, m: number, pos: Int32Array): number {
  let c = 0;
  for (let i = 0; i < m; i++) if (out[ks[i]!] === UNKNOWN) pos[c++] = i;
  return c;
}

function orAll(masks: Int32Array, m: number, bit: number): void {
  for (let i = 0; i < m; i++) masks[i]! |= bit;
}

/** How a test of one column writes into a buffer: its status, or AND (all) or OR (any) with what it holds. */
const WRITE = 0;
const AND = 1;
const OR = 2;

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

  statusAt(): number {
    return this.out[0]!;
  }

  missing(_row: number, _k: number, flags: Uint8Array): number {
    return this.missingId === undefined ? 0 : mark(this.missingId, flags);
  }

  fuse(): string {
    return String(this.out[0]!);
  }

  unknownAmong(_rows: Int32Array, _ks: Int32Array, m: number, pos: Int32Array): number {
    if (this.out[0] !== UNKNOWN) return 0;
    for (let i = 0; i < m; i++) pos[i] = i;
    return m;
  }

  missingMasks(_rows: Int32Array, _ks: Int32Array, m: number, masks: Int32Array): void {
    if (this.missingId !== undefined) orAll(masks, m, 1 << this.missingId);
  }
}

class Combine implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly kind: 'all' | 'any',
    private readonly children: ConditionNode[],
  ) {
    // Kleene over an empty list, as the evaluator: all of nothing holds, any of nothing does not.
    if (children.length === 0) this.out.fill(kind === 'all' ? YES : INELIGIBLE);
  }

  evaluate(start: number, n: number): void {
    const out = this.out;
    const children = this.children;
    const mode = this.kind === 'all' ? AND : OR;
    for (let c = 0; c < children.length; c++) {
      const child = children[c]!;
      // A test of one text column writes straight into this buffer: no pass of its own, no copy.
      if (child instanceof TextTest) {
        child.into(start, n, out, c === 0 ? WRITE : mode);
        continue;
      }
      child.evaluate(start, n);
      const s = child.out;
      if (c === 0) for (let k = 0; k < n; k++) out[k] = s[k]!;
      else if (mode === AND) for (let k = 0; k < n; k++) out[k]! &= s[k]!;
      else for (let k = 0; k < n; k++) out[k]! |= s[k]!;
    }
  }

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(row: number, k: number, flags: Uint8Array): number {
    // An unknown all/any names what its unknown parts miss; a decided part missed nothing.
    let mask = 0;
    for (const child of this.children) if (child.statusAt(row, k) === UNKNOWN) mask |= child.missing(row, k, flags);
    return mask;
  }

  /** For "all": its first part that tests one text column (what every eligible or unknown row must pass). */
  guard(): TextTest | undefined {
    if (this.kind !== 'all') return undefined;
    for (const child of this.children) if (child instanceof TextTest) return child;
    return undefined;
  }

  fuse(fused: Fused): string {
    if (this.children.length === 0) return String(this.out[0]!);
    const parts = this.children.map((child) => `(${child.fuse(fused)})`);
    return fused.local(parts.join(this.kind === 'all' ? ' & ' : ' | '), this.out);
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  private scratch: { pos: Int32Array; rows: Int32Array; ks: Int32Array; masks: Int32Array } | undefined;

  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void {
    const scratch = (this.scratch ??= {
      pos: new Int32Array(CHUNK),
      rows: new Int32Array(CHUNK),
      ks: new Int32Array(CHUNK),
      masks: new Int32Array(CHUNK),
    });
    for (const child of this.children) {
      const c = child.unknownAmong(rows, ks, m, scratch.pos);
      if (c === 0) continue;
      for (let j = 0; j < c; j++) {
        const i = scratch.pos[j]!;
        scratch.rows[j] = rows[i]!;
        scratch.ks[j] = ks[i]!;
        scratch.masks[j] = 0;
      }
      child.missingMasks(scratch.rows, scratch.ks, c, scratch.masks);
      for (let j = 0; j < c; j++) masks[scratch.pos[j]!]! |= scratch.masks[j]!;
    }
  }
}

class Not implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(private readonly child: ConditionNode) {}

  evaluate(start: number, n: number): void {
    this.child.evaluate(start, n);
    const s = this.child.out;
    const out = this.out;
    for (let k = 0; k < n; k++) out[k] = NOT[s[k]!]!;
  }

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(row: number, k: number, flags: Uint8Array): number {
    return this.child.missing(row, k, flags);
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void {
    this.child.missingMasks(rows, ks, m, masks);
  }

  fuse(fused: Fused): string {
    return fused.local(`${fused.bind(NOT)}[${this.child.fuse(fused)}]`, this.out);
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
        // NaN fails every comparison: (v !== v) is the unknown bit, the comparisons give 0 or 3.
        if (test.loIn && test.hiIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = +(v !== v) | (YES * (+(v >= lo) & +(v <= hi)));
          }
        } else if (test.loIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = +(v !== v) | (YES * (+(v >= lo) & +(v < hi)));
          }
        } else if (test.hiIn) {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = +(v !== v) | (YES * (+(v > lo) & +(v <= hi)));
          }
        } else {
          for (let k = 0; k < n; k++) {
            const v = col[start + k]!;
            out[k] = +(v !== v) | (YES * (+(v > lo) & +(v < hi)));
          }
        }
        return;
      }
      case 'not': {
        const x = test.value;
        for (let k = 0; k < n; k++) {
          const v = col[start + k]!;
          out[k] = v !== v ? UNKNOWN : v !== x ? YES : INELIGIBLE;
        }
        return;
      }
      case 'in': {
        const values = test.values;
        for (let k = 0; k < n; k++) {
          const v = col[start + k]!;
          out[k] = v !== v ? UNKNOWN : values.includes(v) ? YES : INELIGIBLE;
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

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(_row: number, _k: number, flags: Uint8Array): number {
    return mark(this.missingId, flags);
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  missingMasks(_rows: Int32Array, _ks: Int32Array, m: number, masks: Int32Array): void {
    orAll(masks, m, 1 << this.missingId);
  }

  fuse(fused: Fused): string {
    const test = this.test;
    if (test.kind !== 'range') return fused.first(this);
    const v = fused.local(`${fused.bind(this.column)}[r]`);
    const lo = `${v} ${test.loIn ? '>=' : '>'} ${fused.bind(test.lo)}`;
    const hi = `${v} ${test.hiIn ? '<=' : '<'} ${fused.bind(test.hi)}`;
    return fused.local(`+(${v} !== ${v}) | (${YES} * (+(${lo}) & +(${hi})))`, this.out);
  }
}

/** A test of a text fact: its outcome for each distinct value, looked up by code (code 0, missing: unknown). */
class TextTest implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    readonly codes: Int32Array,
    readonly table: Uint8Array,
    /** the missing key, or for sizeClass the key of each row's sizeMissing code */
    private readonly missingIds: number | { codes: Int32Array; ids: number[][] },
  ) {}

  evaluate(start: number, n: number): void {
    this.into(start, n, this.out, WRITE);
  }

  /** Writes the statuses into `out`, or combines them with what it holds (AND for all, OR for any). */
  into(start: number, n: number, out: Uint8Array, mode: number): void {
    const codes = this.codes;
    const table = this.table;
    if (mode === WRITE) {
      for (let k = 0; k < n; k++) out[k] = table[codes[start + k]!]!;
    } else if (mode === AND) {
      for (let k = 0; k < n; k++) out[k]! &= table[codes[start + k]!]!;
    } else {
      for (let k = 0; k < n; k++) out[k]! |= table[codes[start + k]!]!;
    }
  }

  statusAt(row: number): number {
    return this.table[this.codes[row]!]!;
  }

  missing(row: number, _k: number, flags: Uint8Array): number {
    const ids = this.missingIds;
    if (typeof ids === 'number') return mark(ids, flags);
    let mask = 0;
    for (const id of ids.ids[ids.codes[row]!]!) mask |= mark(id, flags);
    return mask;
  }

  unknownAmong(rows: Int32Array, _ks: Int32Array, m: number, pos: Int32Array): number {
    const codes = this.codes;
    const table = this.table;
    let c = 0;
    for (let i = 0; i < m; i++) if (table[codes[rows[i]!]!] === UNKNOWN) pos[c++] = i;
    return c;
  }

  fuse(fused: Fused): string {
    return `${fused.bind(this.table)}[${fused.bind(this.codes)}[r]]`;
  }

  missingMasks(rows: Int32Array, _ks: Int32Array, m: number, masks: Int32Array): void {
    const ids = this.missingIds;
    if (typeof ids === 'number') orAll(masks, m, 1 << ids);
    else for (let i = 0; i < m; i++) masks[i]! |= this.missing(rows[i]!, 0, NO_FLAGS);
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
          out[k] = YES;
          continue;
        }
        if (withinWindow(q, j, window.from, window.to)) out[k] = YES;
        else if (q.firstUndated[j]! >= 0 && out[k] === INELIGIBLE) out[k] = UNKNOWN; // a year would decide
      }
    }
  }

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(row: number, _k: number, flags: Uint8Array): number {
    if (!((this.listed[row >>> 5]! >>> (row & 31)) & 1)) return mark(this.listMissingId, flags);
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
    return best >= 0 ? mark(this.yearMissingIds[best]!, flags) : 0;
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void {
    for (let i = 0; i < m; i++) masks[i]! |= this.missing(rows[i]!, ks[i]!, NO_FLAGS);
  }

  fuse(fused: Fused): string {
    return fused.first(this);
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
  /** the facts whose absence left the amount of `row` null (as ConditionNode.missing) */
  missing(row: number, flags: Uint8Array): number;
  /** missing() for the rows rows[0..m), ORed into masks (keys within MASK_BITS only) */
  missingMasks(rows: Int32Array, m: number, masks: Int32Array): void;
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

  missing(): number {
    return 0;
  }

  missingMasks(): void {}
}

/** No amount (a schedule without an entry for the evaluation year). */
class NoAmount implements BenefitNode {
  evaluate(_sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    min.fill(Number.NaN, 0, n);
    max.fill(Number.NaN, 0, n);
  }

  missing(): number {
    return 0;
  }

  missingMasks(): void {}
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

  missing(row: number, flags: Uint8Array): number {
    return this.column[row]! !== this.column[row]! ? mark(this.missingId, flags) : 0;
  }

  missingMasks(rows: Int32Array, m: number, masks: Int32Array): void {
    const column = this.column;
    const bit = 1 << this.missingId;
    for (let i = 0; i < m; i++) {
      const v = column[rows[i]!]!;
      if (v !== v) masks[i]! |= bit;
    }
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

  missing(row: number, flags: Uint8Array): number {
    const value = this.column[row]!;
    if (value !== value) return mark(this.missingId, flags);
    const c = this.choose(value);
    return c >= 0 ? this.choices[c]!.missing(row, flags) : 0;
  }

  missingMasks(rows: Int32Array, m: number, masks: Int32Array): void {
    const column = this.column;
    const bit = 1 << this.missingId;
    for (let i = 0; i < m; i++) {
      const v = column[rows[i]!]!;
      if (v !== v) masks[i]! |= bit;
      else {
        const c = this.choose(v);
        if (c >= 0) masks[i]! |= this.choices[c]!.missing(rows[i]!, NO_FLAGS);
      }
    }
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

  missing(row: number, flags: Uint8Array): number {
    let mask = 0;
    for (const part of this.parts) mask |= part.missing(row, flags);
    for (const part of this.less) mask |= part.missing(row, flags);
    return mask;
  }

  missingMasks(rows: Int32Array, m: number, masks: Int32Array): void {
    for (const part of this.parts) part.missingMasks(rows, m, masks);
    for (const part of this.less) part.missingMasks(rows, m, masks);
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
      const { source: _source, ...test } = node;
      const table = cachedTable(column, JSON.stringify(test), (value) => factConditionHolds(node, value));
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
    const table = cachedTable(column, `within:${codes.join(',')}`, (value) => codes.some((code) => test(value, code)));
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
  return holds === undefined ? UNKNOWN : holds ? YES : INELIGIBLE;
}

/**
 * Lookup tables already built for a column, by test: a hundred policies over one set of columns test a few
 * regions and sectors many times over. Tables are read only, so policies share them.
 */
const tables = new WeakMap<CodedColumn, Map<string, Uint8Array>>();

function cachedTable(column: CodedColumn, test: string, holds: (value: string) => boolean | undefined): Uint8Array {
  let cache = tables.get(column);
  if (cache === undefined) tables.set(column, (cache = new Map()));
  let table = cache.get(test);
  if (table === undefined) cache.set(test, (table = lookupTable(column.values, holds)));
  return table;
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
  /** evaluates the condition over a chunk: the fused loop, or node by node */
  private readonly run: Loop;
  /** a text test the whole condition needs (the root, or a part of a root "all"): its rows are the only candidates */
  private readonly guard: TextTest | undefined;
  /** where `select` left the statuses of the chunk, by offset (0, 1, 3) */
  statusBuffer: Uint8Array = INELIGIBLE_CHUNK;
  private readonly keys: MissingKeys;
  private readonly flags: Uint8Array;
  /** the missing-fact lists this policy gave; results hold indexes into it */
  readonly missingLists: MissingLists;

  constructor(policy: Policy, columns: ProfileColumns, options: CompileOptions = {}) {
    this.policy = policy;
    this.columns = columns;
    const compiler = new Compiler(columns);
    const date = columns.date;
    const valid =
      (policy.validFrom === undefined || date >= policy.validFrom) &&
      (policy.validTo === undefined || date <= policy.validTo);
    this.condition = valid ? compiler.condition(policy.eligibility) : null;
    const fuse = options.fuse !== false;
    this.run =
      this.condition === null
        ? () => {}
        : fuse
          ? new Fused().build(this.condition)
          : this.condition.evaluate.bind(this.condition);
    const root = this.condition;
    this.guard = !fuse
      ? undefined
      : root instanceof TextTest
        ? root
        : root instanceof Combine
          ? root.guard()
          : undefined;
    this.benefit = valid && policy.benefit !== null ? compiler.benefit(policy.benefit) : null;
    this.keys = compiler.keys;
    this.keys.seal();
    this.flags = new Uint8Array(Math.max(1, this.keys.keys.length));
    this.missingLists = new MissingLists(this.keys);
  }

  /** The statuses of rows [start, start + n), n ≤ CHUNK, a view valid until the next call: 0 ineligible, 1 unknown,
   *  3 eligible (the nodes' encoding; matchColumns reports 2). */
  statuses(start: number, n: number): Uint8Array {
    if (this.condition === null) return INELIGIBLE_CHUNK;
    this.run(start, n);
    return this.condition.out;
  }

  /**
   * Evaluates rows [start, start + n) (n ≤ CHUNK) and writes the rows that are not ineligible into `sel`; returns
   * how many. Their statuses are left in statusBuffer, by offset. With a guard only its rows are evaluated.
   */
  select(start: number, n: number, sel: Int32Array): number {
    const root = this.condition;
    if (root === null) return 0;
    const guard = this.guard;
    if (guard === undefined) {
      this.run(start, n);
      const out = (this.statusBuffer = root.out);
      let m = 0;
      for (let k = 0; k < n; k++) if (out[k] !== INELIGIBLE) sel[m++] = start + k;
      return m;
    }
    const g = guardOf(guard, start, n);
    if (root === guard) {
      this.statusBuffer = g.status;
      for (let i = 0; i < g.m; i++) sel[i] = start + g.ks[i]!;
      return g.m;
    }
    // An "all" that needs the guard: the rows outside it are ineligible, the others evaluated.
    const out = (this.statusBuffer = root.out);
    out.fill(INELIGIBLE, 0, n);
    if (g.m === 0) return 0;
    this.run(start, n, g.ks, g.m);
    let m = 0;
    for (let i = 0; i < g.m; i++) {
      const k = g.ks[i]!;
      if (out[k] !== INELIGIBLE) sel[m++] = start + k;
    }
    return m;
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
    let mask = 0;
    if (status === UNKNOWN) mask |= this.condition!.missing(row, k, this.flags);
    if (amountIsNull && this.benefit !== null) mask |= this.benefit.missing(row, this.flags);
    return this.missingLists.take(mask, this.flags);
  }
  private buffers:
    { pos: Int32Array; rows: Int32Array; ks: Int32Array; masks: Int32Array; sub: Int32Array } | undefined;

  /**
   * The missing-list index of each entry `at + i` (i < m) of a chunk's matches, right after `statuses` of the chunk
   * that begins at `from`: rows[i] is its row, status[at + i] its status, amountMin[at + i] its amount (NaN: null;
   * no array: the policy states no sum). Unknown rows name what left them unknown, rows whose amount is null what
   * the amount needs — many rows at once, a pass per node.
   */
  missingInto(
    rows: Int32Array,
    m: number,
    from: number,
    status: Uint8Array,
    amountMin: Float64Array | null,
    out: Int32Array,
    at: number,
  ): void {
    if (this.keys.keys.length > MASK_BITS) {
      // More keys than bits (a rare, large policy): row by row with flags.
      for (let i = 0; i < m; i++) {
        const s = status[at + i]!;
        const amountIsNull = amountMin !== null && amountMin[at + i]! !== amountMin[at + i]!;
        out[at + i] = s === UNKNOWN || amountIsNull ? this.missingOf(rows[i]!, rows[i]! - from, s, amountIsNull) : 0;
      }
      return;
    }
    const b = (this.buffers ??= {
      pos: new Int32Array(CHUNK),
      rows: new Int32Array(CHUNK),
      ks: new Int32Array(CHUNK),
      masks: new Int32Array(CHUNK),
      sub: new Int32Array(CHUNK),
    });
    b.masks.fill(0, 0, m);
    let c = 0;
    for (let i = 0; i < m; i++) {
      if (status[at + i] === UNKNOWN) {
        b.pos[c] = i;
        b.rows[c] = rows[i]!;
        b.ks[c] = rows[i]! - from;
        b.sub[c++] = 0;
      }
    }
    if (c > 0) {
      this.condition!.missingMasks(b.rows, b.ks, c, b.sub);
      for (let j = 0; j < c; j++) b.masks[b.pos[j]!] = b.sub[j]!;
    }
    if (amountMin !== null && this.benefit !== null) {
      c = 0;
      for (let i = 0; i < m; i++) {
        if (amountMin[at + i]! !== amountMin[at + i]!) {
          b.pos[c] = i;
          b.rows[c] = rows[i]!;
          b.sub[c++] = 0;
        }
      }
      if (c > 0) {
        this.benefit.missingMasks(b.rows, c, b.sub);
        for (let j = 0; j < c; j++) b.masks[b.pos[j]!]! |= b.sub[j]!;
      }
    }
    const lists = this.missingLists;
    for (let i = 0; i < m; i++) {
      const mask = b.masks[i]!;
      out[at + i] = mask === 0 ? 0 : lists.take(mask, NO_FLAGS);
    }
  }
}

const INELIGIBLE_CHUNK = new Uint8Array(CHUNK);

export interface CompileOptions {
  /** fuse the condition tree into one generated loop (default); false evaluates it node by node, a pass each */
  fuse?: boolean;
}

export function compilePolicy(policy: Policy, columns: ProfileColumns, options: CompileOptions = {}): CompiledPolicy {
  return new CompiledPolicy(policy, columns, options);
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
  /** yuan; NaN: no amount (a missing fact, no tier or year applies, or superseded by stacking); null: the policy
   *  states no sum, so no row has an amount */
  amountMin: Float64Array | null;
  amountMax: Float64Array | null;
  /** index into missingLists (0: none) */
  missing: Int32Array;
  missingLists: readonly (readonly string[])[];
  /** the index (in the policies matched together) of the policy that supersedes this row's sum, -1: none; null: the
   *  policy shares no stacking group */
  supersededBy: Int32Array | null;
}

/** The amount of entry j (not row j) of a policy's matches; null: none. */
export function amountAt(m: PolicyMatches, j: number): AmountRange | null {
  const min = m.amountMin === null ? Number.NaN : m.amountMin[j]!;
  return min !== min ? null : { min, max: m.amountMax![j]! };
}

/** The index of the policy that supersedes entry j's sum (就高不重复), or -1. */
export function supersededAt(m: PolicyMatches, j: number): number {
  return m.supersededBy === null ? -1 : m.supersededBy[j]!;
}

class MatchesBuilder {
  count = 0;
  rows: Int32Array;
  status: Uint8Array;
  amountMin: Float64Array | null;
  amountMax: Float64Array | null;
  missing: Int32Array;
  supersededBy: Int32Array | null;

  constructor(capacity: number, amounts: boolean, stacked: boolean) {
    this.rows = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.amountMin = amounts ? new Float64Array(capacity) : null;
    this.amountMax = amounts ? new Float64Array(capacity) : null;
    this.missing = new Int32Array(capacity);
    this.supersededBy = stacked ? new Int32Array(capacity) : null;
  }

  /** Room for `more` rows; when it must grow, for `expected` more in all (the selectivity seen so far). */
  reserve(more: number, expected: number): void {
    const need = this.count + more;
    if (need <= this.rows.length) return;
    const size = Math.max(need, this.count + expected, this.rows.length * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array.subarray(0, this.count));
      return next;
    };
    this.rows = grow(this.rows, (n) => new Int32Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    if (this.amountMin !== null) this.amountMin = grow(this.amountMin, (n) => new Float64Array(n));
    if (this.amountMax !== null) this.amountMax = grow(this.amountMax, (n) => new Float64Array(n));
    this.missing = grow(this.missing, (n) => new Int32Array(n));
    if (this.supersededBy !== null) this.supersededBy = grow(this.supersededBy, (n) => new Int32Array(n));
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
  const groups = stackingGroups(compiled);
  const stacked = new Set(groups.flat());
  const builders = compiled.map(
    (c, p) => new MatchesBuilder(Math.min(end - start, CHUNK), c.hasBenefit, stacked.has(p)),
  );
  const segment = new Int32Array(compiled.length); // where each policy's rows of the current chunk begin
  const sel = new Int32Array(CHUNK);
  const winner = new Int32Array(CHUNK);
  const winMax = new Float64Array(CHUNK);
  const winMin = new Float64Array(CHUNK);

  for (let from = start; from < end; from += CHUNK) {
    const n = Math.min(CHUNK, end - from);
    for (let p = 0; p < compiled.length; p++) {
      const policy = compiled[p]!;
      const out = builders[p]!;
      segment[p] = out.count;
      const m = policy.select(from, n, sel);
      if (m === 0) continue;
      const status = policy.statusBuffer;
      out.reserve(m, Math.ceil(((out.count + m) / (from + n - start)) * (end - from) * 1.1));
      const at = out.count;
      const rows = out.rows;
      const statuses = out.status;
      const missing = out.missing;
      for (let i = 0; i < m; i++) {
        const row = sel[i]!;
        rows[at + i] = row;
        const s = status[row - from]!;
        statuses[at + i] = s - (s >> 1); // 3 (eligible inside the nodes) is ELIGIBLE, 2
      }
      if (out.supersededBy !== null) out.supersededBy.fill(-1, at, at + m);
      const amountMin = out.amountMin;
      if (amountMin !== null) {
        policy.amounts(sel, m, amountMin.subarray(at, at + m), out.amountMax!.subarray(at, at + m));
      }
      policy.missingInto(sel, m, from, statuses, amountMin, missing, at);
      out.count += m;
    }
    for (const group of groups) {
      winner.fill(-1, 0, n);
      for (const p of group) {
        const out = builders[p]!;
        if (out.amountMax === null) continue; // no sum: nothing to compete with
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const k = out.rows[j]! - from;
          const min = out.amountMin![j]!;
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
        if (out.amountMax === null) continue;
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const w = winner[out.rows[j]! - from]!;
          if (w !== p) {
            out.amountMin![j] = Number.NaN;
            out.amountMax[j] = Number.NaN;
            out.supersededBy![j] = w;
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
    amountMin: b.amountMin === null ? null : b.amountMin.subarray(0, b.count),
    amountMax: b.amountMax === null ? null : b.amountMax.subarray(0, b.count),
    missing: b.missing.subarray(0, b.count),
    missingLists: compiled[p]!.missingLists.lists,
    supersededBy: b.supersededBy === null ? null : b.supersededBy.subarray(0, b.count),
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
