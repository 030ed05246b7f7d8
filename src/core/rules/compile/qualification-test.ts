import type { QualificationColumn } from '../columns.ts';
import { unknownInBuffer } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import type { Fused } from './fused.ts';
import { mark, NO_FLAGS } from './missing-keys.ts';
import { CHUNK, INELIGIBLE, UNKNOWN, YES } from './status.ts';

/** Holds one of the qualifications, first awarded within a window (Run.qualification). */
export class QualificationTest implements ConditionNode {
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
