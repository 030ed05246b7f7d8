import type { CompiledPolicy } from './compiled-policy.ts';
import { MatchesBuilder } from './matches-builder.ts';
import type { PolicyMatches } from './policy-matches.ts';
import { stackingGroups } from './stacking-groups.ts';
import { CHUNK, ELIGIBLE } from './status.ts';

export interface MatchOptions {
  /** the rows to match, [start, end); default all */
  start?: number;
  end?: number;
}

/**
 * Every policy over the rows [start, end) of their columns (compiled against the same columns), with 就高不重复
 * applied per enterprise across the policies of each stacking group, exactly as applyStacking: among the eligible
 * results with an amount the largest max wins, then the largest min, then the smaller policy id; the others keep
 * their status and lose their amount.
 */
export function matchColumns(compiled: readonly CompiledPolicy[], options: MatchOptions = {}): PolicyMatches[] {
  const columns = compiled[0]?.columns;
  if (columns === undefined) return [];
  for (const c of compiled) {
    if (c.columns !== columns) throw new Error('matchColumns: the policies were compiled against other columns');
  }
  const start = options.start ?? 0;
  const end = options.end ?? columns.length;
  const groups = stackingGroups(compiled);
  const stacked = new Set(groups.flat());
  const builders = compiled.map(
    (c, p) => new MatchesBuilder(Math.min(end - start, CHUNK), c.hasBenefit, stacked.has(p)),
  );
  const segment = new Int32Array(compiled.length); // where each policy's rows of the current chunk begin
  const sel = new Int32Array(CHUNK);
  const winner = new Int32Array(CHUNK);
  const winMax = new Float64Array(CHUNK);
  const winMin = new Float64Array(CHUNK);

  for (let from = start; from < end; from += CHUNK) {
    const n = Math.min(CHUNK, end - from);
    for (let p = 0; p < compiled.length; p++) {
      const policy = compiled[p]!;
      const out = builders[p]!;
      segment[p] = out.count;
      const m = policy.select(from, n, sel);
      if (m === 0) continue;
      const status = policy.statusBuffer;
      out.reserve(m, Math.ceil(((out.count + m) / (from + n - start)) * (end - from) * 1.1));
      const at = out.count;
      const rows = out.rows;
      const statuses = out.status;
      const missing = out.missing;
      for (let i = 0; i < m; i++) {
        const row = sel[i]!;
        rows[at + i] = row;
        const s = status[row - from]!;
        statuses[at + i] = s - (s >> 1); // 3 (eligible inside the nodes) is ELIGIBLE, 2
      }
      if (out.supersededBy !== null) out.supersededBy.fill(-1, at, at + m);
      const amountMin = out.amountMin;
      if (amountMin !== null) {
        policy.amounts(sel, m, amountMin.subarray(at, at + m), out.amountMax!.subarray(at, at + m));
      }
      policy.missingInto(sel, m, from, statuses, amountMin, missing, at);
      out.count += m;
    }
    for (const group of groups) {
      winner.fill(-1, 0, n);
      for (const p of group) {
        const out = builders[p]!;
        if (out.amountMax === null) continue; // no sum: nothing to compete with
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const k = out.rows[j]! - from;
          const min = out.amountMin![j]!;
          // Policies in id order: a tie keeps the earlier, smaller id.
          if (winner[k] === -1 || max > winMax[k]! || (max === winMax[k] && min > winMin[k]!)) {
            winner[k] = p;
            winMax[k] = max;
            winMin[k] = min;
          }
        }
      }
      for (const p of group) {
        const out = builders[p]!;
        if (out.amountMax === null) continue;
        for (let j = segment[p]!; j < out.count; j++) {
          const max = out.amountMax[j]!;
          if (out.status[j] !== ELIGIBLE || max !== max) continue;
          const w = winner[out.rows[j]! - from]!;
          if (w !== p) {
            out.amountMin![j] = Number.NaN;
            out.amountMax[j] = Number.NaN;
            out.supersededBy![j] = w;
          }
        }
      }
    }
  }
  return builders.map((b, p) => ({
    policy: compiled[p]!.policy,
    count: b.count,
    rows: b.rows.subarray(0, b.count),
    status: b.status.subarray(0, b.count),
    amountMin: b.amountMin === null ? null : b.amountMin.subarray(0, b.count),
    amountMax: b.amountMax === null ? null : b.amountMax.subarray(0, b.count),
    missing: b.missing.subarray(0, b.count),
    missingLists: compiled[p]!.missingLists.lists,
    supersededBy: b.supersededBy === null ? null : b.supersededBy.subarray(0, b.count),
  }));
}
