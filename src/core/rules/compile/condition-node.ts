import type { Fused } from './fused.ts';
import { UNKNOWN } from './status.ts';

export interface ConditionNode {
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

export function unknownInBuffer(out: Uint8Array, ks: Int32Array, m: number, pos: Int32Array): number {
  let c = 0;
  for (let i = 0; i < m; i++) if (out[ks[i]!] === UNKNOWN) pos[c++] = i;
  return c;
}

export function orAll(masks: Int32Array, m: number, bit: number): void {
  for (let i = 0; i < m; i++) masks[i]! |= bit;
}
