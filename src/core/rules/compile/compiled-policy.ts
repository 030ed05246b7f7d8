import type { ProfileColumns } from '../columns.ts';
import type { Policy } from '../types.ts';
import type { BenefitNode } from './benefit-node.ts';
import { Combine } from './combine.ts';
import { Compiler } from './compiler.ts';
import type { ConditionNode } from './condition-node.ts';
import { Fused } from './fused.ts';
import type { Loop } from './fused.ts';
import { guardOf } from './guard.ts';
import { MASK_BITS, NO_FLAGS } from './missing-keys.ts';
import type { MissingKeys } from './missing-keys.ts';
import { MissingLists } from './missing-lists.ts';
import { CHUNK, INELIGIBLE, UNKNOWN } from './status.ts';
import { TextTest } from './text-test.ts';

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
