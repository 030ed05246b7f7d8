import { regionWithin } from '../../core/regions/region-table.ts';
import type { AmountRange } from '../../core/rules/types.ts';
import { validatePolicy } from '../../core/rules/validate.ts';
import type { Database } from '../../db/database.ts';
import type { EnterpriseProfileRow } from '../../db/enterprises.repository.ts';
import type { QualifyingPage, RulePreview } from '../../server/api.ts';
import { qualifyPolicy, qualifyRows, type QualifiedEnterprise } from './bulk.ts';

// Who qualifies for a policy, for the web app: a page of the stored policy's list, and a preview of a policy
// that is not stored yet. Both run the bulk engine over the enterprises now (a policy operator: those within
// its region), as `zhida qualify` does.

/** Rows a preview shows. */
export const PREVIEW_SAMPLE = 20;

/** The enterprises a caller may see: within its region (null: all). */
export function regionScope(scope: string | null): ((row: EnterpriseProfileRow) => boolean) | undefined {
  return scope === null ? undefined : (row) => regionWithin(row.region, scope);
}

interface Summary {
  counts: { eligible: number; unknown: number };
  /** over the eligible rows; null when none has an amount */
  amount: AmountRange | null;
}

function summarise(rows: readonly QualifiedEnterprise[]): Summary {
  const counts = { eligible: 0, unknown: 0 };
  let min = 0;
  let max = 0;
  let any = false;
  for (const row of rows) {
    counts[row.status]++;
    if (row.status === 'eligible' && row.amount !== null) {
      min += row.amount.min;
      max += row.amount.max;
      any = true;
    }
  }
  return { counts, amount: any ? { min, max } : null };
}

export interface QualifyingQuery {
  year: number;
  /** list the enterprises that may qualify (unknown) too */
  unknown: boolean;
  limit: number;
  offset: number;
  scope: string | null;
}

/** One page of the enterprises that qualify for stored policy `id`; throws policy.not_found. */
export async function qualifyingPage(database: Database, id: string, query: QualifyingQuery): Promise<QualifyingPage> {
  const keep = regionScope(query.scope);
  const result = await qualifyPolicy(database, id, query.year, { includeUnknown: true, ...(keep ? { keep } : {}) });
  const { counts, amount } = summarise(result.rows);
  const listed = query.unknown ? result.rows : result.rows.filter((row) => row.status === 'eligible');
  return {
    policy: result.policy,
    year: query.year,
    counts,
    amount,
    items: listed.slice(query.offset, query.offset + query.limit),
    total: listed.length,
    limit: query.limit,
    offset: query.offset,
  };
}

/** Who would qualify for the policy `json` in `year`, before anything is stored; invalid → its errors. */
export async function previewPolicy(
  database: Database,
  json: unknown,
  year: number,
  scope: string | null,
): Promise<RulePreview> {
  const checked = validatePolicy(json);
  if (!checked.ok) return { valid: false, errors: checked.errors };
  const keep = regionScope(scope);
  const { rows, enterprises } = await qualifyRows(database, checked.policy, year, {
    includeUnknown: true,
    ...(keep ? { keep } : {}),
  });
  const { counts, amount } = summarise(rows);
  return { valid: true, year, enterprises, counts, total: amount, sample: rows.slice(0, PREVIEW_SAMPLE) };
}
