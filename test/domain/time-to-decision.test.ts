import {
  ageingBucketOf,
  addWorkingDays,
  englandMidnight,
  nearestRank,
  reportScopeOf,
  timeToDecisionReport,
  workingDaysBetween,
} from '../../domain';

const at = (date: string, hour = 10) => englandMidnight(date) + hour * 3_600_000;

describe('working days between two dates (England & Wales bank holidays)', () => {
  test.each([
    ['2028-01-10', '2028-01-10', 0],
    ['2028-01-10', '2028-01-11', 1],
    ['2028-01-14', '2028-01-17', 1], // Friday to Monday
    ['2027-12-24', '2027-12-29', 1], // Christmas and Boxing Day substitutes 27 and 28 December 2027
    ['2028-04-13', '2028-04-18', 1], // Good Friday 14 April and Easter Monday 17 April 2028
    ['2028-01-11', '2028-01-10', 0],
  ])('from %s to %s, then %i', (from, to, days) => {
    expect(workingDaysBetween(from, to)).toBe(days);
  });

  test('when counted from a date to addWorkingDays of it, then the count comes back', () => {
    for (const n of [0, 1, 5, 10, 11, 20, 21, 40, 41, 63])
      expect(workingDaysBetween('2027-12-20', addWorkingDays('2027-12-20', n))).toBe(n);
  });
});

describe('time to decision', () => {
  test.each([
    [0, '0-10'],
    [10, '0-10'],
    [11, '11-20'],
    [20, '11-20'],
    [21, '21-40'],
    [40, '21-40'],
    [41, 'over40'],
  ])('when a notification has waited %i working days, then it is in bucket %s', (days, bucket) => {
    expect(ageingBucketOf(days)).toBe(bucket);
  });

  test('when the 90th percentile is taken by nearest rank, then it is the ceil(0.9 n)th smallest', () => {
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(nearestRank([], 90)).toBeUndefined();
  });

  test('when notifications wait and others were answered, then each region counts, ages and times its own', () => {
    const now = at('2028-03-01');
    const report = timeToDecisionReport(
      [
        // Waiting: 5, 15, 30 and 45 working days before 1 March 2028.
        { region: 'northWest', notifiedAt: at(subtractWorking('2028-03-01', 5)), waiting: true },
        { region: 'northWest', notifiedAt: at(subtractWorking('2028-03-01', 15)), waiting: true },
        { region: 'northWest', notifiedAt: at(subtractWorking('2028-03-01', 30)), waiting: true },
        { region: 'northWest', notifiedAt: at(subtractWorking('2028-03-01', 45)), waiting: true },
        // Unanswered, but the arrangement ended: not waiting.
        { region: 'northWest', notifiedAt: at('2028-01-03'), waiting: false },
        // Answered after 2, 4, 6 and 20 working days.
        ...[2, 4, 6, 20].map((n) => ({
          region: 'northWest',
          notifiedAt: at('2028-01-04'),
          decidedAt: at(addWorkingDays('2028-01-04', n), 16),
          waiting: false,
        })),
        { region: 'westMidlands', notifiedAt: at('2028-01-04'), decidedAt: at('2028-01-05'), waiting: false },
      ],
      now,
    );
    expect(report).toEqual([
      {
        region: 'northWest',
        waiting: 4,
        ageing: { '0-10': 1, '11-20': 1, '21-40': 1, over40: 1 },
        decided: 4,
        medianWorkingDays: 5,
        p90WorkingDays: 20,
      },
      {
        region: 'westMidlands',
        waiting: 0,
        ageing: { '0-10': 0, '11-20': 0, '21-40': 0, over40: 0 },
        decided: 1,
        medianWorkingDays: 1,
        p90WorkingDays: 1,
      },
    ]);
  });
});

/** The date `n` working days before `date` (the inverse of addWorkingDays, for the fixtures). */
function subtractWorking(date: string, n: number): string {
  let d = date;
  while (workingDaysBetween(d, date) < n) d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return d;
}

describe('who may read the time-to-decision report', () => {
  test.each([
    [{ id: 'ro', role: 'regionalOfficeOfficer' as const, region: 'northWest' }, { region: 'northWest' }],
    [{ id: 'admin', role: 'administrator' as const }, { all: true }],
    [{ id: 'p', role: 'partnerOfficer' as const, organisationId: 'pct-a' }, undefined],
    [{ id: 'ro', role: 'regionalOfficeOfficer' as const }, undefined],
  ])('when %o asks, then it covers %o', (actor, scope) => {
    expect(reportScopeOf(actor)).toEqual(scope);
  });
});
