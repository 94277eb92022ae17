import {
  addDays,
  createArrangement,
  decide,
  requiredChecklistItems,
  requiredTrustConsents,
  tick,
  englandMidnight,
  type Actor,
  type ArrangementState,
  type ArrangementTerms,
  type Command,
  type CreateArrangementInput,
  type Partner,
} from '../../domain';

/** Shared fixtures for domain, workflow and API tests: valid terms, actors, and the command path to `active`. */

const contact = (name: string, org: string): { name: string; email: string } => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@${org}.example.org.uk`,
});

/** The four partners of the pooled-fund fixture: an HA, a PCT, an NHS trust that needs HA consent, and a county council. */
export const PARTNERS = {
  ha: {
    id: 'ha-northshire',
    name: 'Northshire Health Authority',
    kind: 'healthAuthority',
    region: 'northWest',
    contactOfficer: contact('Hannah Contact', 'ha'),
    chiefOfficer: contact('Harold Chief', 'ha'),
  },
  pct: {
    id: 'pct-riverside',
    name: 'Riverside Primary Care Trust',
    kind: 'primaryCareTrust',
    region: 'northWest',
    contactOfficer: contact('Priya Contact', 'pct'),
    chiefOfficer: contact('Peter Chief', 'pct'),
  },
  trust: {
    id: 'trust-city',
    name: 'City Community NHS Trust',
    kind: 'nhsTrust',
    region: 'northWest',
    contactOfficer: contact('Tom Contact', 'trust'),
    chiefOfficer: contact('Tina Chief', 'trust'),
    nhsContracts: [
      { healthAuthorityId: 'ha-northshire', clientGroups: ['adults with learning disabilities'] },
      { healthAuthorityId: 'ha-elsewhere', clientGroups: ['older people'] },
    ],
  },
  county: {
    id: 'cc-northshire',
    name: 'Northshire County Council',
    kind: 'countyCouncil',
    region: 'northWest',
    contactOfficer: contact('Cara Contact', 'cc'),
    chiefOfficer: contact('Colin Chief', 'cc'),
  },
} satisfies Record<string, Partner>;

/** A valid pooled-fund arrangement, 1 Apr 2001 to 31 Mar 2004, under a notify-and-acknowledge gate. */
export function validTerms(overrides: Partial<ArrangementTerms> = {}): ArrangementTerms {
  const base: ArrangementTerms = {
    partners: [PARTNERS.ha, PARTNERS.pct, PARTNERS.trust, PARTNERS.county],
    types: ['pooledFund'],
    delegations: [],
    pooledFund: {
      hostPartnerId: PARTNERS.county.id,
      poolManager: contact('Paula Pool', 'cc'),
      contributions: [
        { partnerId: PARTNERS.ha.id, financialYear: 2001, amountPence: 400_000_00, kind: 'revenue' },
        { partnerId: PARTNERS.pct.id, financialYear: 2001, amountPence: 250_000_00, kind: 'revenue' },
        { partnerId: PARTNERS.trust.id, financialYear: 2001, amountPence: 100_000_00, kind: 'revenue' },
        { partnerId: PARTNERS.county.id, financialYear: 2001, amountPence: 450_000_00, kind: 'revenue' },
      ],
    },
    clientGroups: ['adults with learning disabilities'],
    serviceKinds: ['day services', 'community support'],
    functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth', 'la.learningDisabilitySocialCare', 'la.domiciliaryCare'],
    aims: ['One budget for learning disability services', 'Fewer hospital admissions'],
    startDate: '2001-04-01',
    endDate: '2004-03-31',
    reviewDate: '2002-09-30',
    terminationNoticeDays: 90,
    regionalOfficeGate: 'notifyAck',
    regionalOffice: { region: 'northWest', officer: contact('Rory Regional', 'ro') },
    consultees: [
      { group: 'service users', contact: contact('Sam User', 'users') },
      { group: 'carers', contact: contact('Carol Carer', 'carers') },
    ],
  };
  return { ...base, ...overrides };
}

/** A valid reg 9 lead-commissioning arrangement: the PCT delegates commissioning to the county council; RO approves. */
export function validLeadCommissioningTerms(overrides: Partial<ArrangementTerms> = {}): ArrangementTerms {
  return validTerms({
    partners: [PARTNERS.pct, PARTNERS.county],
    types: ['leadCommissioning'],
    pooledFund: undefined,
    delegations: [
      {
        delegatorId: PARTNERS.pct.id,
        delegateId: PARTNERS.county.id,
        mode: 'commissioning',
        functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth'],
      },
    ],
    functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth', 'la.learningDisabilitySocialCare'],
    regionalOfficeGate: 'approve',
    ...overrides,
  });
}

/** A create input for the pooled-fund fixture. */
export function aValidCreateInput(ref = 'ARR-2001-001'): CreateArrangementInput {
  return { ref, terms: validTerms() };
}

/** An officer of a partner body. */
export const officerOf = (organisationId: string): Actor => ({ id: `officer@${organisationId}`, role: 'partnerOfficer', organisationId });

/** A second officer of a partner body (someone other than the proposer). */
export const otherOfficerOf = (organisationId: string): Actor => ({
  id: `deputy@${organisationId}`,
  role: 'partnerOfficer',
  organisationId,
});

/** An administrator. */
export const ADMIN: Actor = { id: 'admin@hapa', role: 'administrator' };

/** The fixture's Regional Office officer. */
export const RO_OFFICER: Actor = { id: 'officer@ro-northWest', role: 'regionalOfficeOfficer', region: 'northWest' };

/** Midnight in England at the start of a date, as epoch ms: when that day begins for the people using hapa. */
export const at = (date: string): number => englandMidnight(date);

/** The instant a date has ended in England (midnight at the start of the next): when "due on `date`" has passed. */
export const endOf = (date: string): number => englandMidnight(addDays(date, 1));

/** A command and who issues it. */
export interface ScriptStep {
  command: Command;
  actor: Actor;
}

/** Every command, in order, that takes a draft with these terms to `ready` (the start date then activates it by tick). */
export function commandsToReachReady(terms: ArrangementTerms): ScriptStep[] {
  const first = terms.partners[0]?.id ?? '';
  const partners = terms.partners.map((p) => p.id);
  return [
    { command: { type: 'submitProposal' }, actor: officerOf(first) },
    ...terms.consultees.map((c) => ({
      command: { type: 'recordConsultationResponse' as const, group: c.group, summary: `${c.group} support the proposal` },
      actor: officerOf(first),
    })),
    { command: { type: 'closeConsultation' }, actor: officerOf(first) },
    ...partners.map((id) => ({ command: { type: 'considerResponses' as const, summary: 'Responses considered' }, actor: officerOf(id) })),
    {
      command: { type: 'recordHimpCheck', himpRef: 'HImP 2000-03', objectives: ['Reduce admissions'], finding: 'consistent' },
      actor: officerOf(first),
    },
    ...partners.map((id) => ({
      command: { type: 'attestImprovement' as const, statement: 'Likely to improve services' },
      actor: officerOf(id),
    })),
    ...requiredTrustConsents(terms).map((c) => ({
      command: { type: 'grantConsent' as const, trustId: c.trustId, healthAuthorityId: c.healthAuthorityId },
      actor: officerOf(c.healthAuthorityId),
    })),
    ...requiredChecklistItems(terms).map((itemId) => ({
      command: { type: 'markChecklistItem' as const, itemId, documentRef: `agreement.pdf#${itemId}` },
      actor: officerOf(first),
    })),
    ...partners.map((id) => ({ command: { type: 'signAgreement' as const }, actor: officerOf(id) })),
    { command: { type: 'submitNotification', formRef: 'NOTIF-1' }, actor: officerOf(first) },
    terms.regionalOfficeGate === 'approve'
      ? { command: { type: 'approve' }, actor: { ...RO_OFFICER, region: terms.regionalOffice.region } }
      : { command: { type: 'acknowledgeReceipt' }, actor: { ...RO_OFFICER, region: terms.regionalOffice.region } },
  ];
}

/** Applies a script at one instant, failing loudly on the first refusal. */
export function applyAll(state: ArrangementState, steps: ScriptStep[], now: number): ArrangementState {
  return steps.reduce((s, step) => {
    const decision = decide(s, step.command, step.actor, now);
    if (!decision.ok) throw new Error(`${step.command.type} refused: ${decision.refusal.code} ${decision.refusal.message}`);
    return decision.state;
  }, state);
}

/** Creates the arrangement and drives it to `ready` at `now` (before the start date). */
export function driveToReady(terms: ArrangementTerms = validTerms(), now = at('2000-12-01'), ref = 'ARR-2001-001'): ArrangementState {
  const created = createArrangement({ ref, terms }, officerOf(terms.partners[0]?.id ?? ''), now);
  return applyAll(created, commandsToReachReady(terms), now);
}

/** Drives to `ready` at `now`, then ticks to the start date so the arrangement is `active`. */
export function driveToActive(terms: ArrangementTerms = validTerms(), now = at('2000-12-01'), ref = 'ARR-2001-001'): ArrangementState {
  return tick(driveToReady(terms, now, ref), at(terms.startDate)).state;
}

/** Creates the arrangement and applies the path to `ready` until it first reaches `status` (at `now`). */
export function driveToStatus(
  status: ArrangementState['status'],
  terms: ArrangementTerms = validTerms(),
  now = at('2000-12-01'),
  ref = 'ARR-2001-001',
): ArrangementState {
  let state = createArrangement({ ref, terms }, officerOf(terms.partners[0]?.id ?? ''), now);
  for (const step of commandsToReachReady(terms)) {
    if (state.status === status) return state;
    state = applyAll(state, [step], now);
  }
  if (state.status === status) return state;
  throw new Error(`The script never reaches ${status}`);
}
