import { unknownInBuffer } from './condition-node.ts';
import type { ConditionNode } from './condition-node.ts';
import type { Fused } from './fused.ts';
import { CHUNK, INELIGIBLE, UNKNOWN, YES } from './status.ts';
import { AND, OR, TextTest, WRITE } from './text-test.ts';

export class Combine implements ConditionNode {
  readonly out = new Uint8Array(CHUNK);

  constructor(
    private readonly kind: 'all' | 'any',
    private readonly children: ConditionNode[],
  ) {
    // Kleene over an empty list, as the evaluator: all of nothing holds, any of nothing does not.
    if (children.length === 0) this.out.fill(kind === 'all' ? YES : INELIGIBLE);
  }

  evaluate(start: number, n: number): void {
    const out = this.out;
    const children = this.children;
    const mode = this.kind === 'all' ? AND : OR;
    for (let c = 0; c < children.length; c++) {
      const child = children[c]!;
      // A test of one text column writes straight into this buffer: no pass of its own, no copy.
      if (child instanceof TextTest) {
        child.into(start, n, out, c === 0 ? WRITE : mode);
        continue;
      }
      child.evaluate(start, n);
      const s = child.out;
      if (c === 0) for (let k = 0; k < n; k++) out[k] = s[k]!;
      else if (mode === AND) for (let k = 0; k < n; k++) out[k]! &= s[k]!;
      else for (let k = 0; k < n; k++) out[k]! |= s[k]!;
    }
  }

  statusAt(_row: number, k: number): number {
    return this.out[k]!;
  }

  missing(row: number, k: number, flags: Uint8Array): number {
    // An unknown all/any names what its unknown parts miss; a decided part missed nothing.
    let mask = 0;
    for (const child of this.children) if (child.statusAt(row, k) === UNKNOWN) mask |= child.missing(row, k, flags);
    return mask;
  }

  /** For "all": its first part that tests one text column (what every eligible or unknown row must pass). */
  guard(): TextTest | undefined {
    if (this.kind !== 'all') return undefined;
    for (const child of this.children) if (child instanceof TextTest) return child;
    return undefined;
  }

  fuse(fused: Fused): string {
    if (this.children.length === 0) return String(this.out[0]!);
    const parts = this.children.map((child) => `(${child.fuse(fused)})`);
    return fused.local(parts.join(this.kind === 'all' ? ' & ' : ' | '), this.out);
  }

  unknownAmong(_rows: Int32Array, ks: Int32Array, m: number, pos: Int32Array): number {
    return unknownInBuffer(this.out, ks, m, pos);
  }

  private scratch: { pos: Int32Array; rows: Int32Array; ks: Int32Array; masks: Int32Array } | undefined;

  missingMasks(rows: Int32Array, ks: Int32Array, m: number, masks: Int32Array): void {
    const scratch = (this.scratch ??= {
      pos: new Int32Array(CHUNK),
      rows: new Int32Array(CHUNK),
      ks: new Int32Array(CHUNK),
      masks: new Int32Array(CHUNK),
    });
    for (const child of this.children) {
      const c = child.unknownAmong(rows, ks, m, scratch.pos);
      if (c === 0) continue;
      for (let j = 0; j < c; j++) {
        const i = scratch.pos[j]!;
        scratch.rows[j] = rows[i]!;
        scratch.ks[j] = ks[i]!;
        scratch.masks[j] = 0;
      }
      child.missingMasks(scratch.rows, scratch.ks, c, scratch.masks);
      for (let j = 0; j < c; j++) masks[scratch.pos[j]!]! |= scratch.masks[j]!;
    }
  }
}
