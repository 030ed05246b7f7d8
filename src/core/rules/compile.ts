// The bulk matcher: a policy compiled into a columnar evaluator over ProfileColumns (columns.ts). It must agree
// with the one-by-one evaluator (evaluate.ts) on every input — status, amount and missing facts — and the
// differential tests (compile.test.ts, services/rules/bulk.test.ts) hold them together.
//
// Rows are evaluated in chunks of CHUNK: each condition node writes the statuses of the chunk into its own small
// buffer (0 ineligible, 1 unknown, 2 eligible: Kleene's all is the minimum, any the maximum, not is 2 − s), the
// rows that are not ineligible are selected, the benefit is computed for the selection only, and the missing facts
// only for the rows that need them (unknown, or an amount that needs a fact), walking the node buffers of that row.
// 就高不重复 is applied per chunk across the policies of each stacking group, as applyStacking does.
//
// The engine lives in compile/, a file per part: the condition nodes (constant, combine, not, number-test,
// text-test, qualification-test) and the loop generator that fuses them (fused, guard), the benefit nodes (fixed,
// proportional, choice, sum), missing facts (missing-keys, missing-lists), compiling (compiler, lookup-table,
// compiled-policy) and matching many policies (match-columns, matches-builder, stacking-groups). This module is
// its public face: importers keep importing from here.

export { CHUNK, ELIGIBLE, INELIGIBLE, UNKNOWN } from './compile/status.ts';
export { factsRead } from './compile/facts-read.ts';
export { CompiledPolicy, compilePolicy } from './compile/compiled-policy.ts';
export type { CompileOptions } from './compile/compiled-policy.ts';
export { amountAt, supersededAt } from './compile/policy-matches.ts';
export type { PolicyMatches } from './compile/policy-matches.ts';
export { matchColumns } from './compile/match-columns.ts';
export type { MatchOptions } from './compile/match-columns.ts';
