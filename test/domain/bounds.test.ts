import {
  arrangementPolicySchema,
  commandSchema,
  compareDates,
  createArrangementInputSchema,
  dateStringSchema,
  earliestDate,
  latestDate,
  whyCommandIsMalformed,
} from '../../domain';
import { aValidCreateInput, PARTNERS, validTerms } from './fixtures';

/** The paths of every issue zod finds, dotted, with unknown keys named at the key itself. */
function pathsOf(result: { success: boolean; error?: { issues: { code: string; path: PropertyKey[]; keys?: string[] }[] } }): string[] {
  return (result.error?.issues ?? []).flatMap((i) =>
    i.code === 'unrecognized_keys' ? (i.keys ?? []).map((k) => [...i.path, k].join('.')) : [i.path.join('.')],
  );
}

const createWith = (mutate: (input: ReturnType<typeof aValidCreateInput> & Record<string, unknown>) => void) => {
  const input = structuredClone(aValidCreateInput()) as ReturnType<typeof aValidCreateInput> & Record<string, unknown>;
  mutate(input);
  return pathsOf(createArrangementInputSchema.safeParse(input));
};

describe('input bounds (issue 10)', () => {
  test.each([
    [
      'a Regional Office region of 3,000 characters',
      (i) => void (i.terms.regionalOffice.region = 'r'.repeat(3000)),
      'terms.regionalOffice.region',
    ],
    ['a partner id of 2,100 characters', (i) => void (i.terms.partners[0]!.id = 'p'.repeat(2100)), 'terms.partners.0.id'],
    ['a partner id of 65 characters', (i) => void (i.terms.partners[0]!.id = 'p'.repeat(65)), 'terms.partners.0.id'],
    ['a partner id with a colon', (i) => void (i.terms.partners[0]!.id = 'ha:north'), 'terms.partners.0.id'],
    ['a partner region with a quote', (i) => void (i.terms.partners[0]!.region = "north'west"), 'terms.partners.0.region'],
    [
      '21 partners',
      (i) => void (i.terms.partners = Array.from({ length: 21 }, (_, n) => ({ ...PARTNERS.pct, id: `p${n}` }))),
      'terms.partners',
    ],
    ['a name of 201 characters', (i) => void (i.terms.partners[0]!.name = 'n'.repeat(201)), 'terms.partners.0.name'],
    [
      'an email of 255 characters',
      (i) => void (i.terms.partners[0]!.contactOfficer.email = `${'e'.repeat(240)}@example.org.uk`),
      'terms.partners.0.contactOfficer.email',
    ],
    ['an aim of 4,001 characters', (i) => void (i.terms.aims = ['a'.repeat(4001)]), 'terms.aims.0'],
    ['101 client groups', (i) => void (i.terms.clientGroups = Array.from({ length: 101 }, (_, n) => `group ${n}`)), 'terms.clientGroups'],
    ['terminationNoticeDays of 3,000,000', (i) => void (i.terms.terminationNoticeDays = 3_000_000), 'terms.terminationNoticeDays'],
    ['a start date before SI 2000/617 came into force', (i) => void (i.terms.startDate = '2000-03-31'), 'terms.startDate'],
    ['an end date beyond the horizon', (i) => void (i.terms.endDate = '2100-01-01'), 'terms.endDate'],
    ['a five-digit year', (i) => void (i.terms.endDate = '11609-08-03'), 'terms.endDate'],
    [
      'a contribution for financial year 1999',
      (i) => void (i.terms.pooledFund!.contributions[0]!.financialYear = 1999),
      'terms.pooledFund.contributions.0.financialYear',
    ],
    [
      'a contribution of £100 billion',
      (i) => void (i.terms.pooledFund!.contributions[0]!.amountPence = 10_000_000_000_000),
      'terms.pooledFund.contributions.0.amountPence',
    ],
    ['policy.consultationWeeks of 500,000', (i) => void (i.policy = { consultationWeeks: 500_000 }), 'policy.consultationWeeks'],
    ['policy.windUpDays of 100,000', (i) => void (i.policy = { windUpDays: 100_000 }), 'policy.windUpDays'],
    [
      'a review reminder 10,000 days ahead',
      (i) => void (i.policy = { reviewReminderOffsetsDays: [-10_000] }),
      'policy.reviewReminderOffsetsDays.0',
    ],
    ['an annual report due on 31 June', (i) => void (i.policy = { annualReportDue: { month: 6, day: 31 } }), 'policy.annualReportDue.day'],
    [
      'an annual return due on 29 February',
      (i) => void (i.policy = { annualReturnDue: { month: 2, day: 29 } }),
      'policy.annualReturnDue.month',
    ],
    [
      'an audit certification due in March, before the financial year it reports on ends',
      (i) => void (i.policy = { auditCertificationDue: { month: 3, day: 1 } }),
      'policy.auditCertificationDue.month',
    ],
    [
      'a ladder step a thousand days after its due date',
      (i) => void (i.policy = { reminderLadder: [{ step: 'E9', offsetDays: 1000, kind: 'overdue', recipients: ['responsible'] }] }),
      'policy.reminderLadder.0.offsetDays',
    ],
    [
      'two ladder steps of one name',
      (i) =>
        void (i.policy = {
          reminderLadder: [
            { step: 'R0', offsetDays: -3, kind: 'reminder', recipients: ['responsible'] },
            { step: 'R0', offsetDays: -1, kind: 'reminder', recipients: ['responsible'] },
          ],
        }),
      'policy.reminderLadder',
    ],
  ] as [string, (i: ReturnType<typeof aValidCreateInput> & Record<string, unknown>) => void, string][])(
    'when the create input has %s, then it is refused at that field',
    (_name, mutate, path) => {
      expect(createWith(mutate)).toContain(path);
    },
  );

  test.each([
    ['inside terms', (i) => void ((i.terms as unknown as Record<string, unknown>).colour = 'blue'), 'terms.colour'],
    [
      'inside a partner',
      (i) => void ((i.terms.partners[0] as unknown as Record<string, unknown>).nickname = 'HA'),
      'terms.partners.0.nickname',
    ],
    [
      'inside a contact',
      (i) => void ((i.terms.partners[0]!.contactOfficer as unknown as Record<string, unknown>).phone = '01234'),
      'terms.partners.0.contactOfficer.phone',
    ],
    [
      'inside a contribution',
      (i) => void ((i.terms.pooledFund!.contributions[0] as unknown as Record<string, unknown>).note = 'x'),
      'terms.pooledFund.contributions.0.note',
    ],
    [
      'inside the pooled fund',
      (i) => void ((i.terms.pooledFund as unknown as Record<string, unknown>).bank = 'x'),
      'terms.pooledFund.bank',
    ],
    [
      'inside the Regional Office',
      (i) => void ((i.terms.regionalOffice as unknown as Record<string, unknown>).phone = 'x'),
      'terms.regionalOffice.phone',
    ],
    ['inside a consultee', (i) => void ((i.terms.consultees[0] as unknown as Record<string, unknown>).size = 3), 'terms.consultees.0.size'],
    ['inside the policy', (i) => void (i.policy = { consultationDays: 5 } as never), 'policy.consultationDays'],
    [
      'inside a policy date',
      (i) => void (i.policy = { annualReportDue: { month: 6, day: 30, year: 2001 } } as never),
      'policy.annualReportDue.year',
    ],
  ] as [string, (i: ReturnType<typeof aValidCreateInput> & Record<string, unknown>) => void, string][])(
    'when an unknown field is %s, then it is refused by name (nothing is silently dropped)',
    (_name, mutate, path) => {
      expect(createWith(mutate)).toContain(path);
    },
  );

  test('when the bounds are at their limits, then the create input is accepted', () => {
    const input = structuredClone(aValidCreateInput());
    input.terms.regionalOffice.region = 'r'.repeat(100);
    input.terms.partners[0]!.id = 'p'.repeat(64);
    input.terms.terminationNoticeDays = 730;
    input.terms.endDate = '2099-12-31';
    input.policy = { consultationWeeks: 52, annualReportDue: { month: 12, day: 31 }, auditCertificationDue: { month: 4, day: 30 } };
    expect(pathsOf(createArrangementInputSchema.safeParse(input))).toEqual([]);
  });

  test.each([
    ['a financial year of 1,000,000,000', { type: 'fileAnnualReport', financialYear: 1_000_000_000 }, 'financialYear'],
    ['a quarter of year 9999', { type: 'fileQuarterlyReport', period: '9999Q1' }, 'period'],
    [
      'a next review date beyond the horizon',
      { type: 'completeReview', outcome: 'continue', nextReviewDate: '2100-01-01' },
      'nextReviewDate',
    ],
    ['a reason of 4,001 characters', { type: 'refuse', reason: 'x'.repeat(4001) }, 'reason'],
    ['a trust id of 2,043 characters', { type: 'grantConsent', trustId: 't'.repeat(2043), healthAuthorityId: 'ha' }, 'trustId'],
    [
      'a variation adding a partner with a 2,043-character id',
      {
        type: 'proposeVariation',
        terms: { ...validTerms(), partners: [...validTerms().partners, { ...PARTNERS.pct, id: 'x'.repeat(2043) }] },
      },
      'terms.partners.4.id',
    ],
    ['an unknown field', { type: 'submitProposal', hurry: true }, 'hurry'],
  ])('when a command has %s, then it is refused at its field, and the workflow refuses it too', (_name, command, path) => {
    expect(pathsOf(commandSchema.safeParse(command))).toContain(path);
    expect(whyCommandIsMalformed(command)).toEqual(expect.objectContaining({ code: 'invalidCommand' }));
  });

  test('when the dates are checked, then the range runs from 2000-04-01 to 2099-12-31', () => {
    expect(dateStringSchema.safeParse('2000-04-01').success).toBe(true);
    expect(dateStringSchema.safeParse('2099-12-31').success).toBe(true);
    expect(dateStringSchema.safeParse('2000-03-31').success).toBe(false);
    expect(dateStringSchema.safeParse('2100-01-01').success).toBe(false);
  });

  test('when dates are compared, then they compare as days, not as text', () => {
    expect(compareDates('2001-04-01', '2001-03-31')).toBeGreaterThan(0);
    expect(compareDates('2001-04-01', '2001-04-01')).toBe(0);
    expect(latestDate('2001-12-31', '2002-01-01', '2001-06-30')).toBe('2002-01-01');
    expect(earliestDate('2001-12-31', '2002-01-01', '2001-06-30')).toBe('2001-06-30');
    expect(() => compareDates('2001-4-1', '2001-04-01')).toThrow(RangeError);
  });

  test('when a policy names an annual due date that exists every year, then it is accepted', () => {
    expect(
      arrangementPolicySchema.safeParse({ annualReportDue: { month: 6, day: 30 }, auditCertificationDue: { month: 9, day: 30 } }).success,
    ).toBe(true);
  });
});
