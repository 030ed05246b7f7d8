/**
 * The fact keys a policy can name as missing, numbered as they are met; `order` lists the numbers in the keys'
 * sorted order, so a set of numbers becomes the evaluator's sorted, unique list.
 */
export class MissingKeys {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  order: number[] = [];

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The key pushMissing names for a fact other than sizeClass. */
  factId(ref: string): number {
    return this.id(ref === 'age' ? 'founded' : ref);
  }

  seal(): void {
    this.order = this.keys.map((_, i) => i).sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : 1));
  }
}

/** Keys numbered below this travel as bits of a number; the rare policy with more keys sets flags for the rest. */
export const MASK_BITS = 30;

/** The bit of a missing key, or 0 after setting its flag when its number is too large for a bit. */
export function mark(id: number, flags: Uint8Array): number {
  if (id < MASK_BITS) return 1 << id;
  flags[id] = 1;
  return 0;
}

/** No flags are set when every key fits in a bit. */
export const NO_FLAGS = new Uint8Array(0);
