/** An ISO time as the value of a `datetime-local` input (local time, minutes). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A local calendar day as `YYYY-MM-DD`. */
export function dayKey(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

export function startOfWeek(date: Date): Date {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const weekday = (start.getDay() + 6) % 7; // Monday first, as in Germany
  start.setDate(start.getDate() - weekday);
  return start;
}

export function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/** Easter Sunday (Gregorian calendar, anonymous algorithm). */
function easter(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(year, month - 1, day);
}

/** The nine nationwide public holidays in Germany, by day (`YYYY-MM-DD`) → message key. */
export function germanHolidays(year: number): Map<string, string> {
  const sunday = easter(year);
  const days: Array<[Date, string]> = [
    [new Date(year, 0, 1), 'newYear'],
    [addDays(sunday, -2), 'goodFriday'],
    [addDays(sunday, 1), 'easterMonday'],
    [new Date(year, 4, 1), 'labourDay'],
    [addDays(sunday, 39), 'ascension'],
    [addDays(sunday, 50), 'whitMonday'],
    [new Date(year, 9, 3), 'unityDay'],
    [new Date(year, 11, 25), 'christmas'],
    [new Date(year, 11, 26), 'boxingDay'],
  ];
  return new Map(days.map(([date, name]) => [dayKey(date), name]));
}
