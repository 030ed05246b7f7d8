import { yuan } from '../evaluate.ts';
import type { BenefitNode } from './benefit-node.ts';
import { CHUNK } from './status.ts';

export class Sum implements BenefitNode {
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
