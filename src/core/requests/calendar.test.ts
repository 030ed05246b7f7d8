import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import {
  addWorkingDays,
  calendarDate,
  endOfDay,
  formatInstant,
  isWorkingDay,
  parseCalendar,
  parseInstant,
  validateCalendar,
  WEEKENDS_ONLY,
  workingDaysBetween,
} from './calendar.ts';
import { CHINA_2026 } from './china-2026.ts';
import type { WorkCalendar } from './types.ts';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekdayOf = (date: string) => WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** The deadline as Chinese users read it, to the day: "2026-02-26". */
const chinaDay = (instant: string) => formatInstant(instant).slice(0, 10);

/** A hand-made calendar: a national-day-like week off (Thu 1 Oct – Wed 7 Oct 2026) with make-up Sun 20 Sep and
 *  Sat 10 Oct, and a one-day holiday on a Monday. */
const HAND: WorkCalendar = {
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
    '2026-06-01',
  ],
  workdays: ['2026-09-20', '2026-10-10'],
};

describe('validateCalendar', () => {
  it('accepts a calendar and returns its dates sorted', () => {
    const result = validateCalendar({ holidays: ['2026-10-02', '2026-10-01'], workdays: ['2026-10-10'] });
    expect(result).toEqual({
      ok: true,
      calendar: { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] },
    });
  });

  it('treats missing lists as empty', () => {
    expect(validateCalendar({})).toEqual({ ok: true, calendar: { holidays: [], workdays: [] } });
  });

  it.each([
    [{ holidays: ['2026-02-30'] }, 'holidays[0]: "2026-02-30" is not a date YYYY-MM-DD'],
    [{ holidays: ['2026/10/01'] }, 'holidays[0]: "2026/10/01" is not a date YYYY-MM-DD'],
    [{ workdays: [20261010] }, 'workdays[0]: 20261010 is not a date YYYY-MM-DD'],
    [
      { holidays: ['2026-10-10'], workdays: ['2026-10-10'] },
      'workdays[0]: 2026-10-10 is listed both as a holiday and as a make-up working day',
    ],
    [{ workdays: ['2026-10-09'] }, 'workdays[0]: 2026-10-09 is a weekday, so it is a working day already'],
    [{ holidays: ['2026-10-01', '2026-10-01'] }, 'holidays[1]: 2026-10-01 is listed twice'],
    [{ holidays: '2026-10-01' }, 'holidays: must be a list of dates YYYY-MM-DD'],
    [{ holidays: [], extra: [] }, 'extra: unknown key "extra"'],
    [[], ': a calendar is an object'],
  ])('refuses %j', (input, message) => {
    const result = validateCalendar(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });

  it('parseCalendar throws calendar.invalid naming every bad date', () => {
    const bad = { holidays: ['2026-13-01'], workdays: ['2026-10-09'] };
    expect(() => parseCalendar(bad)).toThrow(ZhidaError);
    try {
      parseCalendar(bad);
    } catch (error) {
      expect((error as ZhidaError).id).toBe('calendar.invalid');
      expect((error as ZhidaError).message).toContain('2026-13-01');
      expect((error as ZhidaError).message).toContain('2026-10-09');
    }
  });

  it('is applied when a calendar is used', () => {
    expect(() => addWorkingDays('2026-10-09', 1, { holidays: ['x'], workdays: [] })).toThrow(/calendar is not valid/);
  });
});

describe('CHINA_2026 (国务院办公厅关于2026年部分节假日安排的通知)', () => {
  it('is a valid calendar', () => {
    expect(parseCalendar(CHINA_2026).holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  it.each([
    ['2026-01-01', '周四'],
    ['2026-01-03', '周六'],
    ['2026-01-04', '周日'],
    ['2026-02-14', '周六'],
    ['2026-02-15', '周日'],
    ['2026-02-23', '周一'],
    ['2026-02-28', '周六'],
    ['2026-04-04', '周六'],
    ['2026-04-06', '周一'],
    ['2026-05-01', '周五'],
    ['2026-05-05', '周二'],
    ['2026-05-09', '周六'],
    ['2026-06-19', '周五'],
    ['2026-06-21', '周日'],
    ['2026-09-20', '周日'],
    ['2026-09-25', '周五'],
    ['2026-09-27', '周日'],
    ['2026-10-01', '周四'],
    ['2026-10-07', '周三'],
    ['2026-10-10', '周六'],
  ])('%s is a %s, as the notice says', (date, day) => {
    expect(weekdayOf(date)).toBe(day);
  });

  it('makes the listed days off and the make-up weekend days working', () => {
    expect(isWorkingDay('2026-02-16', CHINA_2026)).toBe(false); // a Monday of the Spring Festival
    expect(isWorkingDay('2026-02-14', CHINA_2026)).toBe(true); // a make-up Saturday
    expect(isWorkingDay('2026-02-21', CHINA_2026)).toBe(false); // a Saturday within the break
    expect(isWorkingDay('2026-03-07', CHINA_2026)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2026-03-09', CHINA_2026)).toBe(true); // an ordinary Monday
  });
});

describe('calendarDate, endOfDay and formatInstant', () => {
  it('reads an instant as its day in China, whatever the machine zone', () => {
    expect(calendarDate('2026-01-01T15:59:59.999Z')).toBe('2026-01-01');
    expect(calendarDate('2026-01-01T16:00:00Z')).toBe('2026-01-02');
    expect(calendarDate('2026-01-02T00:30:00+08:00')).toBe('2026-01-02');
    expect(calendarDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(calendarDate('2026-01-01')).toBe('2026-01-01');
  });

  it('parses instants strictly', () => {
    expect(parseInstant('2026-05-08T23:59:59.999+08:00')).toBe(Date.parse('2026-05-08T15:59:59.999Z'));
    expect(parseInstant('2026-05-08T10:00Z')).toBe(Date.parse('2026-05-08T10:00:00Z'));
    for (const bad of ['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00', '2026-01-01', 42, null]) {
      expect(parseInstant(bad), String(bad)).toBeNull();
    }
  });

  it('refuses a time without a zone, which would be read in local time', () => {
    expect(() => calendarDate('2026-01-01T10:00:00')).toThrow(RangeError);
    expect(() => calendarDate('yesterday')).toThrow(/ISO 8601 instant with a zone/);
  });

  it('ends a Chinese day at 23:59:59.999 +08:00', () => {
    expect(endOfDay('2026-05-08')).toBe('2026-05-08T15:59:59.999Z');
    expect(formatInstant('2026-05-08T15:59:59.999Z')).toBe('2026-05-08T23:59:59+08:00');
  });

  it('handles zones with daylight saving time through Intl', () => {
    expect(formatInstant(endOfDay('2026-07-01', 'America/New_York'), 'America/New_York')).toBe(
      '2026-07-01T23:59:59-04:00',
    );
    expect(formatInstant(endOfDay('2026-01-15', 'America/New_York'), 'America/New_York')).toBe(
      '2026-01-15T23:59:59-05:00',
    );
    expect(calendarDate('2026-07-02T03:00:00Z', 'America/New_York')).toBe('2026-07-01');
    expect(formatInstant('2026-01-15T00:00:00Z', 'UTC')).toBe('2026-01-15T00:00:00+00:00');
  });

  it('agrees with Intl for another UTC+8 zone', () => {
    expect(endOfDay('2026-03-01', 'Asia/Chongqing')).toBe(endOfDay('2026-03-01'));
    expect(formatInstant('2026-03-01T01:02:03Z', 'Asia/Hong_Kong')).toBe('2026-03-01T09:02:03+08:00');
  });
});

describe('addWorkingDays', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2026-03-06', 1, WEEKENDS_ONLY)).toBe('2026-03-09T15:59:59.999Z'); // Fri → Mon
    expect(chinaDay(addWorkingDays('2026-03-05', 5, WEEKENDS_ONLY))).toBe('2026-03-12'); // Thu → Thu
    expect(chinaDay(addWorkingDays('2026-03-07', 1, WEEKENDS_ONLY))).toBe('2026-03-09'); // Sat → Mon
    expect(chinaDay(addWorkingDays('2026-03-02', 10, WEEKENDS_ONLY))).toBe('2026-03-16');
  });

  it('does not count the start day, whatever the hour', () => {
    expect(chinaDay(addWorkingDays('2026-03-02T00:00:01+08:00', 1, WEEKENDS_ONLY))).toBe('2026-03-03');
    expect(chinaDay(addWorkingDays('2026-03-02T23:59:00+08:00', 1, WEEKENDS_ONLY))).toBe('2026-03-03');
    // 17:00 UTC on Friday is 01:00 on Saturday in China
    expect(chinaDay(addWorkingDays('2026-03-06T17:00:00Z', 1, WEEKENDS_ONLY))).toBe('2026-03-09');
  });

  it('n = 0 is the end of the start day, or of the next working day', () => {
    expect(addWorkingDays('2026-03-04T09:00:00+08:00', 0, WEEKENDS_ONLY)).toBe('2026-03-04T15:59:59.999Z');
    expect(chinaDay(addWorkingDays('2026-03-07', 0, WEEKENDS_ONLY))).toBe('2026-03-09');
    expect(chinaDay(addWorkingDays('2026-10-02', 0, CHINA_2026))).toBe('2026-10-08');
  });

  it('crosses the Spring Festival with its make-up Saturdays', () => {
    // Thu 12 Feb: Fri 13 (1), Sat 14 worked (2), 15–23 off, Tue 24 (3), Wed 25 (4), Thu 26 (5)
    expect(chinaDay(addWorkingDays('2026-02-12', 5, CHINA_2026))).toBe('2026-02-26');
    // Fri 27 Feb: Sat 28 is worked
    expect(chinaDay(addWorkingDays('2026-02-27', 1, CHINA_2026))).toBe('2026-02-28');
    // 01:00 on Sat 14 Feb in China (a worked Saturday): the next working day is Tue 24
    expect(chinaDay(addWorkingDays('2026-02-13T17:00:00Z', 1, CHINA_2026))).toBe('2026-02-24');
  });

  it('crosses the national day week with a make-up Sunday before it and a Saturday after', () => {
    expect(chinaDay(addWorkingDays('2026-09-18', 1, HAND))).toBe('2026-09-20'); // Fri → worked Sun
    expect(chinaDay(addWorkingDays('2026-09-30', 1, HAND))).toBe('2026-10-08');
    expect(chinaDay(addWorkingDays('2026-09-30', 3, HAND))).toBe('2026-10-10'); // Thu 8, Fri 9, Sat 10 worked
    expect(chinaDay(addWorkingDays('2026-09-30', 4, HAND))).toBe('2026-10-12');
  });

  it('starts on a holiday', () => {
    expect(chinaDay(addWorkingDays('2026-10-03', 1, CHINA_2026))).toBe('2026-10-08');
    expect(chinaDay(addWorkingDays('2026-05-01T10:00:00+08:00', 2, CHINA_2026))).toBe('2026-05-07');
    expect(chinaDay(addWorkingDays('2026-05-31', 1, HAND))).toBe('2026-06-02'); // Sun, then the Monday off
  });

  it('refuses a count that is not a whole number from 0', () => {
    expect(() => addWorkingDays('2026-03-02', -1, WEEKENDS_ONLY)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 1.5, WEEKENDS_ONLY)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 100_000, WEEKENDS_ONLY)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first day up to the second', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-06', WEEKENDS_ONLY)).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-09', WEEKENDS_ONLY)).toBe(1);
    expect(workingDaysBetween('2026-03-06', '2026-03-08', WEEKENDS_ONLY)).toBe(0);
    expect(workingDaysBetween('2026-03-09', '2026-03-06', WEEKENDS_ONLY)).toBe(-1);
    expect(workingDaysBetween('2026-02-12', '2026-02-26T10:00:00+08:00', CHINA_2026)).toBe(5);
    expect(workingDaysBetween('2026-01-01', '2026-12-31', CHINA_2026)).toBeGreaterThan(240);
  });
});

// Properties, over two years of days and over random calendars.

const DAY0 = Date.UTC(2025, 11, 1);
const dayArb = fc.integer({ min: 0, max: 760 }).map((i) => new Date(DAY0 + i * 86_400_000).toISOString().slice(0, 10));
const instantArb = fc
  .integer({ min: 0, max: 760 * 86_400_000 })
  .map((ms) => new Date(DAY0 - 8 * 3_600_000 + ms).toISOString());
const startArb = fc.oneof(dayArb, instantArb);

const weekendArb = dayArb.filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
const calendarArb: fc.Arbitrary<WorkCalendar> = fc
  .tuple(fc.uniqueArray(dayArb, { maxLength: 60 }), fc.uniqueArray(weekendArb, { maxLength: 20 }))
  .map(([holidays, workdays]) => ({ holidays, workdays: workdays.filter((d) => !holidays.includes(d)) }));
const anyCalendar = fc.oneof(fc.constant(CHINA_2026), fc.constant(WEEKENDS_ONLY), calendarArb);

/** Brute force: step one day at a time. */
function bruteBetween(a: string, b: string, calendar: WorkCalendar): number {
  let count = 0;
  for (let ms = Date.parse(`${a}T00:00:00Z`) + 86_400_000; ms <= Date.parse(`${b}T00:00:00Z`); ms += 86_400_000) {
    if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), calendar)) count += 1;
  }
  return count;
}

describe('properties', () => {
  it('the deadline is the end of a working day in China', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 40 }), anyCalendar, (start, n, calendar) => {
        const deadline = addWorkingDays(start, n, calendar);
        expect(isWorkingDay(deadline, calendar)).toBe(true);
        expect(formatInstant(deadline)).toMatch(/T23:59:59\+08:00$/);
        expect(deadline.endsWith('.999Z')).toBe(true);
      }),
    );
  });

  it('workingDaysBetween(start, addWorkingDays(start, n)) === n', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 40 }), anyCalendar, (start, n, calendar) => {
        const between = workingDaysBetween(start, addWorkingDays(start, n, calendar), calendar);
        if (n > 0 || isWorkingDay(start, calendar)) expect(between).toBe(n);
        else expect(between).toBe(1); // n = 0 on a day off: the next working day
      }),
    );
  });

  it('one more working day gives a later deadline', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 40 }), anyCalendar, (start, n, calendar) => {
        const later = addWorkingDays(start, n + 1, calendar);
        const earlier = addWorkingDays(start, n, calendar);
        // n = 0 on a day off and n = 1 both give the next working day
        expect(n === 0 ? later >= earlier : later > earlier).toBe(true);
      }),
    );
  });

  it('workingDaysBetween agrees with counting day by day, and is antisymmetric', () => {
    fc.assert(
      fc.property(dayArb, dayArb, anyCalendar, (a, b, calendar) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(workingDaysBetween(lo, hi, calendar)).toBe(bruteBetween(lo, hi, calendar));
        expect(workingDaysBetween(a, b, calendar)).toBe(0 - workingDaysBetween(b, a, calendar));
      }),
    );
  });

  it('the Intl path agrees with the fixed UTC+8 path', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 20 }), (start, n) => {
        expect(addWorkingDays(start, n, CHINA_2026, 'Asia/Chongqing')).toBe(addWorkingDays(start, n, CHINA_2026));
      }),
      { numRuns: 50 },
    );
  });
});
