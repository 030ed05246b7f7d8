import { errors } from '../../core/errors.ts';
import { regionFromInput } from '../../core/regions/region-input.ts';
import { regionFullName, regionsWithin } from '../../core/regions/region-path.ts';
import { regionWithin } from '../../core/regions/region-table.ts';
import type { Database } from '../../db/database.ts';
import { listEnterprises as listRows, type EnterpriseListRow } from '../../db/enterprises.repository.ts';
import type { EnterpriseListItem, Page } from '../../server/api.ts';

// The staff list of enterprises: search by part of the name or the code, filter by region (enclosed regions
// included), and for a policy operator only those within its own region.

export function presentEnterpriseListItem(row: EnterpriseListRow): EnterpriseListItem {
  return {
    uscc: row.uscc,
    name: row.name,
    region: row.region,
    regionName: regionFullName(row.region),
    industry: row.industry,
    sizeClass: row.size_class,
    employees: row.employees,
    updatedAt: row.updated_at,
  };
}

export interface EnterpriseListQuery {
  q?: string;
  /** a GB/T 2260 code or a place name */
  region?: string;
  limit: number;
  offset: number;
  /** the caller's own region (a policy operator): nothing outside it is listed */
  scope?: string | null;
}

/** The regions the list may show: the filter's, cut down to the scope; throws search.bad_filter for a bad region. */
function regionFilter(query: EnterpriseListQuery): string[] | undefined {
  let within: string | undefined;
  if (query.region !== undefined && query.region.trim() !== '') {
    const region = regionFromInput(query.region);
    if (region === undefined) {
      throw errors.badSearchFilter(
        'region',
        `no region is called ${JSON.stringify(query.region)}; give a GB/T 2260 code`,
      );
    }
    within = region.code;
  }
  const scope = query.scope ?? undefined;
  if (scope === undefined) return within === undefined ? undefined : regionsWithin(within);
  if (within === undefined || regionWithin(scope, within)) return regionsWithin(scope);
  return regionWithin(within, scope) ? regionsWithin(within) : [];
}

export async function listEnterprises(
  database: Database,
  query: EnterpriseListQuery,
): Promise<Page<EnterpriseListItem>> {
  const regions = regionFilter(query);
  const q = query.q?.trim();
  const { rows, total } = await listRows(
    database.db,
    { ...(q ? { q } : {}), ...(regions ? { regions } : {}) },
    { limit: query.limit, offset: query.offset },
  );
  return { items: rows.map(presentEnterpriseListItem), total, limit: query.limit, offset: query.offset };
}
