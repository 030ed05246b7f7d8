import { MASK_BITS } from './missing-keys.ts';
import type { MissingKeys } from './missing-keys.ts';

/** The distinct missing-fact lists one policy gave, interned: results hold an index, [0] is the empty list. */
export class MissingLists {
  readonly lists: (readonly string[])[] = [[]];
  /** list index by mask, for policies with few keys (-1: not met yet) */
  private readonly byMaskTable: Int32Array | undefined;
  private readonly byMask = new Map<number, number>();
  private readonly byKey = new Map<string, number>();

  constructor(private readonly keys: MissingKeys) {
    const n = keys.keys.length;
    this.byMaskTable = n <= 12 ? new Int32Array(1 << n).fill(-1) : undefined;
  }

  /** The index of the list of the keys in `mask` and the set flags (clearing them). */
  take(mask: number, flags: Uint8Array): number {
    const { keys, order } = this.keys;
    const n = keys.length;
    if (n <= MASK_BITS) {
      if (mask === 0) return 0;
      let index = this.byMaskTable === undefined ? this.byMask.get(mask) : this.byMaskTable[mask]!;
      if (index === undefined || index < 0) {
        index = this.lists.length;
        this.lists.push(order.filter((id) => (mask & (1 << id)) !== 0).map((id) => keys[id]!));
        if (this.byMaskTable === undefined) this.byMask.set(mask, index);
        else this.byMaskTable[mask] = index;
      }
      return index;
    }
    for (let id = 0; id < MASK_BITS; id++) if ((mask & (1 << id)) !== 0) flags[id] = 1;
    const list: string[] = [];
    for (const id of order) {
      if (flags[id] !== 0) {
        list.push(keys[id]!);
        flags[id] = 0;
      }
    }
    if (list.length === 0) return 0;
    const joined = list.join('\n');
    let index = this.byKey.get(joined);
    if (index === undefined) {
      index = this.lists.length;
      this.lists.push(list);
      this.byKey.set(joined, index);
    }
    return index;
  }
}
