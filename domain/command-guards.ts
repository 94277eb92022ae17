import type { Actor } from './actors';
import { requiredChecklistItems } from './agreement-checklist';
import { PRE_ACTIVE_STATUSES, type ArrangementState } from './arrangement-state';
import { actingPartnerId, whyActorIsRefused } from './authorisation';
import { addDays, financialYearEnd, isAfter, isBefore, parseQuarterLabel, quarterEnd, toDateString, toInstant } from './calendar';
import { CITATIONS } from './citations';
import type { Command, CommandOf, CommandType } from './commands';
import { consultationMayClose, type ConsultationRecord } from './consultation';
import { requiredTrustConsents, whyStartDateIsRetrospective, whyTermsAreIneligible, whyTermsFailExclusionCheck } from './eligibility';
import { openObligation } from './obligations';
import { refusal, type Refusal } from './refusal';
import { windUpObligationId } from './wind-up';

/** The consultation a consultation command acts on: the proposal's, or a pending variation's while active. */
export function currentConsultation(state: ArrangementState): ConsultationRecord | undefined {
  if (state.status === 'consultationOpen') return state.consultation;
  const c = state.variation?.consultation;
  return state.status === 'active' && c && c.closedAt === undefined ? c : undefined;
}

/** True when a pending variation's consultation (if any) is closed and every consent it needs is granted. */
export function variationIsReady(state: ArrangementState): boolean {
  const v = state.variation;
  return !!v && (v.consultation === undefined || v.consultation.closedAt !== undefined) && v.consents.every((c) => c.status === 'granted');
}

const hasPendingConsent = (state: ArrangementState): boolean =>
  state.status === 'preconditionsPending' ||
  (state.status === 'active' && (state.variation?.consents.some((c) => c.status === 'pending') ?? false));

/** Where each command may be issued (§13.3, inferred). */
const ALLOWED_IN: Record<CommandType, (s: ArrangementState) => boolean> = {
  submitProposal: (s) => s.status === 'draft',
  editProposal: (s) => s.status === 'draft' || s.status === 'eligibilityFailed',
  recordConsultationResponse: (s) => currentConsultation(s) !== undefined,
  closeConsultation: (s) => currentConsultation(s) !== undefined,
  considerResponses: (s) => s.status === 'consultationClosed',
  recordHimpCheck: (s) => s.status === 'preconditionsPending',
  attestImprovement: (s) => s.status === 'preconditionsPending',
  grantConsent: hasPendingConsent,
  refuseConsent: hasPendingConsent,
  markChecklistItem: (s) => s.status === 'agreementDrafting',
  signAgreement: (s) => s.status === 'agreementDrafting',
  submitNotification: (s) => s.status === 'agreementExecuted',
  acknowledgeReceipt: (s) => s.status === 'notified' || (s.status === 'active' && s.variation !== undefined),
  approve: (s) => s.status === 'notified',
  refuse: (s) => s.status === 'notified',
  requestInformation: (s) => s.status === 'notified',
  provideInformation: (s) => s.status === 'notified',
  resubmit: (s) => s.status === 'roRefused',
  proposeVariation: (s) => s.status === 'active',
  decideVariation: (s) => s.status === 'active' && s.variation !== undefined,
  fileQuarterlyReport: (s) => s.status === 'active' || s.status === 'terminating',
  fileAnnualReport: (s) => s.status === 'active' || s.status === 'terminating',
  submitAnnualReturn: (s) => s.status === 'active' || s.status === 'terminating',
  certifyAudit: (s) => s.status === 'active' || s.status === 'terminating',
  completeReview: (s) => s.status === 'active' && s.review !== undefined,
  giveNotice: (s) => s.status === 'active',
  withdrawApproval: (s) => s.status === 'active',
  completeWindUpItem: (s) => s.status === 'terminating',
  abandon: (s) => PRE_ACTIVE_STATUSES.includes(s.status),
};

const wrongStatus = (state: ArrangementState, command: Command): Refusal =>
  refusal(
    'notAllowedInStatus',
    `${command.type} is not possible while the arrangement is ${state.status}${state.variation ? ' (variation pending)' : ''}.`,
    CITATIONS.lifecycle,
  );

const reasonRequired = (citation: string): Refusal =>
  refusal('reasonRequired', 'Give the reasons for this decision.', citation, ['reason']);

type Guard<T extends CommandType> = (state: ArrangementState, command: CommandOf<T>, actor: Actor, now: number) => Refusal | undefined;

const asRefusal = (value: string | Refusal): Refusal | undefined => (typeof value === 'string' ? undefined : value);

function periodEnded(endDate: string, now: number): Refusal | undefined {
  return now < toInstant(addDays(endDate, 1))
    ? refusal('periodNotEnded', `The period has not ended yet (it ends ${endDate}).`, CITATIONS.lifecycle)
    : undefined;
}

/** A terms refusal as seen from a command, whose body nests the terms under `terms`. */
function prefixed(found: Refusal | undefined, key: string): Refusal | undefined {
  return found && { ...found, path: [key, ...(found.path ?? [])] };
}

function obligationOpen(state: ArrangementState, id: string, what: string): Refusal | undefined {
  return openObligation(state.obligations, id)
    ? undefined
    : refusal('noSuchObligation', `There is no open ${what} (${id}).`, CITATIONS.lifecycle);
}

const GUARDS: { [T in CommandType]?: Guard<T> } = {
  submitProposal: (state, _command, _actor, now) => prefixed(whyStartDateIsRetrospective(state.terms, now, state.policy), 'terms'),
  editProposal: (state, command, _actor, now) => prefixed(whyStartDateIsRetrospective(command.terms, now, state.policy), 'terms'),
  recordConsultationResponse: (state, command, _actor, now) => {
    const c = currentConsultation(state);
    if (!c) return undefined;
    if (!c.groups.includes(command.group))
      return refusal('unknownConsulteeGroup', `${command.group} is not a consultee group of this consultation.`, CITATIONS.consultation, [
        'group',
      ]);
    if (now >= c.closeAt) return refusal('consultationPeriodEnded', `The consultation closed on ${c.closeDate}.`, CITATIONS.consultation);
    return undefined;
  },
  closeConsultation: (state, _command, _actor, now) => {
    const c = currentConsultation(state);
    return c && !consultationMayClose(c, now)
      ? refusal(
          'consultationStillOpen',
          `The joint consultation closes on ${c.closeDate}, or earlier once every consultee group has responded.`,
          CITATIONS.consultation,
        )
      : undefined;
  },
  considerResponses: (state, command, actor) => {
    const partnerId = actingPartnerId(state, actor, command.partnerId);
    if (typeof partnerId !== 'string') return partnerId;
    return state.consultation?.considerations.some((c) => c.partnerId === partnerId)
      ? refusal('alreadyConsidered', 'This partner has already signed off the consultation responses.', CITATIONS.consultation)
      : undefined;
  },
  attestImprovement: (state, command, actor) => {
    const partnerId = actingPartnerId(state, actor, command.partnerId);
    if (typeof partnerId !== 'string') return partnerId;
    return state.preconditions?.attestations.some((a) => a.partnerId === partnerId)
      ? refusal('alreadyAttested', 'This partner has already attested the improvement.', CITATIONS.improvement)
      : undefined;
  },
  grantConsent: (state, command) => whyConsentIsNotPending(state, command.trustId, command.healthAuthorityId),
  refuseConsent: (state, command) =>
    whyConsentIsNotPending(state, command.trustId, command.healthAuthorityId) ??
    (command.reason?.trim() ? undefined : reasonRequired(CITATIONS.trustConsent)),
  markChecklistItem: (state, command) => {
    if (!requiredChecklistItems(state.terms, state.policy).includes(command.itemId)) {
      return refusal(
        'checklistItemNotRequired',
        `${command.itemId} is not a required particular of this agreement.`,
        CITATIONS.writtenAgreement,
        ['itemId'],
      );
    }
    if (command.itemId === 'X-LIABILITY' && command.transfersLiability === true) {
      return refusal(
        'liabilityTransferClause',
        'The agreement cannot transfer statutory liability: each delegating body remains liable for its functions.',
        CITATIONS.liability,
        ['transfersLiability'],
      );
    }
    return undefined;
  },
  signAgreement: (state, command, actor) => {
    const partnerId = actingPartnerId(state, actor, command.partnerId);
    if (typeof partnerId !== 'string') return partnerId;
    const marked = state.agreement?.checklist.map((i) => i.itemId) ?? [];
    const missing = requiredChecklistItems(state.terms, state.policy).filter((id) => !marked.includes(id));
    if (missing.length > 0)
      return refusal('checklistIncomplete', `The written agreement still lacks: ${missing.join(', ')}.`, CITATIONS.writtenAgreement);
    return state.agreement?.signatures.some((s) => s.partnerId === partnerId)
      ? refusal('alreadySigned', 'This partner has already signed.', CITATIONS.writtenAgreement)
      : undefined;
  },
  acknowledgeReceipt: (state) => {
    if (state.status === 'notified') {
      return state.terms.regionalOfficeGate === 'notifyAck'
        ? undefined
        : refusal('wrongGateMode', 'This Regional Office approves or refuses; it does not just acknowledge.', CITATIONS.approval);
    }
    const v = state.variation;
    if (!v || v.decidedBy !== 'regionalOffice' || state.terms.regionalOfficeGate !== 'notifyAck') {
      return refusal(
        'variationNeedsNoAcknowledgement',
        'Only a material variation under a notify-and-acknowledge gate is acknowledged by the Regional Office.',
        CITATIONS.variation,
      );
    }
    return variationIsReady(state)
      ? undefined
      : refusal('variationNotReady', 'The variation still awaits its consultation or consents.', CITATIONS.variationConsultation);
  },
  approve: (state) =>
    state.terms.regionalOfficeGate === 'approve'
      ? undefined
      : refusal('wrongGateMode', 'This Regional Office acknowledges notifications; it does not approve them.', CITATIONS.notification),
  refuse: (state, command) =>
    state.terms.regionalOfficeGate !== 'approve'
      ? refusal('wrongGateMode', 'This Regional Office acknowledges notifications; it cannot refuse them.', CITATIONS.notification)
      : command.reason?.trim()
        ? undefined
        : reasonRequired(CITATIONS.approval),
  provideInformation: (state) =>
    state.regionalOffice?.informationRequests.some((r) => r.answeredAt === undefined)
      ? undefined
      : refusal('noInformationRequested', 'The Regional Office has not asked for information.', CITATIONS.notification),
  resubmit: (state, command, _actor, now) => {
    const terms = command.terms ?? state.terms;
    const first =
      whyTermsAreIneligible(terms, now, state.policy)[0] ?? prefixed(whyStartDateIsRetrospective(terms, now, state.policy), 'terms');
    if (first) return first;
    const granted = state.preconditions?.consents.filter((c) => c.status === 'granted') ?? [];
    const missing = requiredTrustConsents(terms, state.policy).find(
      (r) => !granted.some((g) => g.trustId === r.trustId && g.healthAuthorityId === r.healthAuthorityId),
    );
    return missing
      ? refusal(
          'consentMissing',
          `${missing.trustId} needs the consent of ${missing.healthAuthorityId} for the revised terms.`,
          CITATIONS.trustConsent,
        )
      : undefined;
  },
  proposeVariation: (state, command, _actor, now) => {
    if (state.variation)
      return refusal('variationAlreadyPending', `Variation ${state.variation.id} is still pending.`, CITATIONS.variation);
    if (JSON.stringify(command.terms) === JSON.stringify(state.terms))
      return refusal('variationChangesNothing', 'The proposed terms are the same as the terms in force.', CITATIONS.variation);
    if (command.terms.startDate !== state.terms.startDate)
      return refusal('startDateFixed', 'The start date of an arrangement in operation cannot be varied.', CITATIONS.variation, [
        'terms',
        'startDate',
      ]);
    if (isBefore(command.terms.endDate, toDateString(now)))
      return refusal('endDateInPast', 'The varied end date cannot be in the past.', CITATIONS.durationAndReview, ['terms', 'endDate']);
    return whyTermsAreIneligible(command.terms, now, state.policy)[0];
  },
  decideVariation: (state, command, actor, now) => {
    const v = state.variation;
    if (!v) return undefined;
    const sameOrg =
      actor.role === 'partnerOfficer' && actor.organisationId !== undefined && actor.organisationId === v.proposedByOrganisationId;
    if (actor.id === v.proposedByActorId || sameOrg)
      return refusal('proposerCannotDecide', 'Whoever proposed a variation cannot decide it.', CITATIONS.variation);
    if (command.decision === 'reject') {
      if (!command.reason?.trim()) return reasonRequired(CITATIONS.variation);
      return actor.role === 'regionalOfficeOfficer' && v.decidedBy !== 'regionalOffice'
        ? refusal('variationDecidedByPartners', 'A minor variation is decided by the partners.', CITATIONS.variation)
        : undefined;
    }
    if (v.decidedBy === 'partners' && actor.role === 'regionalOfficeOfficer')
      return refusal('variationDecidedByPartners', 'A minor variation is decided by the partners.', CITATIONS.variation);
    if (v.decidedBy === 'regionalOffice') {
      if (state.terms.regionalOfficeGate === 'notifyAck')
        return refusal(
          'variationNeedsAcknowledgement',
          'A material variation takes effect when the Regional Office acknowledges it.',
          CITATIONS.variation,
        );
      if (actor.role !== 'regionalOfficeOfficer')
        return refusal(
          'variationDecidedByRegionalOffice',
          "A material variation needs the Regional Office's approval.",
          CITATIONS.variation,
        );
    }
    if (!variationIsReady(state))
      return refusal('variationNotReady', 'The variation still awaits its consultation or consents.', CITATIONS.variationConsultation);
    return v.classification.needsExclusionCheck ? whyTermsFailExclusionCheck(v.terms, now, state.policy)[0] : undefined;
  },
  fileQuarterlyReport: (state, command, _actor, now) => {
    const q = parseQuarterLabel(command.period);
    if (!q) return refusal('invalidPeriod', `${command.period} is not a quarter such as 2001Q2.`, CITATIONS.quarterlyReport, ['period']);
    return obligationOpen(state, `quarterlyReport:${command.period}`, 'quarterly report') ?? periodEnded(quarterEnd(q), now);
  },
  fileAnnualReport: (state, command, _actor, now) =>
    obligationOpen(state, `annualReport:${command.financialYear}`, 'annual report') ??
    periodEnded(financialYearEnd(command.financialYear), now),
  submitAnnualReturn: (state, command, _actor, now) =>
    obligationOpen(state, `annualReturn:${command.financialYear}`, 'annual return') ??
    periodEnded(financialYearEnd(command.financialYear), now),
  certifyAudit: (state, command) =>
    obligationOpen(state, `auditCertification:${command.financialYear}`, 'audit certification') ??
    (state.obligations.some((o) => o.id === `annualReturn:${command.financialYear}` && o.status === 'done')
      ? undefined
      : refusal('annualReturnNotSubmitted', 'The annual return must be submitted before it is certified.', CITATIONS.auditCertification)),
  completeReview: (state, command, _actor, now) => {
    if (command.outcome === 'terminate') return undefined;
    const next = command.nextReviewDate;
    if (!next)
      return refusal('nextReviewDateRequired', 'Give the next review date when the arrangement continues.', CITATIONS.review, [
        'nextReviewDate',
      ]);
    if (!isAfter(next, toDateString(now)))
      return refusal('nextReviewDateInPast', 'The next review date must be in the future.', CITATIONS.review, ['nextReviewDate']);
    if (!isBefore(next, state.terms.endDate))
      return refusal(
        'reviewNotBeforeEnd',
        'The next review date must be before the end date; vary the end date first to extend.',
        CITATIONS.durationAndReview,
        ['nextReviewDate'],
      );
    return undefined;
  },
  giveNotice: (state, command, actor) => asRefusal(actingPartnerId(state, actor, command.partnerId)),
  withdrawApproval: (state, command) =>
    state.terms.regionalOfficeGate !== 'approve'
      ? refusal('wrongGateMode', 'Approval can only be withdrawn under an approval gate.', CITATIONS.approval)
      : command.reason?.trim()
        ? undefined
        : reasonRequired(CITATIONS.approval),
  completeWindUpItem: (state, command) => obligationOpen(state, windUpObligationId(command.itemId), 'wind-up item'),
};

function whyConsentIsNotPending(state: ArrangementState, trustId: string, healthAuthorityId: string): Refusal | undefined {
  const consents = state.status === 'active' ? (state.variation?.consents ?? []) : (state.preconditions?.consents ?? []);
  const consent = consents.find((c) => c.trustId === trustId && c.healthAuthorityId === healthAuthorityId);
  if (!consent)
    return refusal(
      'consentNotRequired',
      `${trustId} does not need the consent of ${healthAuthorityId} for this arrangement.`,
      CITATIONS.trustConsent,
    );
  return consent.status === 'pending'
    ? undefined
    : refusal('consentAlreadyDecided', 'This consent has already been decided.', CITATIONS.trustConsent);
}

/** Why a command cannot be accepted now, or undefined when it can; `decide` and the Update validator share it. */
export function whyCommandIsRefused(state: ArrangementState, command: Command, actor: Actor, now: number): Refusal | undefined {
  const who = whyActorIsRefused(state, command, actor);
  if (who) return who;
  if (!ALLOWED_IN[command.type](state)) return wrongStatus(state, command);
  // Indexing the mapped table by a union key needs widening to the union-typed guard.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  const guard = GUARDS[command.type] as Guard<CommandType> | undefined;
  return guard?.(state, command, actor, now);
}
