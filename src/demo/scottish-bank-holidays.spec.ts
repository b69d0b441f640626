import { easterSunday, isScottishBankHoliday, scottishBankHolidays } from './scottish-bank-holidays';

const dates = (year: number) => scottishBankHolidays(year).map((holiday) => holiday.date);

describe('scottishBankHolidays', () => {
  it('gives the nine holidays of 2025, St Andrew’s Day on a Sunday taken on Monday 1 December', () => {
    expect(scottishBankHolidays(2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day" },
      { date: '2025-01-02', name: '2nd January' },
      { date: '2025-04-18', name: 'Good Friday' },
      { date: '2025-05-05', name: 'Early May bank holiday' },
      { date: '2025-05-26', name: 'Spring bank holiday' },
      { date: '2025-08-04', name: 'Summer bank holiday' },
      { date: '2025-12-01', name: "St Andrew's Day (substitute day)" },
      { date: '2025-12-25', name: 'Christmas Day' },
      { date: '2025-12-26', name: 'Boxing Day' },
    ]);
  });

  it('gives 2026, Boxing Day on a Saturday taken on Monday 28 December', () => {
    expect(dates(2026)).toEqual(['2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28']);
  });

  it('gives 2027: 2 January on a Saturday taken on Monday 4; Christmas and Boxing Day at the weekend taken on 27 and 28 December', () => {
    expect(dates(2027)).toEqual(['2027-01-01', '2027-01-04', '2027-03-26', '2027-05-03', '2027-05-31', '2027-08-02', '2027-11-30', '2027-12-27', '2027-12-28']);
    expect(scottishBankHolidays(2027).find((holiday) => holiday.date === '2027-12-27')!.name).toBe('Christmas Day (substitute day)');
  });

  it('moves a weekend holiday past a weekday that is already a holiday', () => {
    // 2022: Christmas on Sunday, Boxing Day on Monday 26: Christmas is taken on Tuesday 27.
    expect(dates(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
    // 2023: New Year's Day on Sunday, 2 January on Monday: New Year's Day is taken on Tuesday 3.
    expect(dates(2023).slice(0, 2)).toEqual(['2023-01-02', '2023-01-03']);
    // 2022: both at the weekend, taken on Monday 3 and Tuesday 4 in their own order.
    expect(scottishBankHolidays(2022).slice(0, 2)).toEqual([
      { date: '2022-01-03', name: "New Year's Day (substitute day)" },
      { date: '2022-01-04', name: '2nd January (substitute day)' },
    ]);
  });

  it('takes St Andrew’s Day on a Saturday on the Monday after', () => {
    expect(dates(2024)).toContain('2024-12-02');
    expect(dates(2024)).not.toContain('2024-11-30');
  });

  it('never puts a holiday at a weekend, and gives nine distinct days every year', () => {
    for (let year = 2000; year <= 2100; year++) {
      const holidays = scottishBankHolidays(year);
      expect(new Set(holidays.map((holiday) => holiday.date)).size).toBe(9);
      for (const { date } of holidays) expect(new Date(`${date}T12:00:00Z`).getUTCDay() % 6).not.toBe(0);
    }
  });
});

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, date) => {
    expect(easterSunday(year).toISODate()).toBe(date);
  });
});

describe('isScottishBankHoliday', () => {
  it('answers for any day of any year', () => {
    expect(isScottishBankHoliday('2026-11-30')).toBe(true);
    expect(isScottishBankHoliday('2026-12-26')).toBe(false);
    expect(isScottishBankHoliday('2026-12-28')).toBe(true);
    expect(isScottishBankHoliday('2031-04-11')).toBe(true); // Good Friday 2031
    expect(isScottishBankHoliday('2026-12-29')).toBe(false);
  });
});
