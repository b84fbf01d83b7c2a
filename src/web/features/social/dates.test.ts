import { describe, expect, it } from 'vitest';
import { germanHolidays, startOfWeek } from './dates.js';

describe('German public holidays', () => {
  it('knows the fixed and the Easter-dependent nationwide holidays', () => {
    expect([...germanHolidays(2026)]).toEqual([
      ['2026-01-01', 'newYear'],
      ['2026-04-03', 'goodFriday'],
      ['2026-04-06', 'easterMonday'],
      ['2026-05-01', 'labourDay'],
      ['2026-05-14', 'ascension'],
      ['2026-05-25', 'whitMonday'],
      ['2026-10-03', 'unityDay'],
      ['2026-12-25', 'christmas'],
      ['2026-12-26', 'boxingDay'],
    ]);
    expect(germanHolidays(2027).get('2027-03-26')).toBe('goodFriday');
    expect(germanHolidays(2027).get('2027-03-29')).toBe('easterMonday');
  });

  it('starts weeks on Monday', () => {
    expect(startOfWeek(new Date(2026, 11, 6)).getDate()).toBe(30); // Sunday 6 Dec → Monday 30 Nov
    expect(startOfWeek(new Date(2026, 11, 7)).getDate()).toBe(7);
  });
});
