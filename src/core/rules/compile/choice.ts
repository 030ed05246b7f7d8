import { inTier } from '../evaluate.ts';
import type { Benefit } from '../types.ts';
import type { BenefitNode } from './benefit-node.ts';
import { mark, NO_FLAGS } from './missing-keys.ts';
import { CHUNK } from './status.ts';

/**
 * A choice among sub-benefits by a per-row index (the tier that holds, the schedule's programme year): the rows
 * of each choice are evaluated together and scattered back.
 */
export abstract class Choice implements BenefitNode {
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

export class Tiers extends Choice {
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
export class Programme extends Choice {
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
