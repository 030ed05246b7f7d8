import { orAll } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import { mark } from './missing-keys.ts';
import { CHUNK, UNKNOWN } from './status.ts';

export class Constant implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    status: number,
    /** what an unknown names (a fact the vocabulary does not know is always missing) */
    private readonly missingId?: number,
  ) {
    this.out.fill(status);
  }

  evaluate(): void {}

  statusAt(): number {
    return this.out[0]!;
  }

  missing(_row: number, _k: number, flags: Uint8Array): number {
    return this.missingId === undefined ? 0 : mark(this.missingId, flags);
  }

  fuse(): string {
    return String(this.out[0]!);
  }

  unknownAmong(_rows: Int32Array, _ks: Int32Array, m: number, pos: Int32Array): number {
    if (this.out[0] !== UNKNOWN) return 0;
    for (let i = 0; i < m; i++) pos[i] = i;
    return m;
  }

  missingMasks(_rows: Int32Array, _ks: Int32Array, m: number, masks: Int32Array): void {
    if (this.missingId !== undefined) orAll(masks, m, 1 << this.missingId);
  }
}
