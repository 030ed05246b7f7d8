import { CHUNK, INELIGIBLE } from './status.ts';
import { WRITE } from './text-test.ts';
import type { TextTest } from './text-test.ts';

/**
 * A test of one text column over one chunk — the statuses and the offsets of the rows it does not rule out — shared
 * by every policy that has it: most policies begin with their region, so the rows of a chunk outside it are skipped
 * once, not once per policy. Kept per lookup table (one per column and test), for the last chunk asked.
 */
export class Guard {
  readonly status = new Uint8Array(CHUNK);
  readonly ks = new Int32Array(CHUNK);
  m = 0;
  start = -1;
  n = -1;
}

const guards = new WeakMap<Uint8Array, Guard>();

export function guardOf(test: TextTest, start: number, n: number): Guard {
  let guard = guards.get(test.table);
  if (guard === undefined) guards.set(test.table, (guard = new Guard()));
  if (guard.start !== start || guard.n !== n) {
    test.into(start, n, guard.status, WRITE);
    const { status, ks } = guard;
    let m = 0;
    for (let k = 0; k < n; k++) if (status[k] !== INELIGIBLE) ks[m++] = k;
    guard.m = m;
    guard.start = start;
    guard.n = n;
  }
  return guard;
}
