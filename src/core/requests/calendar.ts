import { errors } from '../errors.ts';
import { isIsoDate, type ValidationError } from '../rules/validate.ts';
import type { WorkCalendar } from './types.ts';

// Working days (工作日) for request deadlines: weekends are off, plus the public holidays and the make-up working
// days (调休) an administrator configures each year from the State Council's notice. Deadlines are Chinese
// calendar days, so all arithmetic is on YYYY-MM-DD day numbers (days since 1970-01-01, by Date.UTC), never on the
// machine's local time: a server in another zone computes the same deadline. China has one zone and no daylight
// saving time (UTC+8); other zones are supported through Intl for completeness.

export const CHINA_TIME_ZONE = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The empty calendar: weekends only. */
export const WEEKENDS_ONLY: WorkCalendar = { holidays: [], workdays: [] };

/** Day number (days since 1970-01-01) of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const d = weekday(day);
  return d === 0 || d === 6;
}

/** Checks a calendar: every entry a real YYYY-MM-DD date, no date both off and worked, every make-up working day a
 *  Saturday or Sunday (a weekday is worked anyway). Each error names the date. */
export function validateCalendar(
  input: unknown,
): { ok: true; calendar: WorkCalendar } | { ok: false; errors: ValidationError[] } {
  const found: ValidationError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'a calendar is an object { holidays: [...], workdays: [...] }' }],
    };
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'holidays' && key !== 'workdays') found.push({ path: key, message: `unknown key "${key}"` });
  }
  const lists: Record<'holidays' | 'workdays', string[]> = { holidays: [], workdays: [] };
  for (const key of ['holidays', 'workdays'] as const) {
    const value = record[key] ?? [];
    if (!Array.isArray(value)) {
      found.push({ path: key, message: 'must be a list of dates YYYY-MM-DD' });
      continue;
    }
    value.forEach((date: unknown, i) => {
      if (!isIsoDate(date)) {
        found.push({ path: `${key}[${i}]`, message: `${JSON.stringify(date)} is not a date YYYY-MM-DD` });
      } else if (lists[key].includes(date)) {
        found.push({ path: `${key}[${i}]`, message: `${date} is listed twice` });
      } else {
        lists[key].push(date);
      }
    });
  }
  lists.workdays.forEach((date) => {
    const path = `workdays[${(record.workdays as unknown[]).indexOf(date)}]`;
    if (lists.holidays.includes(date)) {
      found.push({ path, message: `${date} is listed both as a holiday and as a make-up working day` });
    } else if (!isWeekend(dayNumber(date))) {
      found.push({
        path,
        message: `${date} is a weekday, so it is a working day already; a make-up working day (调休) is a Saturday or Sunday`,
      });
    }
  });
  if (found.length > 0) return { ok: false, errors: found };
  return { ok: true, calendar: { holidays: [...lists.holidays].sort(), workdays: [...lists.workdays].sort() } };
}

/** validateCalendar, throwing ZhidaError calendar.invalid with every error (each names its date). */
export function parseCalendar(input: unknown): WorkCalendar {
  const result = validateCalendar(input);
  if (!result.ok) throw errors.invalidCalendar(result.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return result.calendar;
}

interface Compiled {
  holidays: Set<number>;
  workdays: Set<number>;
  /** holidays that fall on weekdays and workdays, as day numbers: what workingDaysBetween adjusts for */
  weekdayHolidays: number[];
  workdayList: number[];
}

// A calendar is compiled once per object; calendars are configuration, read far more often than changed.
const compiledCalendars = new WeakMap<WorkCalendar, Compiled>();

function compile(calendar: WorkCalendar): Compiled {
  const cached = compiledCalendars.get(calendar);
  if (cached) return cached;
  const valid = parseCalendar(calendar);
  const holidays = new Set(valid.holidays.map(dayNumber));
  const workdays = new Set(valid.workdays.map(dayNumber));
  const compiled: Compiled = {
    holidays,
    workdays,
    weekdayHolidays: [...holidays].filter((d) => !isWeekend(d)),
    workdayList: [...workdays],
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

function isWorkingDayNumber(day: number, c: Compiled): boolean {
  if (c.holidays.has(day)) return false;
  if (c.workdays.has(day)) return true;
  return !isWeekend(day);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of the zone from UTC at an instant, in milliseconds (+8 h for China). */
function offsetAt(ms: number, timeZone: string): number {
  if (timeZone === CHINA_TIME_ZONE) return CHINA_OFFSET_MS;
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Milliseconds of an ISO 8601 instant with a zone (Z or ±HH:MM), or null: a time without a zone would be read in
 *  the machine's local time, so it is refused. */
export function parseInstant(value: unknown): number | null {
  // Date.parse alone would take 2026-02-30 for 2 March
  if (typeof value !== 'string' || !INSTANT.test(value) || !isIsoDate(value.slice(0, 10))) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function instantMs(value: Date | string, what: string): number {
  const ms = typeof value === 'string' ? (parseInstant(value) ?? NaN) : value.getTime();
  if (Number.isNaN(ms))
    throw new RangeError(`${what} must be a Date or an ISO 8601 instant with a zone, not ${String(value)}`);
  return ms;
}

/** The calendar day (YYYY-MM-DD) of an instant in the zone; a YYYY-MM-DD string is that day already. */
export function calendarDate(value: Date | string, timeZone: string = CHINA_TIME_ZONE): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  const ms = instantMs(value, 'the date');
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 10);
}

function dayOf(value: Date | string, timeZone: string): number {
  return dayNumber(calendarDate(value, timeZone));
}

/** The last millisecond of a calendar day in the zone (23:59:59.999 local), as an ISO instant in UTC. */
export function endOfDay(date: string, timeZone: string = CHINA_TIME_ZONE): string {
  if (!isIsoDate(date)) throw new RangeError(`${date} is not a date YYYY-MM-DD`);
  const wall = (dayNumber(date) + 1) * DAY_MS - 1;
  // the offset at the wall time read as UTC is right unless a DST change lies between: one correction suffices
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString();
}

/** An instant as ISO 8601 with the zone's offset, to the second ("2026-05-08T23:59:59+08:00"): what Open311 and
 *  Chinese users read. */
export function formatInstant(value: Date | string, timeZone: string = CHINA_TIME_ZONE): string {
  const ms = instantMs(value, 'the time');
  const offset = offsetAt(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Whether the day (a YYYY-MM-DD date, or the day of an instant in the zone) is a working day. */
export function isWorkingDay(date: Date | string, calendar: WorkCalendar, timeZone: string = CHINA_TIME_ZONE): boolean {
  return isWorkingDayNumber(dayOf(date, timeZone), compile(calendar));
}

/** The latest n accepted: a time limit of ten years is a mistake, not a policy. */
export const MAX_WORKING_DAYS = 2_600;

/**
 * The deadline n working days after `start`: the end (23:59:59.999 in the zone) of the n-th working day after the
 * start day, as an ISO instant in UTC. The start day itself does not count (期间开始之日不计入), whatever the hour, so
 * a request assigned on Friday with 1 working day is due Monday night. n = 0 gives the end of the start day, or of
 * the next working day when the start day is off.
 */
export function addWorkingDays(
  start: Date | string,
  n: number,
  calendar: WorkCalendar,
  timeZone: string = CHINA_TIME_ZONE,
): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`the number of working days must be a whole number from 0 to ${MAX_WORKING_DAYS}, not ${n}`);
  }
  const c = compile(calendar);
  let day = dayOf(start, timeZone);
  if (n === 0) {
    while (!isWorkingDayNumber(day, c)) day += 1;
  } else {
    for (let left = n; left > 0;) {
      day += 1;
      if (isWorkingDayNumber(day, c)) left -= 1;
    }
  }
  return endOfDay(dateOfDay(day), timeZone);
}

/** Monday-to-Friday days in the day numbers (from, to]. */
function weekdaysAfter(from: number, to: number): number {
  const span = to - from;
  let count = Math.floor(span / 7) * 5;
  for (let day = from + Math.floor(span / 7) * 7 + 1; day <= to; day++) if (!isWeekend(day)) count += 1;
  return count;
}

/**
 * The working days after a's day up to and including b's day: 0 on the same day, 1 from Friday to Monday. So
 * workingDaysBetween(start, addWorkingDays(start, n)) === n for n ≥ 1. Negative when b is before a.
 */
export function workingDaysBetween(
  a: Date | string,
  b: Date | string,
  calendar: WorkCalendar,
  timeZone: string = CHINA_TIME_ZONE,
): number {
  const from = dayOf(a, timeZone);
  const to = dayOf(b, timeZone);
  if (to < from) return 0 - workingDaysBetween(b, a, calendar, timeZone); // 0 - 0 is 0, where -0 would be -0
  const c = compile(calendar);
  let count = weekdaysAfter(from, to);
  for (const day of c.weekdayHolidays) if (day > from && day <= to) count -= 1;
  for (const day of c.workdayList) if (day > from && day <= to) count += 1;
  return count;
}
