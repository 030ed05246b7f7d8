import { parseCalendar } from '../../core/requests/calendar.ts';
import { parseCategories } from '../../core/requests/categories.ts';
import { errors } from '../../core/errors.ts';
import type { RequestCategory, WorkCalendar } from '../../core/requests/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/requests.repository.ts';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../core/requests/state-machine.ts';

// The request loop's configuration, which an administrator edits (audited): the categories (each with its
// department and time limit), the working-day calendar (holidays and make-up working days) and the settings (the
// reopen window). Read on every filing and transition, so it is cached per database for a few seconds; a change
// made here clears the cache at once (another server process sees it within CACHE_MS).

export interface RequestSettings {
  /** calendar days after a resolution in which the enterprise may reopen the request */
  reopenWindowDays: number;
}

export interface RequestConfig {
  /** active categories, in order */
  categories: RequestCategory[];
  /** every category ever configured, retired ones too (their requests still name them) */
  allCategories: RequestCategory[];
  calendar: WorkCalendar;
  settings: RequestSettings;
}

const CACHE_MS = 10_000;
const cache = new WeakMap<Database, { at: number; config: Promise<RequestConfig> }>();

export const MAX_REOPEN_WINDOW_DAYS = 365;

function presentCategory(row: repo.RequestCategoryRow): RequestCategory {
  const keywords = JSON.parse(row.keywords) as string[];
  return {
    code: row.code,
    name: row.name,
    department: row.department,
    deadlineWorkingDays: row.deadline_working_days,
    description: row.description,
    ...(keywords.length > 0 ? { keywords } : {}),
    ...(row.group_name !== null ? { group: row.group_name } : {}),
  };
}

async function load(database: Database): Promise<RequestConfig> {
  const [rows, days, settings] = await Promise.all([
    repo.listCategoryRows(database.db),
    repo.readCalendarDays(database.db),
    repo.readSettings(database.db),
  ]);
  const window = Number(JSON.parse(settings.get('reopen_window_days') ?? String(DEFAULT_REOPEN_WINDOW_DAYS)));
  return {
    categories: rows.filter((r) => r.active === 1).map(presentCategory),
    allCategories: rows.map(presentCategory),
    calendar: {
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      workdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
    },
    settings: { reopenWindowDays: Number.isInteger(window) ? window : DEFAULT_REOPEN_WINDOW_DAYS },
  };
}

/** The configuration now (cached for CACHE_MS). */
export function requestConfig(database: Database): Promise<RequestConfig> {
  const cached = cache.get(database);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.config;
  const config = load(database);
  cache.set(database, { at: Date.now(), config });
  config.catch(() => cache.delete(database));
  return config;
}

function forget(database: Database): void {
  cache.delete(database);
}

/** Replaces the categories (validated: codes unique, each complete); categories left out are retired, not deleted,
 *  because requests filed under them keep their code. At least one must remain. */
export async function replaceCategories(database: Database, actor: string, input: unknown): Promise<RequestCategory[]> {
  const categories = parseCategories(input);
  if (categories.length === 0) throw errors.invalidCategory('at least one category is needed to file requests');
  const before = (await requestConfig(database)).categories.map((c) => c.code);
  await database.db.transaction().execute(async (trx) => {
    await repo.replaceCategoryRows(
      trx,
      categories.map((c, i) => ({
        code: c.code,
        name: c.name,
        department: c.department,
        deadline_working_days: c.deadlineWorkingDays,
        description: c.description,
        keywords: JSON.stringify(c.keywords ?? []),
        group_name: c.group ?? null,
        position: i,
        active: 1,
      })),
    );
    const codes = categories.map((c) => c.code);
    await recordAudit(trx, {
      actor,
      action: 'request.categories',
      entity: 'request_category',
      entityId: null,
      detail: { codes, retired: before.filter((code) => !codes.includes(code)) },
    });
  });
  forget(database);
  return (await requestConfig(database)).categories;
}

/** Replaces the working-day calendar (validated: real dates, make-up days on weekends, none both). */
export async function replaceCalendar(database: Database, actor: string, input: unknown): Promise<WorkCalendar> {
  const calendar = parseCalendar(input);
  await database.db.transaction().execute(async (trx) => {
    await repo.replaceCalendarDays(trx, [
      ...calendar.holidays.map((date) => ({ date, kind: 'holiday' as const })),
      ...calendar.workdays.map((date) => ({ date, kind: 'workday' as const })),
    ]);
    await recordAudit(trx, {
      actor,
      action: 'request.calendar',
      entity: 'request_calendar',
      entityId: null,
      detail: { holidays: calendar.holidays.length, workdays: calendar.workdays.length },
    });
  });
  forget(database);
  return calendar;
}

/** Changes settings (only those given). */
export async function updateSettings(
  database: Database,
  actor: string,
  input: Partial<RequestSettings>,
): Promise<RequestSettings> {
  const days = input.reopenWindowDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > MAX_REOPEN_WINDOW_DAYS)) {
    throw errors.invalidSettings(
      `the reopen window must be a whole number of days from 0 to ${MAX_REOPEN_WINDOW_DAYS}, not ${JSON.stringify(days)}`,
    );
  }
  const before = (await requestConfig(database)).settings;
  if (days !== undefined) {
    await database.db.transaction().execute(async (trx) => {
      await repo.writeSetting(trx, 'reopen_window_days', JSON.stringify(days));
      await recordAudit(trx, {
        actor,
        action: 'request.settings',
        entity: 'request_setting',
        entityId: 'reopen_window_days',
        detail: { from: before.reopenWindowDays, to: days },
      });
    });
    forget(database);
  }
  return (await requestConfig(database)).settings;
}
