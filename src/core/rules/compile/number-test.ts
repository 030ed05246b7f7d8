import { orAll, unknownInBuffer } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import type { Fused } from './fused.ts';
import { mark } from './missing-keys.ts';
import { CHUNK, INELIGIBLE, UNKNOWN, YES } from './status.ts';

/** A test of a number fact: lo ⊲ v ⊲ hi (⊲ is < or ≤), or v ≠ x, or v in a set; NaN (missing) is unknown. */
export class NumberTest implements ConditionNode {
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
