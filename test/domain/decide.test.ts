import {
  CITATIONS,
  decide,
  requiredChecklistItems,
  tick,
  whyCommandIsRefused,
  type Actor,
  type ArrangementState,
  type ArrangementTerms,
  type Command,
  type Decision,
} from '../../domain';
import {
  ADMIN,
  PARTNERS,
  RO_OFFICER,
  at,
  driveToActive,
  endOf,
  driveToReady,
  driveToStatus,
  officerOf,
  otherOfficerOf,
  validLeadCommissioningTerms,
  validTerms,
} from './fixtures';

const T0 = at('2000-12-01');
const ha = officerOf(PARTNERS.ha.id);
const county = officerOf(PARTNERS.county.id);
const pct = officerOf(PARTNERS.pct.id);
const leadRo: Actor = RO_OFFICER;

/** The accepted state of a decision, or a failed test. */
function accepted(decision: Decision): ArrangementState {
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
  return decision.state;
}

const activeLead = (): ArrangementState => driveToActive(validLeadCommissioningTerms());
const underReview = (): ArrangementState => tick(driveToActive(), at('2002-09-30')).state;
const withMinorVariation = (): ArrangementState =>
  accepted(decide(driveToActive(), { type: 'proposeVariation', terms: validTerms({ aims: ['Better lives'] }) }, county, at('2001-06-01')));
const withMaterialVariationApproveMode = (): ArrangementState =>
  accepted(
    decide(
      activeLead(),
      { type: 'proposeVariation', terms: validLeadCommissioningTerms({ serviceKinds: ['day services'] }) },
      county,
      at('2001-06-01'),
    ),
  );
const terminating = (): ArrangementState => accepted(decide(driveToActive(), { type: 'giveNotice' }, county, at('2001-06-01')));

describe('decide: refusals', () => {
  const cases: [string, () => ArrangementState, Command, Actor, number, string, string][] = [
    [
      'an RO officer submits the proposal',
      () => driveToStatus('draft'),
      { type: 'submitProposal' },
      leadRo,
      T0,
      'roleNotPermitted',
      CITATIONS.actors,
    ],
    [
      'the proposal is submitted after its start date (HSC 1, 11: notify before use)',
      () => driveToStatus('draft'),
      { type: 'submitProposal' },
      ha,
      at('2001-04-02'),
      'startDateInPast',
      CITATIONS.notification,
    ],
    [
      'a draft is edited to start yesterday',
      () => driveToStatus('draft'),
      { type: 'editProposal', terms: validTerms({ startDate: '2000-11-30' }) },
      ha,
      T0,
      'startDateInPast',
      CITATIONS.notification,
    ],
    [
      'an officer of a non-partner submits the proposal',
      () => driveToStatus('draft'),
      { type: 'submitProposal' },
      officerOf('someone'),
      T0,
      'notAPartnerOfficer',
      CITATIONS.actors,
    ],
    [
      'a partner approves in consultation',
      () => driveToStatus('consultationOpen'),
      { type: 'approve' },
      ha,
      T0,
      'roleNotPermitted',
      CITATIONS.actors,
    ],
    [
      'a partner signs while the consultation is open',
      () => driveToStatus('consultationOpen'),
      { type: 'signAgreement' },
      ha,
      T0,
      'notAllowedInStatus',
      CITATIONS.lifecycle,
    ],
    [
      'consultation is closed early before every group responded',
      () => driveToStatus('consultationOpen'),
      { type: 'closeConsultation' },
      ha,
      T0,
      'consultationStillOpen',
      CITATIONS.consultation,
    ],
    [
      'a response names an unknown group',
      () => driveToStatus('consultationOpen'),
      { type: 'recordConsultationResponse', group: 'press', summary: 'x' },
      ha,
      T0,
      'unknownConsulteeGroup',
      CITATIONS.consultation,
    ],
    [
      'a response comes after the close date',
      () => driveToStatus('consultationOpen'),
      { type: 'recordConsultationResponse', group: 'carers', summary: 'x' },
      ha,
      at('2001-02-24'),
      'consultationPeriodEnded',
      CITATIONS.consultation,
    ],
    [
      'a partner considers the responses twice',
      () => accepted(decide(driveToStatus('consultationClosed'), { type: 'considerResponses', summary: 's' }, ha, T0)),
      { type: 'considerResponses', summary: 's' },
      ha,
      T0,
      'alreadyConsidered',
      CITATIONS.consultation,
    ],
    [
      'an administrator considers without naming a partner',
      () => driveToStatus('consultationClosed'),
      { type: 'considerResponses', summary: 's' },
      ADMIN,
      T0,
      'partnerIdRequired',
      CITATIONS.actors,
    ],
    [
      'a partner officer acts for another partner',
      () => driveToStatus('consultationClosed'),
      { type: 'considerResponses', summary: 's', partnerId: PARTNERS.pct.id },
      ha,
      T0,
      'cannotActForAnotherPartner',
      CITATIONS.actors,
    ],
    [
      'a consent is recorded by someone other than the HA',
      () => driveToStatus('preconditionsPending'),
      { type: 'grantConsent', trustId: 'trust-city', healthAuthorityId: 'ha-northshire' },
      county,
      T0,
      'notTheConsentingAuthority',
      CITATIONS.trustConsent,
    ],
    [
      'a consent is recorded that is not needed',
      () => driveToStatus('preconditionsPending'),
      { type: 'grantConsent', trustId: 'trust-other', healthAuthorityId: 'ha-northshire' },
      ha,
      T0,
      'consentNotRequired',
      CITATIONS.trustConsent,
    ],
    [
      'an HA whose consent is not needed records one in its own name',
      () => driveToStatus('preconditionsPending'),
      { type: 'grantConsent', trustId: 'trust-city', healthAuthorityId: 'ha-elsewhere' },
      officerOf('ha-elsewhere'),
      T0,
      'notAPartnerOfficer',
      CITATIONS.actors,
    ],
    [
      'a consent is refused without reasons',
      () => driveToStatus('preconditionsPending'),
      { type: 'refuseConsent', trustId: 'trust-city', healthAuthorityId: 'ha-northshire', reason: ' ' },
      ha,
      T0,
      'reasonRequired',
      CITATIONS.trustConsent,
    ],
    [
      'a partner attests twice',
      () => accepted(decide(driveToStatus('preconditionsPending'), { type: 'attestImprovement', statement: 's' }, ha, T0)),
      { type: 'attestImprovement', statement: 's' },
      ha,
      T0,
      'alreadyAttested',
      CITATIONS.improvement,
    ],
    [
      'a partner signs an incomplete agreement',
      () => driveToStatus('agreementDrafting'),
      { type: 'signAgreement' },
      ha,
      T0,
      'checklistIncomplete',
      CITATIONS.writtenAgreement,
    ],
    [
      'a reg 9 item is marked on a pooled fund agreement',
      () => driveToStatus('agreementDrafting'),
      { type: 'markChecklistItem', itemId: 'D9-A' },
      ha,
      T0,
      'checklistItemNotRequired',
      CITATIONS.writtenAgreement,
    ],
    [
      'the liability clause transfers liability',
      () => driveToStatus('agreementDrafting'),
      { type: 'markChecklistItem', itemId: 'X-LIABILITY', transfersLiability: true },
      ha,
      T0,
      'liabilityTransferClause',
      CITATIONS.liability,
    ],
    [
      'the RO approves under a notify-and-acknowledge gate',
      () => driveToStatus('notified'),
      { type: 'approve' },
      leadRo,
      T0,
      'wrongGateMode',
      CITATIONS.notification,
    ],
    [
      'the RO refuses under a notify-and-acknowledge gate',
      () => driveToStatus('notified'),
      { type: 'refuse', reason: 'no' },
      leadRo,
      T0,
      'wrongGateMode',
      CITATIONS.notification,
    ],
    [
      'the RO acknowledges under an approval gate',
      () => driveToStatus('notified', validLeadCommissioningTerms()),
      { type: 'acknowledgeReceipt' },
      leadRo,
      T0,
      'wrongGateMode',
      CITATIONS.approval,
    ],
    [
      'the RO refuses without reasons',
      () => driveToStatus('notified', validLeadCommissioningTerms()),
      { type: 'refuse', reason: '' },
      leadRo,
      T0,
      'reasonRequired',
      CITATIONS.approval,
    ],
    [
      "another region's RO decides",
      () => driveToStatus('notified'),
      { type: 'acknowledgeReceipt' },
      { ...leadRo, region: 'london' },
      T0,
      'notTheRegionalOffice',
      CITATIONS.notification,
    ],
    [
      'partners answer when nothing was asked',
      () => driveToStatus('notified'),
      { type: 'provideInformation', answer: 'a' },
      ha,
      T0,
      'noInformationRequested',
      CITATIONS.notification,
    ],
    [
      'a resubmission adds surgery',
      () => accepted(decide(driveToStatus('notified', validLeadCommissioningTerms()), { type: 'refuse', reason: 'r' }, leadRo, T0)),
      { type: 'resubmit', terms: validLeadCommissioningTerms({ functionIds: [...validLeadCommissioningTerms().functionIds, 'X-SURG'] }) },
      pct,
      T0,
      'functionExcluded',
      CITATIONS.excludedFunctions,
    ],
    [
      'an active arrangement is abandoned',
      () => driveToActive(),
      { type: 'abandon' },
      ha,
      at('2001-05-01'),
      'notAllowedInStatus',
      CITATIONS.lifecycle,
    ],
    [
      'a variation changes nothing',
      () => driveToActive(),
      { type: 'proposeVariation', terms: validTerms() },
      ha,
      at('2001-05-01'),
      'variationChangesNothing',
      CITATIONS.variation,
    ],
    [
      'a variation adds capital to the pool',
      () => driveToActive(),
      {
        type: 'proposeVariation',
        terms: validTerms({
          pooledFund: {
            ...validTerms().pooledFund!,
            contributions: [{ partnerId: 'ha-northshire', financialYear: 2001, amountPence: 5, kind: 'capital' }],
          },
        }),
      },
      ha,
      at('2001-05-01'),
      'capitalInPooledFund',
      CITATIONS.capitalInPool,
    ],
    [
      'a variation moves the start date',
      () => driveToActive(),
      { type: 'proposeVariation', terms: validTerms({ startDate: '2001-05-01' }) },
      ha,
      at('2001-05-01'),
      'startDateFixed',
      CITATIONS.variation,
    ],
    [
      'a second variation is proposed while one is pending',
      withMinorVariation,
      { type: 'proposeVariation', terms: validTerms({ aims: ['Other'] }) },
      ha,
      at('2001-06-02'),
      'variationAlreadyPending',
      CITATIONS.variation,
    ],
    [
      'the proposer decides their own variation',
      withMinorVariation,
      { type: 'decideVariation', decision: 'approve' },
      county,
      at('2001-06-02'),
      'proposerCannotDecide',
      CITATIONS.variation,
    ],
    [
      'a colleague of the proposer decides it',
      withMinorVariation,
      { type: 'decideVariation', decision: 'approve' },
      otherOfficerOf(PARTNERS.county.id),
      at('2001-06-02'),
      'proposerCannotDecide',
      CITATIONS.variation,
    ],
    [
      'the RO decides a minor variation',
      withMinorVariation,
      { type: 'decideVariation', decision: 'approve' },
      leadRo,
      at('2001-06-02'),
      'variationDecidedByPartners',
      CITATIONS.variation,
    ],
    [
      'a partner approves a material variation under an approval gate',
      withMaterialVariationApproveMode,
      { type: 'decideVariation', decision: 'approve' },
      pct,
      at('2001-06-02'),
      'variationDecidedByRegionalOffice',
      CITATIONS.variation,
    ],
    [
      'a variation is rejected without reasons',
      withMinorVariation,
      { type: 'decideVariation', decision: 'reject' },
      ha,
      at('2001-06-02'),
      'reasonRequired',
      CITATIONS.variation,
    ],
    [
      'a variation needing consultation is approved before it closes',
      () =>
        accepted(
          decide(
            activeLead(),
            {
              type: 'proposeVariation',
              terms: validLeadCommissioningTerms({ clientGroups: ['adults with learning disabilities', 'older people'] }),
            },
            county,
            at('2001-06-01'),
          ),
        ),
      { type: 'decideVariation', decision: 'approve' },
      leadRo,
      at('2001-06-02'),
      'variationNotReady',
      CITATIONS.variationConsultation,
    ],
    [
      'a quarterly report is filed before its quarter ends',
      () => driveToActive(),
      { type: 'fileQuarterlyReport', period: '2001Q1' },
      county,
      at('2001-06-15'),
      'periodNotEnded',
      CITATIONS.lifecycle,
    ],
    [
      'a quarterly report is filed for a quarter with no obligation',
      () => driveToActive(),
      { type: 'fileQuarterlyReport', period: '1999Q1' },
      county,
      at('2001-06-15'),
      'noSuchObligation',
      CITATIONS.lifecycle,
    ],
    [
      'an audit is certified before the return is submitted',
      () => tick(driveToActive(), at('2002-04-02')).state,
      { type: 'certifyAudit', financialYear: 2001 },
      county,
      at('2002-04-02'),
      'annualReturnNotSubmitted',
      CITATIONS.auditCertification,
    ],
    [
      'a review is completed before the review date',
      () => driveToActive(),
      { type: 'completeReview', outcome: 'continue', nextReviewDate: '2003-09-30' },
      ha,
      at('2001-05-01'),
      'notAllowedInStatus',
      CITATIONS.lifecycle,
    ],
    [
      'a review continues without a next review date',
      underReview,
      { type: 'completeReview', outcome: 'continue' },
      ha,
      at('2002-10-01'),
      'nextReviewDateRequired',
      CITATIONS.review,
    ],
    [
      'a review sets the next review after the end',
      underReview,
      { type: 'completeReview', outcome: 'continue', nextReviewDate: '2004-06-30' },
      ha,
      at('2002-10-01'),
      'reviewNotBeforeEnd',
      CITATIONS.durationAndReview,
    ],
    [
      'approval is withdrawn under a notify-and-acknowledge gate',
      () => driveToActive(),
      { type: 'withdrawApproval', reason: 'r' },
      leadRo,
      at('2001-05-01'),
      'wrongGateMode',
      CITATIONS.approval,
    ],
    [
      'approval is withdrawn without reasons',
      activeLead,
      { type: 'withdrawApproval', reason: '' },
      leadRo,
      at('2001-05-01'),
      'reasonRequired',
      CITATIONS.approval,
    ],
    [
      'a partner withdraws approval',
      activeLead,
      { type: 'withdrawApproval', reason: 'r' },
      pct,
      at('2001-05-01'),
      'roleNotPermitted',
      CITATIONS.actors,
    ],
    ['notice is given twice', terminating, { type: 'giveNotice' }, ha, at('2001-06-02'), 'notAllowedInStatus', CITATIONS.lifecycle],
    [
      'a wind-up item that does not apply is completed',
      () => accepted(decide(activeLead(), { type: 'giveNotice' }, pct, at('2001-06-01'))),
      { type: 'completeWindUpItem', itemId: 'surplusDeficit' },
      pct,
      at('2001-06-02'),
      'noSuchObligation',
      CITATIONS.lifecycle,
    ],
  ];

  test.each(cases)('when %s, then the command is refused with its rule', (_name, given, command, actor, now, code, citation) => {
    const state = given();
    const decision = decide(state, command, actor, now);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.refusal).toMatchObject({ code, citation });
    expect(whyCommandIsRefused(state, command, actor, now)).toMatchObject({ code, citation });
  });
});

describe('retrospective start dates (policy allowRetrospectiveStart, inferred)', () => {
  test('when a proposal starting in the past is submitted, then the refusal points at terms.startDate', () => {
    const decision = decide(driveToStatus('draft'), { type: 'submitProposal' }, ha, at('2001-04-02'));
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'startDateInPast', path: ['terms', 'startDate'] } });
  });

  test('when a proposal starts today, then it may be submitted', () => {
    expect(decide(driveToStatus('draft'), { type: 'submitProposal' }, ha, at('2001-04-01')).ok).toBe(true);
  });

  test('when the policy allows a retrospective start, then a past start date may be submitted', () => {
    const draft = driveToStatus('draft');
    const permissive = { ...draft, policy: { ...draft.policy, allowRetrospectiveStart: true } };
    expect(decide(permissive, { type: 'submitProposal' }, ha, at('2001-04-02')).ok).toBe(true);
  });
});

/** A draft of an arrangement started before ineligible terms were refused: its submission fails instead (issue 11). */
const legacyDraft = (terms: ArrangementTerms): ArrangementState => ({ ...driveToStatus('draft', terms), eligibilityRule: 'failOnSubmit' });

describe('decide: accepted transitions', () => {
  const cases: [string, () => ArrangementState, Command, Actor, number, ArrangementState['status']][] = [
    ['an eligible proposal is submitted', () => driveToStatus('draft'), { type: 'submitProposal' }, ha, T0, 'consultationOpen'],
    [
      'an ineligible proposal is submitted on an arrangement started before ineligible terms were refused',
      () => legacyDraft(validTerms({ functionIds: ['X-SURG'] })),
      { type: 'submitProposal' },
      ha,
      T0,
      'eligibilityFailed',
    ],
    [
      'a failed proposal is edited',
      () => accepted(decide(legacyDraft(validTerms({ functionIds: ['X-SURG'] })), { type: 'submitProposal' }, ha, T0)),
      { type: 'editProposal', terms: validTerms() },
      ha,
      T0,
      'draft',
    ],
    [
      'the first partner considers the responses',
      () => driveToStatus('consultationClosed'),
      { type: 'considerResponses', summary: 's' },
      ha,
      T0,
      'consultationClosed',
    ],
    [
      'consultation is closed after the close date with a response missing',
      () => driveToStatus('consultationOpen'),
      { type: 'closeConsultation' },
      ha,
      endOf('2001-02-23'),
      'consultationClosed',
    ],
    [
      'an administrator considers for a partner',
      () => driveToStatus('consultationClosed'),
      { type: 'considerResponses', summary: 's', partnerId: PARTNERS.pct.id },
      ADMIN,
      T0,
      'consultationClosed',
    ],
    [
      'the HA refuses consent',
      () => driveToStatus('preconditionsPending'),
      { type: 'refuseConsent', trustId: 'trust-city', healthAuthorityId: 'ha-northshire', reason: 'Contract under review' },
      ha,
      T0,
      'eligibilityFailed',
    ],
    [
      'the last partner signs',
      () => {
        const s = driveToStatus('agreementDrafting');
        return [PARTNERS.ha, PARTNERS.pct, PARTNERS.trust].reduce(
          (st, p) => accepted(decide(st, { type: 'signAgreement' }, officerOf(p.id), T0)),
          requiredChecklistItems(s.terms).reduce((st, itemId) => accepted(decide(st, { type: 'markChecklistItem', itemId }, ha, T0)), s),
        );
      },
      { type: 'signAgreement' },
      county,
      T0,
      'agreementExecuted',
    ],
    ['the notification is submitted', () => driveToStatus('agreementExecuted'), { type: 'submitNotification' }, ha, T0, 'notified'],
    ['the RO acknowledges receipt', () => driveToStatus('notified'), { type: 'acknowledgeReceipt' }, leadRo, T0, 'ready'],
    ['the RO approves', () => driveToStatus('notified', validLeadCommissioningTerms()), { type: 'approve' }, leadRo, T0, 'ready'],
    [
      'the RO refuses with reasons',
      () => driveToStatus('notified', validLeadCommissioningTerms()),
      { type: 'refuse', reason: 'Consultation did not reach carers' },
      leadRo,
      T0,
      'roRefused',
    ],
    [
      'the RO asks for information',
      () => driveToStatus('notified', validLeadCommissioningTerms()),
      { type: 'requestInformation', question: 'Who hosts the board?' },
      leadRo,
      T0,
      'notified',
    ],
    [
      'refused partners resubmit',
      () => accepted(decide(driveToStatus('notified', validLeadCommissioningTerms()), { type: 'refuse', reason: 'r' }, leadRo, T0)),
      { type: 'resubmit' },
      pct,
      T0,
      'agreementDrafting',
    ],
    ['a ready arrangement is abandoned', () => driveToReady(), { type: 'abandon', reason: 'Funding withdrawn' }, ADMIN, T0, 'abandoned'],
    [
      'a partner gives notice',
      () => driveToActive(),
      { type: 'giveNotice', reason: 'Service redesign' },
      county,
      at('2001-06-01'),
      'terminating',
    ],
    [
      'the RO withdraws approval',
      activeLead,
      { type: 'withdrawApproval', reason: 'Failing service' },
      leadRo,
      at('2001-06-01'),
      'terminating',
    ],
    [
      'an administrator records a withdrawal',
      activeLead,
      { type: 'withdrawApproval', reason: 'Failing service' },
      ADMIN,
      at('2001-06-01'),
      'terminating',
    ],
    ['a review decides to terminate', underReview, { type: 'completeReview', outcome: 'terminate' }, ha, at('2002-10-01'), 'terminating'],
    [
      'a review continues',
      underReview,
      { type: 'completeReview', outcome: 'continue', nextReviewDate: '2003-09-30' },
      ha,
      at('2002-10-01'),
      'active',
    ],
  ];

  test.each(cases)('when %s, then the arrangement becomes %s', (_name, given, command, actor, now, status) => {
    const state = given();
    const snapshot = JSON.stringify(state);
    expect(whyCommandIsRefused(state, command, actor, now)).toBeUndefined();
    const next = accepted(decide(state, command, actor, now));
    expect(next.status).toBe(status);
    expect(JSON.stringify(state)).toBe(snapshot); // decide never mutates its input
    expect(next.audit.slice(state.audit.length)[0]).toMatchObject({ at: now, actorId: actor.id, role: actor.role, action: command.type });
    expect(JSON.parse(JSON.stringify(next))).toEqual(next); // plain JSON
  });
});

describe('decide: behaviour details', () => {
  test('when a proposal is submitted, then every consultee is invited and the close date is 12 weeks on', () => {
    const decision = decide(driveToStatus('draft'), { type: 'submitProposal' }, ha, T0);
    if (!decision.ok) throw new Error('refused');
    expect(decision.state.consultation?.closeDate).toBe('2001-02-23');
    expect(decision.effects).toHaveLength(1);
    expect(decision.effects[0]?.notification).toMatchObject({
      kind: 'consultationInvitation',
      key: 'ARR-2001-001:consultationInvitation:proposal1',
      dueDate: '2001-02-23',
    });
    expect(decision.effects[0]?.notification.recipients.map((r) => r.email)).toEqual([
      'sam.user@users.example.org.uk',
      'carol.carer@carers.example.org.uk',
    ]);
    expect(decision.state.obligations).toContainEqual(
      expect.objectContaining({ id: 'consultationClose:proposal1', dueDate: '2001-02-23', status: 'open' }),
    );
  });

  test('when an ineligible proposal is submitted on an arrangement started before the rule, then it fails with all refusals stored', () => {
    const state = accepted(
      decide(legacyDraft(validTerms({ functionIds: ['X-SURG', 'X-TOP'], consultees: [] })), { type: 'submitProposal' }, ha, T0),
    );
    expect(state.status).toBe('eligibilityFailed');
    expect(state.proposal.refusals.map((r) => r.code)).toEqual(['functionExcluded', 'functionExcluded', 'noConsultees']);
  });

  test('when an ineligible proposal is submitted, then it is refused with every refusal under terms, and the draft stays', () => {
    const draft = driveToStatus('draft', validTerms({ functionIds: ['X-SURG', 'X-TOP'], consultees: [] }));
    const decision = decide(draft, { type: 'submitProposal' }, ha, T0);
    if (decision.ok) throw new Error('accepted');
    expect(decision.refusal.all?.map((r) => [r.code, r.path])).toEqual([
      ['functionExcluded', ['terms', 'functionIds', 0]],
      ['functionExcluded', ['terms', 'functionIds', 1]],
      ['noConsultees', ['terms', 'consultees']],
    ]);
    expect(decision.refusal.code).toBe('functionExcluded');
  });

  test('when a draft is edited to ineligible terms, then every refusal answers at once; one refusal alone carries no list', () => {
    const draft = driveToStatus('draft');
    const many = decide(draft, { type: 'editProposal', terms: validTerms({ endDate: '2001-03-31', functionIds: ['nhs.noSuch'] }) }, ha, T0);
    if (many.ok) throw new Error('accepted');
    expect(many.refusal.all?.map((r) => r.code)).toEqual(['functionUnknown', 'endNotAfterStart', 'reviewNotBeforeEnd']);
    const one = decide(draft, { type: 'editProposal', terms: validTerms({ consultees: [] }) }, ha, T0);
    if (one.ok) throw new Error('accepted');
    expect(one.refusal).toEqual(expect.objectContaining({ code: 'noConsultees', path: ['terms', 'consultees'] }));
    expect(one.refusal.all).toBeUndefined();
  });

  test('when preconditions are complete, then the agreement drafting starts with the HA consent obligation done', () => {
    const state = driveToStatus('agreementDrafting');
    expect(state.obligations.find((o) => o.id === 'haConsent:trust-city:ha-northshire')).toMatchObject({
      status: 'done',
      dueDate: '2000-12-29',
    });
    expect(state.audit.map((a) => a.action)).toContain('preconditionsMet');
  });

  test('when the RO refuses, then every partner contact is told the reasons and the citation', () => {
    const decision = decide(
      driveToStatus('notified', validLeadCommissioningTerms()),
      { type: 'refuse', reason: 'Carers were not consulted' },
      leadRo,
      T0,
    );
    if (!decision.ok) throw new Error('refused');
    expect(decision.effects[0]?.notification).toMatchObject({
      kind: 'roDecision',
      reasons: 'Carers were not consulted',
      citation: CITATIONS.approval,
      key: 'ARR-2001-001:roDecision:1',
    });
    expect(decision.effects[0]?.notification.recipients).toHaveLength(2);
    expect(decision.state.audit.at(-1)).toMatchObject({ action: 'refuse', reason: 'Carers were not consulted' });
  });

  test('when refused partners resubmit, then the version goes up and a fresh notification is needed', () => {
    const refused = accepted(decide(driveToStatus('notified', validLeadCommissioningTerms()), { type: 'refuse', reason: 'r' }, leadRo, T0));
    const again = accepted(decide(refused, { type: 'resubmit' }, pct, T0));
    expect(again.version).toBe(2);
    expect(again.agreement?.signatures).toEqual([]);
    const signed = [PARTNERS.pct, PARTNERS.county].reduce(
      (s, p) => accepted(decide(s, { type: 'signAgreement' }, officerOf(p.id), T0)),
      again,
    );
    const notified = accepted(decide(signed, { type: 'submitNotification' }, pct, T0));
    expect(notified.obligations.find((o) => o.id === 'roResponse:v2')).toMatchObject({ status: 'open' });
  });

  test('when a minor variation is approved by another partner, then the new terms take effect with a new version', () => {
    const pending = withMinorVariation();
    expect(pending.terms.aims).toEqual(validTerms().aims); // old terms stay in force
    expect(pending.variation).toMatchObject({ id: 'variation1', decidedBy: 'partners', classification: { materiality: 'minor' } });
    const decision = decide(pending, { type: 'decideVariation', decision: 'approve' }, ha, at('2001-06-02'));
    if (!decision.ok) throw new Error('refused');
    expect(decision.state.terms.aims).toEqual(['Better lives']);
    expect(decision.state.version).toBe(2);
    expect(decision.state.variation).toBeUndefined();
    expect(decision.effects.map((e) => e.notification.kind)).toEqual(['variation']);
  });

  test('when a material variation adds a client group, then it waits for consultation and the RO', () => {
    const proposed = accepted(
      decide(
        activeLead(),
        {
          type: 'proposeVariation',
          terms: validLeadCommissioningTerms({ clientGroups: ['adults with learning disabilities', 'older people'] }),
        },
        county,
        at('2001-06-01'),
      ),
    );
    expect(proposed.variation?.consultation?.closeDate).toBe('2001-08-24');
    const closed = tick(proposed, endOf('2001-08-24')).state;
    expect(closed.variation?.consultation?.closedHow).toBe('lapsed');
    expect(closed.terms.clientGroups).toEqual(['adults with learning disabilities']);
    const approved = accepted(decide(closed, { type: 'decideVariation', decision: 'approve' }, leadRo, at('2001-08-25')));
    expect(approved.terms.clientGroups).toEqual(['adults with learning disabilities', 'older people']);
  });

  test('when a material variation under a notify-and-acknowledge gate is acknowledged, then it takes effect', () => {
    const terms = validTerms({ serviceKinds: ['day services'] });
    const proposed = accepted(decide(driveToActive(), { type: 'proposeVariation', terms }, county, at('2001-06-01')));
    expect(decide(proposed, { type: 'decideVariation', decision: 'approve' }, leadRo, at('2001-06-02'))).toMatchObject({
      ok: false,
      refusal: { code: 'variationNeedsAcknowledgement' },
    });
    const acknowledged = accepted(decide(proposed, { type: 'acknowledgeReceipt' }, leadRo, at('2001-06-02')));
    expect(acknowledged.terms.serviceKinds).toEqual(['day services']);
  });

  test('when a variation needs a new HA consent that is refused, then the variation is dropped and the old terms stay', () => {
    const terms = validTerms({ clientGroups: ['adults with learning disabilities', 'older people'] });
    const proposed = accepted(decide(driveToActive(), { type: 'proposeVariation', terms }, county, at('2001-06-01')));
    expect(proposed.variation?.consents).toEqual([{ trustId: 'trust-city', healthAuthorityId: 'ha-elsewhere', status: 'pending' }]);
    const refused = accepted(
      decide(
        proposed,
        { type: 'refuseConsent', trustId: 'trust-city', healthAuthorityId: 'ha-elsewhere', reason: 'No capacity' },
        officerOf('ha-elsewhere'),
        at('2001-06-05'),
      ),
    );
    expect(refused.status).toBe('active');
    expect(refused.variation).toBeUndefined();
    expect(refused.terms.clientGroups).toEqual(['adults with learning disabilities']);
  });

  test('when notice is given, then wind-up items open and later periods are cancelled', () => {
    const state = terminating();
    expect(state.termination).toMatchObject({ cause: 'notice', terminationDate: '2001-08-30', byPartnerId: 'cc-northshire' });
    const windUp = state.obligations.filter((o) => o.kind === 'windUp').map((o) => [o.id, o.dueDate]);
    expect(windUp).toEqual([
      ['windUp:finalQuarterlyReport', '2001-11-28'],
      ['windUp:finalAnnualReport', '2001-11-28'],
      ['windUp:finalAnnualReturn', '2001-11-28'],
      ['windUp:finalAuditCertification', '2001-11-28'],
      ['windUp:surplusDeficit', '2001-11-28'],
      ['windUp:staff', '2001-11-28'],
      ['windUp:liabilityNote', '2001-11-28'],
    ]);
    const status = (id: string): string | undefined => state.obligations.find((o) => o.id === id)?.status;
    expect(status('quarterlyReport:2001Q1')).toBe('open');
    expect(status('quarterlyReport:2001Q2')).toBe('cancelled');
    expect(status('annualReport:2001')).toBe('cancelled');
  });

  test('when every wind-up item is done after the termination date, then the arrangement closes and keeps the liability note', () => {
    const lead = accepted(decide(activeLead(), { type: 'giveNotice' }, pct, at('2001-06-01')));
    const items = lead.obligations.filter((o) => o.kind === 'windUp').map((o) => o.id.replace('windUp:', ''));
    const done = items.reduce(
      (s, itemId) => accepted(decide(s, { type: 'completeWindUpItem', itemId: itemId as never }, pct, at('2001-09-01'))),
      lead,
    );
    expect(done.status).toBe('closed');
    expect(done.liabilityNote).toMatchObject({ citation: CITATIONS.liability, periodFrom: '2001-04-01', periodTo: '2001-08-30' });
    expect(done.liabilityNote?.statements[0]).toMatchObject({ delegatorId: 'pct-riverside', delegateId: 'cc-northshire' });
  });

  test('when wind-up is finished before the termination date, then it stays in force through that date and closes at its end by tick', () => {
    const lead = accepted(decide(activeLead(), { type: 'giveNotice' }, pct, at('2001-06-01')));
    const items = lead.obligations.filter((o) => o.kind === 'windUp').map((o) => o.id.replace('windUp:', ''));
    const done = items.reduce(
      (s, itemId) => accepted(decide(s, { type: 'completeWindUpItem', itemId: itemId as never }, pct, at('2001-07-01'))),
      lead,
    );
    expect(done.status).toBe('terminating');
    // The termination date (2001-08-30) is the last day in force: closure comes at 00:00 the day after.
    expect(tick(done, at('2001-08-30')).state.status).toBe('terminating');
    expect(tick(done, at('2001-08-31')).state.status).toBe('closed');
  });
});
