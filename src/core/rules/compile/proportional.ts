import { yuan } from '../evaluate.ts';
import type { BenefitNode } from './benefit-node.ts';
import { mark } from './missing-keys.ts';

/** rate% or yuan per unit of a fact, capped: the evaluator's arithmetic, step for step. */
export class Proportional implements BenefitNode {
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
