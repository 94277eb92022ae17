import { CITATIONS, SYSTEM_ACTOR, decide, whyCommandIsRefused, type Actor, type ArrangementState, type Command } from '../../domain';
import { isConsentingAuthority, OUT_OF_SCOPE_CODES, ROLE_NOT_PERMITTED, whyActorIsOutOfScope, whyActorIsRefused } from '../../domain';
import { ADMIN, PARTNERS, RO_OFFICER, at, driveToActive, driveToStatus, officerOf, validTerms } from './fixtures';

const T0 = at('2000-12-01');
const county = officerOf(PARTNERS.county.id);
const pct = officerOf(PARTNERS.pct.id);
const outsider = officerOf('cc-southshire');
/** An HA that is not a partner; the trust needs its consent for older people. */
const outsideHa = officerOf('ha-elsewhere');
const londonRo: Actor = { ...RO_OFFICER, id: 'officer@ro-london', region: 'london' };

const draft = (): ArrangementState => driveToStatus('draft');
const consentsPending = (): ArrangementState => driveToStatus('preconditionsPending');
/** Terms in force that need the consent of the outside HA. */
const draftNeedingOutsideHa = (): ArrangementState =>
  driveToStatus('draft', validTerms({ clientGroups: ['adults with learning disabilities', 'older people'] }));
/** An active arrangement whose pending variation (adding older people) needs the outside HA's consent. */
const variationNeedingOutsideHa = (): ArrangementState => {
  const decision = decide(
    driveToActive(),
    { type: 'proposeVariation', terms: validTerms({ clientGroups: ['adults with learning disabilities', 'older people'] }) },
    county,
    at('2001-06-01'),
  );
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
  return decision.state;
};

const consent = (healthAuthorityId: string): Command => ({ type: 'grantConsent', trustId: PARTNERS.trust.id, healthAuthorityId });

describe('who may act: scope, then role, then the finer rules (§13.1, inferred)', () => {
  const refused: [string, () => ArrangementState, Command, Actor, string, string][] = [
    // Scope comes before role: someone who may not see the arrangement learns nothing about it.
    [
      'a Regional Office of another region submits the proposal',
      draft,
      { type: 'submitProposal' },
      londonRo,
      'notTheRegionalOffice',
      CITATIONS.notification,
    ],
    [
      'a Regional Office of another region acknowledges it',
      () => driveToStatus('notified'),
      { type: 'acknowledgeReceipt' },
      londonRo,
      'notTheRegionalOffice',
      CITATIONS.notification,
    ],
    ['an officer of a body that is not a party approves it', draft, { type: 'approve' }, outsider, 'notAPartnerOfficer', CITATIONS.actors],
    ['an officer of a body that is not a party abandons it', draft, { type: 'abandon' }, outsider, 'notAPartnerOfficer', CITATIONS.actors],
    [
      'a non-party records the consent of the HA that must give it',
      consentsPending,
      consent(PARTNERS.ha.id),
      outsider,
      'notAPartnerOfficer',
      CITATIONS.actors,
    ],
    [
      'an HA whose consent is not needed records one in its own name',
      consentsPending,
      consent('ha-elsewhere'),
      outsideHa,
      'notAPartnerOfficer',
      CITATIONS.actors,
    ],
    [
      'a partner officer with no organisation acts',
      draft,
      { type: 'submitProposal' },
      { id: 'nobody', role: 'partnerOfficer' },
      'notAPartnerOfficer',
      CITATIONS.actors,
    ],
    [
      'a Regional Office officer with no region acts',
      () => driveToStatus('notified'),
      { type: 'acknowledgeReceipt' },
      { id: 'nobody', role: 'regionalOfficeOfficer' },
      'notTheRegionalOffice',
      CITATIONS.notification,
    ],
    // In scope, the role decides.
    ['its Regional Office submits the proposal', draft, { type: 'submitProposal' }, RO_OFFICER, ROLE_NOT_PERMITTED, CITATIONS.actors],
    ['a party approves it', draft, { type: 'approve' }, pct, ROLE_NOT_PERMITTED, CITATIONS.actors],
    ['an administrator approves it', draft, { type: 'approve' }, ADMIN, ROLE_NOT_PERMITTED, CITATIONS.actors],
    [
      'a consenting HA that is not a party approves it',
      draftNeedingOutsideHa,
      { type: 'approve' },
      outsideHa,
      ROLE_NOT_PERMITTED,
      CITATIONS.actors,
    ],
    ['the system submits the proposal', draft, { type: 'submitProposal' }, SYSTEM_ACTOR, ROLE_NOT_PERMITTED, CITATIONS.actors],
    // In scope and in role, the finer rules.
    [
      'a party records a consent another HA must give',
      consentsPending,
      consent(PARTNERS.ha.id),
      county,
      'notTheConsentingAuthority',
      CITATIONS.trustConsent,
    ],
    [
      'a consenting HA that is not a party records the consent of another HA',
      draftNeedingOutsideHa,
      consent(PARTNERS.ha.id),
      outsideHa,
      'notTheConsentingAuthority',
      CITATIONS.trustConsent,
    ],
    [
      'a consenting HA that is not a party submits the proposal',
      draftNeedingOutsideHa,
      { type: 'submitProposal' },
      outsideHa,
      'consentingAuthorityOnly',
      CITATIONS.trustConsent,
    ],
  ];

  test.each(refused)('when %s, then it is refused with its rule', (_name, given, command, actor, code, citation) => {
    const state = given();
    expect(whyActorIsRefused(state, command, actor)).toMatchObject({ code, citation });
    // Who may act is asked before anything else, so the Update validator gives the same answer.
    expect(whyCommandIsRefused(state, command, actor, T0)).toMatchObject({ code, citation });
  });

  const allowed: [string, () => ArrangementState, Command, Actor][] = [
    ['a party submits the proposal', draft, { type: 'submitProposal' }, pct],
    ['its Regional Office acknowledges it', () => driveToStatus('notified'), { type: 'acknowledgeReceipt' }, RO_OFFICER],
    ['an administrator abandons it', draft, { type: 'abandon' }, ADMIN],
    ['the party HA records its own consent', consentsPending, consent(PARTNERS.ha.id), officerOf(PARTNERS.ha.id)],
    ['a consenting HA that is not a party records its own consent', draftNeedingOutsideHa, consent('ha-elsewhere'), outsideHa],
    [
      'the HA a pending variation needs refuses its consent',
      variationNeedingOutsideHa,
      { type: 'refuseConsent', trustId: PARTNERS.trust.id, healthAuthorityId: 'ha-elsewhere', reason: 'No capacity' },
      outsideHa,
    ],
  ];

  test.each(allowed)('when %s, then who acts is not refused', (_name, given, command, actor) => {
    expect(whyActorIsRefused(given(), command, actor)).toBeUndefined();
  });

  test('when an actor is out of scope, then the refusal is one of OUT_OF_SCOPE_CODES, and a role refusal is not', () => {
    const state = draft();
    const codes = [outsider, londonRo, { id: 'nobody', role: 'partnerOfficer' } as Actor].map((a) => whyActorIsOutOfScope(state, a)?.code);
    for (const code of codes) expect(OUT_OF_SCOPE_CODES).toContain(code);
    expect(OUT_OF_SCOPE_CODES).not.toContain(ROLE_NOT_PERMITTED);
    for (const actor of [pct, RO_OFFICER, ADMIN, SYSTEM_ACTOR]) expect(whyActorIsOutOfScope(state, actor)).toBeUndefined();
  });
});

describe('consenting Health Authorities (SI 2000/617 reg 7(2), 9(2))', () => {
  test.each<[string, () => ArrangementState, string | undefined, boolean]>([
    ['an HA the terms in force need', draftNeedingOutsideHa, 'ha-elsewhere', true],
    ['an HA the terms in force do not need', draft, 'ha-elsewhere', false],
    ['an HA a pending variation needs', variationNeedingOutsideHa, 'ha-elsewhere', true],
    ['an HA no variation needs any more', driveToActive, 'ha-elsewhere', false],
    ['a partner that holds no NHS contract', draft, PARTNERS.pct.id, false],
    ['no organisation at all', draftNeedingOutsideHa, undefined, false],
  ])('when asked about %s, then the answer is %s', (_name, given, organisationId, expected) => {
    expect(isConsentingAuthority(given(), organisationId)).toBe(expected);
  });
});
