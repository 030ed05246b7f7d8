import { REQUEST_STATES, type RequestState } from '../../core/requests/types.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/requests.repository.ts';
import { RequestAccessRefused, type RequestCaller } from './access.ts';

// The request loop in figures, for leaders (领导驾驶舱) and for each department: how many are open, how many are
// overdue, how long a resolution takes (the median from filing to the latest resolution), and how satisfied the
// enterprises are (average rating and how many rated), in total, by department and by category — within what the
// caller may see (an enterprise its own, a department its own).

export interface RequestFigures {
  total: number;
  open: number;
  overdue: number;
  resolved: number;
  /** hours from filing to resolution, the median over the resolved requests; null when none is resolved */
  medianHoursToResolve: number | null;
  satisfaction: { average: number | null; count: number };
}

export interface RequestDashboard {
  at: string;
  totals: RequestFigures;
  byState: Record<RequestState, number>;
  /** key: the department (null: not yet assigned) */
  byDepartment: (RequestFigures & { key: string | null })[];
  /** key: the category code, with its name */
  byCategory: (RequestFigures & { key: string; name: string | null })[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

function figures(counts: Omit<repo.RequestGroupCounts, 'key'>, hours: number[]): RequestFigures {
  return {
    total: counts.total,
    open: counts.open,
    overdue: counts.overdue,
    resolved: counts.resolved,
    medianHoursToResolve: median(hours),
    satisfaction: {
      average: counts.ratingCount === 0 ? null : Math.round((counts.ratingSum / counts.ratingCount) * 100) / 100,
      count: counts.ratingCount,
    },
  };
}

function scopeFilter(caller: RequestCaller): repo.RequestFilter {
  switch (caller.scope.kind) {
    case 'all':
      return {};
    case 'enterprise':
      return { uscc: caller.scope.uscc };
    case 'department':
      return { department: caller.scope.department };
    case 'none':
      throw new RequestAccessRefused('your account sees no requests');
  }
}

export async function requestDashboard(
  database: Database,
  caller: RequestCaller,
  now = new Date(),
): Promise<RequestDashboard> {
  const filter = scopeFilter(caller);
  const at = now.toISOString();
  const [byDepartment, byCategory, times, states, categories] = await Promise.all([
    repo.countRequestsBy(database.db, 'department', filter, at),
    repo.countRequestsBy(database.db, 'category', filter, at),
    repo.resolutionTimes(database.db, filter),
    repo.countByState(database.db, filter),
    repo.listCategoryRows(database.db),
  ]);
  const hoursBy = { department: new Map<string | null, number[]>(), category: new Map<string, number[]>() };
  const all: number[] = [];
  for (const t of times) {
    const hours = (Date.parse(t.resolved_at) - Date.parse(t.created_at)) / 3_600_000;
    all.push(hours);
    (hoursBy.department.get(t.department) ?? hoursBy.department.set(t.department, []).get(t.department)!).push(hours);
    (hoursBy.category.get(t.category) ?? hoursBy.category.set(t.category, []).get(t.category)!).push(hours);
  }
  const sum = (key: keyof Omit<repo.RequestGroupCounts, 'key'>) => byDepartment.reduce((n, g) => n + g[key], 0);
  const names = new Map(categories.map((c) => [c.code, c.name]));
  const byState = Object.fromEntries(REQUEST_STATES.map((s) => [s, states.get(s) ?? 0])) as Record<
    RequestState,
    number
  >;
  return {
    at,
    totals: figures(
      {
        total: sum('total'),
        open: sum('open'),
        overdue: sum('overdue'),
        resolved: sum('resolved'),
        ratingSum: sum('ratingSum'),
        ratingCount: sum('ratingCount'),
      },
      all,
    ),
    byState,
    byDepartment: byDepartment
      .map((g) => ({ key: g.key, ...figures(g, hoursBy.department.get(g.key) ?? []) }))
      .sort((a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key))),
    byCategory: byCategory
      .map((g) => ({
        key: g.key ?? '',
        name: names.get(g.key ?? '') ?? null,
        ...figures(g, hoursBy.category.get(g.key ?? '') ?? []),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
  };
}
