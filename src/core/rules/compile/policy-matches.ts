import type { AmountRange, Policy } from '../types.ts';

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
