import type { CodedColumn } from '../columns.ts';
import { INELIGIBLE, UNKNOWN, YES } from './status.ts';

export function toStatus(holds: boolean | undefined): number {
  return holds === undefined ? UNKNOWN : holds ? YES : INELIGIBLE;
}

/**
 * Lookup tables already built for a column, by test: a hundred policies over one set of columns test a few
 * regions and sectors many times over. Tables are read only, so policies share them.
 */
const tables = new WeakMap<CodedColumn, Map<string, Uint8Array>>();

export function cachedTable(
  column: CodedColumn,
  test: string,
  holds: (value: string) => boolean | undefined,
): Uint8Array {
  let cache = tables.get(column);
  if (cache === undefined) tables.set(column, (cache = new Map()));
  let table = cache.get(test);
  if (table === undefined) cache.set(test, (table = lookupTable(column.values, holds)));
  return table;
}

/** The status of each distinct value of a text column; code 0 (missing) is unknown. */
function lookupTable(values: readonly string[], holds: (value: string) => boolean | undefined): Uint8Array {
  const table = new Uint8Array(values.length);
  table[0] = UNKNOWN;
  for (let code = 1; code < values.length; code++) table[code] = toStatus(holds(values[code]!));
  return table;
}
