export const INELIGIBLE = 0;
export const UNKNOWN = 1;
export const ELIGIBLE = 2;

// Inside the condition nodes an eligible row is 3 (0b11), so Kleene's all is a bitwise AND and any a bitwise OR of
// 0 (ineligible), 1 (unknown) and 3 (eligible): no branch on the data. Results say 2 (ELIGIBLE), as documented.
export const YES = 3;
/** Kleene's not in that encoding: 0 ↔ 3, 1 stays */
export const NOT = Uint8Array.of(YES, UNKNOWN, 0, 0);

/** Rows per chunk: the node buffers of a policy stay in the CPU's caches. */
export const CHUNK = 4096;
