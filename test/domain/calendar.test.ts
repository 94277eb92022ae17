import {
  addDays,
  addWorkingDays,
  bankHolidaysOf,
  easterSunday,
  financialYearOf,
  isDateString,
  isWorkingDay,
  quarterEnd,
  quarterOf,
  toDateString,
  toInstant,
} from '../../domain';

describe('calendar', () => {
  test.each([
    [2000, ['2000-01-03', '2000-04-21', '2000-04-24', '2000-05-01', '2000-05-29', '2000-08-28', '2000-12-25', '2000-12-26']],
    [2001, ['2001-01-01', '2001-04-13', '2001-04-16', '2001-05-07', '2001-05-28', '2001-08-27', '2001-12-25', '2001-12-26']],
    [2002, ['2002-01-01', '2002-03-29', '2002-04-01', '2002-05-06', '2002-06-03', '2002-06-04', '2002-08-26', '2002-12-25', '2002-12-26']],
    [2004, ['2004-01-01', '2004-04-09', '2004-04-12', '2004-05-03', '2004-05-31', '2004-08-30', '2004-12-27', '2004-12-28']],
    [2005, ['2005-01-03', '2005-03-25', '2005-03-28', '2005-05-02', '2005-05-30', '2005-08-29', '2005-12-26', '2005-12-27']],
    [2011, ['2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27']],
    [2012, ['2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26']],
    [2020, ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28']],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [2023, ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
  ])('when listing England & Wales bank holidays for %i, then they match the proclaimed list', (year, expected) => {
    expect(bankHolidaysOf(year)).toEqual(expected);
  });

  test.each([
    [2000, '2000-04-23'],
    [2001, '2001-04-15'],
    [2002, '2002-03-31'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
  ])('when computing Easter for %i, then it is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  test.each([
    ['2001-06-30', 20, '2001-07-27'], // Q1 2001/02 ends on a Saturday
    ['2001-09-30', 20, '2001-10-26'],
    ['2001-12-31', 20, '2002-01-29'], // skips New Year's Day
    ['2002-03-31', 20, '2002-04-29'], // Easter Sunday quarter end; skips Easter Monday
    ['2002-06-30', 20, '2002-07-26'],
    ['2020-03-31', 20, '2020-04-30'], // skips Good Friday and Easter Monday
    ['2020-06-30', 20, '2020-07-28'],
    ['2002-05-31', 3, '2002-06-07'], // skips the Golden Jubilee days
    ['2022-09-16', 1, '2022-09-20'], // skips the state funeral
    ['2001-07-02', 0, '2001-07-02'],
  ])('when adding working days to %s (+%i), then the date is %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  test('when a bank holiday is added by policy, then it is no longer a working day', () => {
    expect(isWorkingDay('2001-07-02')).toBe(true);
    expect(isWorkingDay('2001-07-02', { additional: ['2001-07-02'], removed: [] })).toBe(false);
    expect(isWorkingDay('2001-05-07', { additional: [], removed: ['2001-05-07'] })).toBe(true);
  });

  test.each([
    ['2001-04-01', 2001, 1, '2001-06-30'],
    ['2001-09-30', 2001, 2, '2001-09-30'],
    ['2001-12-01', 2001, 3, '2001-12-31'],
    ['2002-01-01', 2001, 4, '2002-03-31'],
    ['2002-03-31', 2001, 4, '2002-03-31'],
  ])('when the date is %s, then it is in FY %i quarter %i ending %s', (date, fy, q, end) => {
    expect(financialYearOf(date)).toBe(fy);
    expect(quarterOf(date)).toEqual({ financialYear: fy, quarter: q });
    expect(quarterEnd(quarterOf(date))).toBe(end);
  });

  test('when converting dates, then deadlines are 00:00 UTC and round-trip', () => {
    expect(toInstant('2001-04-01')).toBe(Date.UTC(2001, 3, 1));
    expect(toDateString(Date.UTC(2001, 3, 1, 23, 59))).toBe('2001-04-01');
    expect(addDays('2004-02-28', 1)).toBe('2004-02-29');
    expect(isDateString('2001-02-29')).toBe(false);
    expect(isDateString('2004-02-29')).toBe(true);
    expect(() => toInstant('2001-13-01')).toThrow(RangeError);
  });
});
