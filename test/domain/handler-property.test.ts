/**
 * A property of the whole domain (issue 10): whatever the validator accepts, the handler never throws.
 * fast-check generates commands and policies, keeps those the zod schemas accept (what the API lets
 * through), and runs them as the workflow's Update handler does (tick, validate, decide, tick) on real
 * states from the lifecycle, then lets time run on. Fixed seed and bounded runs, so it is repeatable.
 */
import fc from 'fast-check';
import {
  addDays,
  arrangementPolicySchema,
  arrangementTermsSchema,
  CHECKLIST_ITEM_IDS,
  commandSchema,
  createArrangement,
  decide,
  isBefore,
  DAY_MS,
  listingOf,
  nextWakeAt,
  tick,
  toDateString,
  toInstant,
  whyCommandIsRefused,
  whyWaiting,
  WIND_UP_ITEM_IDS,
  type Actor,
  type ArrangementPolicyInput,
  type ArrangementState,
  type ArrangementTerms,
  type Command,
} from '../../domain';
import { encodedBytes } from '../../workflows/listing';
import { SEARCH_ATTRIBUTE_VALUE_MAX_BYTES } from '../../workflows/search-attributes';
import { searchAttributeUpdates } from '../../workflows/listing';
import {
  ADMIN,
  at,
  commandsToReachReady,
  driveToActive,
  driveToStatus,
  officerOf,
  PARTNERS,
  RO_OFFICER,
  validLeadCommissioningTerms,
  validTerms,
} from './fixtures';

const SEED = 20_001_031;
const PARTNER_IDS = Object.values(PARTNERS).map((p) => p.id);

/** Applies a command if the rules allow it, else keeps the state (used only to build the lifecycle states). */
function tryApply(state: ArrangementState, command: Command, actor: Actor, now: number): ArrangementState {
  const decision = decide(tick(state, now).state, command, actor, now);
  return decision.ok ? tick(decision.state, now).state : state;
}

/** Real states from the lifecycle: every stage of the path to ready, active, under review, varying, ending, refused, failed. */
function lifecycleStates(): ArrangementState[] {
  const county = officerOf(PARTNERS.county.id);
  const statuses = [
    'draft',
    'consultationOpen',
    'consultationClosed',
    'preconditionsPending',
    'agreementDrafting',
    'agreementExecuted',
    'notified',
    'ready',
  ] as const;
  const states: ArrangementState[] = statuses.map((s) => driveToStatus(s));
  const active = driveToActive();
  states.push(active);
  states.push(tick(active, at('2002-09-30')).state); // review open
  const varied = { ...validTerms(), clientGroups: [...validTerms().clientGroups, 'older people'] };
  states.push(tryApply(active, { type: 'proposeVariation', terms: varied }, county, at('2001-05-01')));
  const terminating = tryApply(active, { type: 'giveNotice' }, county, at('2001-06-01'));
  states.push(terminating);
  states.push(tick(terminating, at('2002-06-01')).state); // past its termination date, winding up
  const approveGate = driveToStatus('notified', validLeadCommissioningTerms());
  states.push(approveGate);
  states.push(tryApply(approveGate, { type: 'refuse', reason: 'Inadequate consultation' }, RO_OFFICER, at('2000-12-01')));
  const noCouncil = validTerms({ partners: [PARTNERS.ha, PARTNERS.pct], pooledFund: undefined, types: ['leadCommissioning'] });
  // Arrangements started before ineligible terms were refused still fail on submission (issue 11).
  const failed = {
    ...createArrangement({ ref: 'ARR-FAIL', terms: noCouncil }, officerOf(PARTNERS.ha.id), at('2000-12-01')),
    eligibilityRule: 'failOnSubmit' as const,
  };
  states.push(tryApply(failed, { type: 'submitProposal' }, officerOf(PARTNERS.ha.id), at('2000-12-01')));
  return states;
}

// Values that the schemas may or may not accept: fixture values, edges of every bound, and noise.
const idArb = fc.oneof(fc.constantFrom(...PARTNER_IDS, 'ha-elsewhere', 'nobody'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,70}$/));
const textArb = fc.oneof(fc.string({ minLength: 0, maxLength: 40 }), fc.constant('x'.repeat(4000)), fc.constant('x'.repeat(4001)));
const dateArb = fc.oneof(
  fc.integer({ min: -400, max: 3000 }).map((n) => addDays('2000-12-01', n)),
  fc.integer({ min: 0, max: 36_600 }).map((n) => toDateString(Date.UTC(2000, 0, 1) + n * DAY_MS)),
  fc.constantFrom('2000-04-01', '2099-12-31', '2100-01-01', '2000-03-31'),
);
const yearArb = fc.oneof(fc.integer({ min: 1999, max: 2006 }), fc.integer({ min: 1990, max: 2110 }));
const reasonArb = fc.option(textArb, { nil: undefined });
const partnerIdArb = fc.option(idArb, { nil: undefined });
const documentRefArb = fc.option(textArb, { nil: undefined });

/** Dates that hang together (start, then review, then end) more often than not, so many terms are eligible. */
const termDatesArb = fc.oneof(
  fc.record({ startDate: dateArb, endDate: dateArb, reviewDate: dateArb }),
  fc.tuple(dateArb, fc.integer({ min: 2, max: 4000 }), fc.double({ min: 0.01, max: 0.99, noNaN: true })).map(([startDate, days, at]) => ({
    startDate,
    endDate: addDays(startDate, days),
    reviewDate: addDays(startDate, Math.max(1, Math.floor(days * at))),
  })),
  fc.constant({ startDate: '2001-04-01', endDate: '2004-03-31', reviewDate: '2002-09-30' }),
);

const termsArb: fc.Arbitrary<ArrangementTerms> = fc
  .record({
    partners: fc.oneof(fc.constant(Object.values(PARTNERS)), fc.shuffledSubarray(Object.values(PARTNERS), { minLength: 1 })),
    dates: termDatesArb,
    terminationNoticeDays: fc.oneof(fc.integer({ min: 0, max: 800 }), fc.constantFrom(0, 730, 731, 3_000_000)),
    clientGroups: fc.constantFrom<string[][]>(
      ['adults with learning disabilities'],
      ['adults with learning disabilities', 'older people'],
      ['older people'],
    ),
    region: fc.constantFrom('northWest', 'london', 'r'.repeat(100)),
    gate: fc.constantFrom('notifyAck' as const, 'approve' as const),
  })
  .map(({ region, gate, dates, ...rest }) => ({
    ...validTerms(),
    ...rest,
    ...dates,
    regionalOfficeGate: gate,
    regionalOffice: { ...validTerms().regionalOffice, region },
  }));

/** One arbitrary per command type, close enough to valid that the schema accepts many of them. */
const commandArbs: fc.Arbitrary<Record<string, unknown>>[] = [
  fc.record({ type: fc.constant('submitProposal'), reason: reasonArb }),
  fc.record({ type: fc.constant('editProposal'), terms: termsArb, reason: reasonArb }),
  fc.record({
    type: fc.constant('recordConsultationResponse'),
    group: fc.constantFrom('carers', 'service users', 'parish'),
    summary: textArb,
  }),
  fc.record({ type: fc.constant('closeConsultation') }),
  fc.record({ type: fc.constant('considerResponses'), partnerId: partnerIdArb, summary: textArb }),
  fc.record({
    type: fc.constant('recordHimpCheck'),
    himpRef: textArb,
    objectives: fc.array(textArb, { minLength: 1, maxLength: 3 }),
    finding: fc.constantFrom('consistent' as const, 'notConsistent' as const),
  }),
  fc.record({ type: fc.constant('attestImprovement'), partnerId: partnerIdArb, statement: textArb }),
  fc.record({ type: fc.constant('grantConsent'), trustId: idArb, healthAuthorityId: idArb }),
  fc.record({ type: fc.constant('refuseConsent'), trustId: idArb, healthAuthorityId: idArb, reason: textArb }),
  fc.record({
    type: fc.constant('markChecklistItem'),
    itemId: fc.constantFrom(...CHECKLIST_ITEM_IDS),
    documentRef: documentRefArb,
    present: fc.option(fc.boolean(), { nil: undefined }),
    transfersLiability: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('markChecklistItems'),
    items: fc.array(
      fc.record({
        itemId: fc.constantFrom(...CHECKLIST_ITEM_IDS),
        documentRef: documentRefArb,
        present: fc.option(fc.boolean(), { nil: undefined }),
        transfersLiability: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({ type: fc.constant('signAgreement'), partnerId: partnerIdArb }),
  fc.record({ type: fc.constant('submitNotification'), formRef: documentRefArb }),
  fc.record({ type: fc.constantFrom('acknowledgeReceipt', 'approve', 'closeConsultation', 'abandon'), reason: reasonArb }),
  fc.record({ type: fc.constantFrom('refuse', 'withdrawApproval'), reason: textArb }),
  fc.record({ type: fc.constant('requestInformation'), question: textArb }),
  fc.record({ type: fc.constant('provideInformation'), answer: textArb }),
  fc.record({ type: fc.constant('resubmit'), terms: fc.option(termsArb, { nil: undefined }) }),
  fc.record({ type: fc.constant('proposeVariation'), terms: termsArb }),
  fc.record({ type: fc.constant('decideVariation'), decision: fc.constantFrom('approve', 'reject') }),
  fc.record({
    type: fc.constant('fileQuarterlyReport'),
    period: fc.tuple(yearArb, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}Q${q}`),
    documentRef: documentRefArb,
  }),
  fc.record({
    type: fc.constantFrom('fileAnnualReport', 'submitAnnualReturn', 'certifyAudit'),
    financialYear: yearArb,
    documentRef: documentRefArb,
  }),
  fc.record({
    type: fc.constant('completeReview'),
    outcome: fc.constantFrom('continue', 'terminate'),
    nextReviewDate: fc.option(dateArb, { nil: undefined }),
    summary: fc.option(textArb, { nil: undefined }),
  }),
  fc.record({ type: fc.constant('giveNotice'), partnerId: partnerIdArb }),
  fc.record({ type: fc.constant('completeWindUpItem'), itemId: fc.constantFrom(...WIND_UP_ITEM_IDS), documentRef: documentRefArb }),
];

/** Drops undefined fields, as JSON on the wire would. */
const jsonClean = (value: Record<string, unknown>): unknown => JSON.parse(JSON.stringify(value));

/** Commands the validator accepts, as the API hands them on (parsed). */
const acceptedCommandArb: fc.Arbitrary<Command> = fc
  .oneof(...commandArbs)
  .map((raw) => commandSchema.safeParse(jsonClean(raw)))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data);

const actorArb = fc.constantFrom<Actor>(...PARTNER_IDS.map(officerOf), RO_OFFICER, { ...RO_OFFICER, region: 'london' }, ADMIN);

/** What the workflow does with a command and what happens after: it must all run without throwing. */
function runAsTheWorkflowDoes(state: ArrangementState, command: Command, actor: Actor, now: number): ArrangementState {
  let current = tick(state, now).state;
  // The Update's validator.
  whyCommandIsRefused(current, command, actor, now);
  // The Update's handler.
  const decision = decide(current, command, actor, now);
  if (decision.ok) current = tick(decision.state, now).state;
  // Reads, and the search attributes the workflow upserts (each within the server's value limit).
  whyWaiting(current, now);
  listingOf(current);
  let totalBytes = 0;
  for (const { key, value } of searchAttributeUpdates(current)) {
    const bytes = typeof value === 'string' || Array.isArray(value) ? encodedBytes(value) : 32;
    expect(bytes).toBeLessThanOrEqual(SEARCH_ATTRIBUTE_VALUE_MAX_BYTES);
    totalBytes += key.name.length + bytes;
  }
  // The server's total for one workflow's search attributes is 40 KiB.
  expect(totalBytes).toBeLessThan(40 * 1024);
  // Time runs on: the next few wakes.
  for (let i = 0; i < 5; i += 1) {
    const wake = nextWakeAt(current);
    if (wake === undefined) break;
    current = tick(current, wake).state;
  }
  JSON.stringify(current);
  return current;
}

describe('the handler never throws for a command its validator accepts (property, fast-check)', () => {
  const states = lifecycleStates();

  test('the lifecycle states cover every stage the commands meet', () => {
    expect(new Set(states.map((s) => s.status))).toEqual(
      new Set([
        'draft',
        'consultationOpen',
        'consultationClosed',
        'preconditionsPending',
        'agreementDrafting',
        'agreementExecuted',
        'notified',
        'ready',
        'active',
        'terminating',
        'roRefused',
        'eligibilityFailed',
      ]),
    );
  });

  test('when any accepted command is sent by anyone at any time to a state from the lifecycle, then nothing throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...states),
        fc.array(acceptedCommandArb, { minLength: 1, maxLength: 3 }),
        actorArb,
        fc.integer({ min: 0, max: 6 * 366 * DAY_MS }),
        (state, commands, actor, offset) => {
          let current = state;
          let now = state.updatedAt + offset;
          for (const command of commands) {
            current = runAsTheWorkflowDoes(current, command, actor, now);
            now += DAY_MS;
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  const policyArb: fc.Arbitrary<ArrangementPolicyInput> = fc
    .record(
      {
        consultationWeeks: fc.oneof(fc.integer({ min: 1, max: 52 }), fc.constantFrom(0, 53, 500_000)),
        haConsentChaseDays: fc.integer({ min: 0, max: 400 }),
        notifyBeforeStartDays: fc.integer({ min: 0, max: 400 }),
        roResponseDays: fc.integer({ min: 0, max: 400 }),
        quarterlyReportWorkingDays: fc.integer({ min: 0, max: 70 }),
        annualReportDue: fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) }),
        auditCertificationDue: fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) }),
        reviewReminderOffsetsDays: fc.array(fc.integer({ min: -800, max: 0 }), { maxLength: 4 }),
        endReminderOffsetsDays: fc.array(fc.integer({ min: -800, max: 0 }), { maxLength: 4 }),
        windUpDays: fc.integer({ min: 0, max: 400 }),
        reminderLadder: fc.array(
          fc.record({
            step: fc.stringMatching(/^[A-Z][0-9]$/),
            offsetDays: fc.integer({ min: -400, max: 400 }),
            kind: fc.constantFrom('reminder' as const, 'dueToday' as const, 'overdue' as const),
            recipients: fc.constant(['responsible' as const, 'regionalOffice' as const]),
          }),
          { maxLength: 4 },
        ),
        allowRetrospectiveStart: fc.boolean(),
      },
      { requiredKeys: [] },
    )
    .map((raw) => arrangementPolicySchema.safeParse(raw))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data);

  /** Mostly the eligible fixture, moved to a start year up to the horizon and with any notice period; sometimes any terms. */
  const lifeTermsArb: fc.Arbitrary<ArrangementTerms> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          year: fc.oneof(fc.constant(2001), fc.integer({ min: 2001, max: 2096 })),
          terminationNoticeDays: fc.oneof(fc.integer({ min: 0, max: 800 }), fc.constantFrom(730, 731, 3_000_000)),
        })
        .map(({ year, terminationNoticeDays }) =>
          validTerms({
            startDate: `${year}-04-01`,
            endDate: `${year + 3}-03-31`,
            reviewDate: `${year + 1}-09-30`,
            terminationNoticeDays,
            pooledFund: {
              ...validTerms().pooledFund!,
              contributions: validTerms().pooledFund!.contributions.map((c) => ({ ...c, financialYear: year })),
            },
          }),
        ),
    },
    { weight: 1, arbitrary: termsArb },
  );

  test('when an arrangement is created with any accepted policy and lives its whole life, then nothing throws', () => {
    fc.assert(
      fc.property(
        policyArb,
        lifeTermsArb.filter((t) => arrangementTermsSchema.safeParse(t).success),
        (policy, terms) => {
          const created = createArrangement({ ref: 'ARR-PROP', terms, policy }, officerOf(terms.partners[0]?.id ?? ''), at('2000-12-01'));
          let state = created;
          let now = at('2000-12-01');
          for (const step of commandsToReachReady(terms)) {
            state = runAsTheWorkflowDoes(state, step.command, step.actor, now);
            now += 60_000;
          }
          for (let i = 0; i < 20; i += 1) {
            const wake = nextWakeAt(state);
            if (wake === undefined) break;
            state = tick(state, wake).state;
            now = Math.max(now, wake);
          }
          // The start date comes (the arrangement activates), then a partner gives notice, and time runs on.
          now = Math.max(now, toInstant(terms.startDate) + 3_600_000);
          state = tick(state, now).state;
          state = runAsTheWorkflowDoes(state, { type: 'giveNotice' }, officerOf(terms.partners[0]?.id ?? ''), now);
          for (let i = 0; i < 30; i += 1) {
            const wake = nextWakeAt(state);
            if (wake === undefined) break;
            state = tick(state, wake).state;
          }
          // No report is ever due before the end of the period it reports on.
          for (const o of state.obligations) if (o.periodEnd !== undefined) expect(isBefore(o.dueDate, o.periodEnd)).toBe(false);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});
