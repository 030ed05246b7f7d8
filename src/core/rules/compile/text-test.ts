import { orAll } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import type { Fused } from './fused.ts';
import { mark, NO_FLAGS } from './missing-keys.ts';
import { CHUNK, UNKNOWN } from './status.ts';

/** How a test of one column writes into a buffer: its status, or AND (all) or OR (any) with what it holds. */
export const WRITE = 0;
export const AND = 1;
export const OR = 2;

/** A test of a text fact: its outcome for each distinct value, looked up by code (code 0, missing: unknown). */
export class TextTest implements ConditionNode {
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
