import type { WorkCalendar } from './types.ts';

// An example calendar, and the one the demo uses: China's 2026 public holidays and make-up working days as set by
// 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电, 2025-11-04, published by Xinhua). The administrator
// configures each year's calendar; this is the shape to follow. Holidays list every day off of each break, weekend
// days included, so the list reads like the notice.
//   元旦   1月1日至3日放假调休，1月4日（周日）上班
//   春节   2月15日至23日放假调休，2月14日（周六）、2月28日（周六）上班
//   清明节 4月4日至6日放假
//   劳动节 5月1日至5日放假调休，5月9日（周六）上班
//   端午节 6月19日至21日放假
//   中秋节 9月25日至27日放假
//   国庆节 10月1日至7日放假调休，9月20日（周日）、10月10日（周六）上班

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

export const CHINA_2026: WorkCalendar = {
  holidays: [
    ...days('2026-01-01', '2026-01-03'),
    ...days('2026-02-15', '2026-02-23'),
    ...days('2026-04-04', '2026-04-06'),
    ...days('2026-05-01', '2026-05-05'),
    ...days('2026-06-19', '2026-06-21'),
    ...days('2026-09-25', '2026-09-27'),
    ...days('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
