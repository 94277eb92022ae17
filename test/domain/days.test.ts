import { daysOf, englandDateOf, englandMidnight, englandOffsetMs } from '../../domain/days';

const at = (iso: string) => Date.parse(iso);

describe('days in England', () => {
  test('00:30 BST on 1 August is 1 August in England, although it is still 31 July in UTC', () => {
    expect(englandDateOf(at('2001-07-31T23:30:00Z'))).toBe('2001-08-01');
  });

  test('00:30 GMT on 15 January is 15 January: in winter England keeps UTC', () => {
    expect(englandDateOf(at('2002-01-15T00:30:00Z'))).toBe('2002-01-15');
    expect(englandDateOf(at('2002-01-14T23:30:00Z'))).toBe('2002-01-14');
  });

  test.each([
    // Spring forward: Sunday 25 March 2001, 01:00 GMT -> 02:00 BST.
    ['2001-03-25', '2001-03-25T00:00:00Z'],
    ['2001-03-26', '2001-03-25T23:00:00Z'],
    // Fall back: Sunday 28 October 2001, 02:00 BST -> 01:00 GMT.
    ['2001-10-28', '2001-10-27T23:00:00Z'],
    ['2001-10-29', '2001-10-29T00:00:00Z'],
    // Leap day and the days around it, in GMT.
    ['2004-02-29', '2004-02-29T00:00:00Z'],
    ['2004-03-01', '2004-03-01T00:00:00Z'],
    // A summer date.
    ['2026-08-01', '2026-07-31T23:00:00Z'],
  ])('%s begins in England at %s', (date, iso) => {
    expect(englandMidnight(date)).toBe(at(iso));
    expect(englandDateOf(englandMidnight(date))).toBe(date);
    expect(englandDateOf(englandMidnight(date) - 1)).not.toBe(date);
  });

  test('the days around each clock change are 23 and 25 hours long', () => {
    const hours = (from: string, to: string) => (englandMidnight(to) - englandMidnight(from)) / 3_600_000;
    expect(hours('2001-03-25', '2001-03-26')).toBe(23);
    expect(hours('2001-10-28', '2001-10-29')).toBe(25);
    expect(hours('2004-02-28', '2004-02-29')).toBe(24);
    expect(hours('2004-02-29', '2004-03-01')).toBe(24);
  });

  test('the offset follows the platform time-zone data: GMT in winter, BST in summer', () => {
    expect(englandOffsetMs(at('2001-01-10T12:00:00Z'))).toBe(0);
    expect(englandOffsetMs(at('2001-07-10T12:00:00Z'))).toBe(3_600_000);
    // The change itself happens at 01:00 UTC.
    expect(englandOffsetMs(at('2001-03-25T00:59:00Z'))).toBe(0);
    expect(englandOffsetMs(at('2001-03-25T01:00:00Z'))).toBe(3_600_000);
    expect(englandOffsetMs(at('2001-10-28T00:59:00Z'))).toBe(3_600_000);
    expect(englandOffsetMs(at('2001-10-28T01:00:00Z'))).toBe(0);
  });

  describe("an arrangement's day rule", () => {
    const england = daysOf({ dayRule: 'england' });
    const legacy = daysOf({});

    test('"by 23 September" has passed only when 23 September has ended in England', () => {
      expect(england.passedAt('2001-09-23')).toBe(at('2001-09-23T23:00:00Z'));
      expect(england.passedAt('2001-09-23')).toBeGreaterThan(at('2001-09-23T10:00:00Z'));
    });

    test('a due date on the day the clocks go back passes at 00:00 GMT the next day', () => {
      expect(england.passedAt('2001-10-28')).toBe(at('2001-10-29T00:00:00Z'));
    });

    test('a leap day is a due date like any other', () => {
      expect(england.today(at('2004-02-29T23:59:00Z'))).toBe('2004-02-29');
      expect(england.passedAt('2004-02-29')).toBe(at('2004-03-01T00:00:00Z'));
    });

    test('arrangements that started under the UTC rule keep it, so their histories replay', () => {
      expect(legacy.today(at('2001-07-31T23:30:00Z'))).toBe('2001-07-31');
      expect(legacy.passedAt('2001-09-23')).toBe(at('2001-09-23T00:00:00Z'));
      expect(legacy.startOf('2001-09-23')).toBe(at('2001-09-23T00:00:00Z'));
    });
  });
});
