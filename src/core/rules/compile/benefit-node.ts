export interface BenefitNode {
  /** the amounts of the rows sel[0..n) into min[0..n) and max[0..n); NaN: no amount */
  evaluate(sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void;
  /** the facts whose absence left the amount of `row` null (as ConditionNode.missing) */
  missing(row: number, flags: Uint8Array): number;
  /** missing() for the rows rows[0..m), ORed into masks (keys within MASK_BITS only) */
  missingMasks(rows: Int32Array, m: number, masks: Int32Array): void;
}
