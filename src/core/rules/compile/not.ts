import { unknownInBuffer } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import type { Fused } from './fused.ts';
import { CHUNK, NOT } from './status.ts';

export class Not implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(private readonly child: ConditionNode) {}

  evaluate(start: number, n: number): void {
    this.child.evaluate(start, n);
    const s = this.child.out;
    const out = this.out;
    for (let k = 0; k < n; k++) out[k] = NOT[s[k]!]!;
  }

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(row: number, k: number, flags: Uint8Array): number {
    return this.child.missing(row, k, flags);
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void {
    this.child.missingMasks(rows, ks, m, masks);
  }

  fuse(fused: Fused): string {
    return fused.local(`${fused.bind(NOT)}[${this.child.fuse(fused)}]`, this.out);
  }
}
