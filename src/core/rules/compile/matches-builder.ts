export class MatchesBuilder {
  count = 0;
  rows: Int32Array;
  status: Uint8Array;
  amountMin: Float64Array | null;
  amountMax: Float64Array | null;
  missing: Int32Array;
  supersededBy: Int32Array | null;

  constructor(capacity: number, amounts: boolean, stacked: boolean) {
    this.rows = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.amountMin = amounts ? new Float64Array(capacity) : null;
    this.amountMax = amounts ? new Float64Array(capacity) : null;
    this.missing = new Int32Array(capacity);
    this.supersededBy = stacked ? new Int32Array(capacity) : null;
  }

  /** Room for `more` rows; when it must grow, for `expected` more in all (the selectivity seen so far). */
  reserve(more: number, expected: number): void {
    const need = this.count + more;
    if (need <= this.rows.length) return;
    const size = Math.max(need, this.count + expected, this.rows.length * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array.subarray(0, this.count));
      return next;
    };
    this.rows = grow(this.rows, (n) => new Int32Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    if (this.amountMin !== null) this.amountMin = grow(this.amountMin, (n) => new Float64Array(n));
    if (this.amountMax !== null) this.amountMax = grow(this.amountMax, (n) => new Float64Array(n));
    this.missing = grow(this.missing, (n) => new Int32Array(n));
    if (this.supersededBy !== null) this.supersededBy = grow(this.supersededBy, (n) => new Int32Array(n));
  }
}
