import { CITATIONS } from './citations';

/** What one refusal code means, and the rule it cites unless a call site names a narrower one. */
export interface RefusalCodeEntry {
  /** The default citation, with its provenance marker. */
  citation: string;
  /** One sentence: when the domain answers with this code. */
  description: string;
}

/**
 * Every code the domain refuses with, and the only place a code is defined: `refusal()` accepts
 * nothing else, and the API's OpenAPI document lists exactly these. Codes are stable camelCase: they
 * travel as the ApplicationFailure type, in the API's error body and in stored state.
 */
export const REFUSAL_CODES = {
  // Who may act (§13.1, inferred)
  notAPartnerOfficer: {
    citation: CITATIONS.actors,
    description: 'The arrangement is outside the partner officer’s scope (answered as not found).',
  },
  notTheRegionalOffice: {
    citation: CITATIONS.notification,
    description: 'The arrangement is outside the Regional Office officer’s region (answered as not found).',
  },
  roleNotPermitted: { citation: CITATIONS.actors, description: 'The actor’s role may never issue this command, or create an arrangement.' },
  creatorNotAPartner: {
    citation: CITATIONS.actors,
    description: 'A partner officer may create only arrangements its organisation is a partner to.',
  },
  policyOverrideNotPermitted: {
    citation: CITATIONS.actors,
    description: 'Only an administrator may override the policy at creation, and only within the bounds the deployment sets.',
  },
  notTheConsentingAuthority: {
    citation: CITATIONS.trustConsent,
    description: 'Only the Health Authority whose consent is needed (or an administrator) can record it.',
  },
  consentingAuthorityOnly: {
    citation: CITATIONS.trustConsent,
    description: 'A Health Authority that is not a partner can only record the consent asked of it.',
  },
  cannotActForAnotherPartner: { citation: CITATIONS.actors, description: 'A partner officer named a partner other than their own body.' },
  partnerIdRequired: { citation: CITATIONS.actors, description: 'An administrator must name the partner they act for.' },
  notAPartner: { citation: CITATIONS.partnerMix, description: 'The named partner is not a partner in this arrangement.' },
  // Eligibility of the terms
  startBeforeRegulations: {
    citation: CITATIONS.regimeStart,
    description: 'The start date is before 1 April 2000, when SI 2000/617 came into force.',
  },
  startDateInPast: {
    citation: CITATIONS.notification,
    description: 'The start date has passed; an arrangement cannot take effect retrospectively.',
  },
  endNotAfterStart: { citation: CITATIONS.durationAndReview, description: 'The end date is not after the start date.' },
  reviewNotAfterStart: { citation: CITATIONS.durationAndReview, description: 'The review date is not after the start date.' },
  reviewNotBeforeEnd: { citation: CITATIONS.durationAndReview, description: 'The (next) review date is not before the end date.' },
  duplicatePartner: { citation: CITATIONS.partnerMix, description: 'A partner appears more than once.' },
  partnerKindNotPrescribed: {
    citation: CITATIONS.prescribedBodies,
    description: 'A partner is not a prescribed NHS body or local authority.',
  },
  partnerMixInvalid: {
    citation: CITATIONS.partnerMix,
    description: 'The partners do not include at least one NHS body and one local authority.',
  },
  regionalOfficeNotOfNhsPartners: {
    citation: CITATIONS.roRegion,
    description: 'The Regional Office named is not the one for the area of the NHS partners.',
  },
  functionExcluded: {
    citation: CITATIONS.excludedFunctions,
    description: 'A function that may not be included in a partnership arrangement is included.',
  },
  functionUnknown: {
    citation: CITATIONS.unknownFunction,
    description: 'A function is not in the catalogue, so it cannot be checked against the exclusions.',
  },
  capitalInPooledFund: { citation: CITATIONS.capitalInPool, description: 'Capital is pooled; only revenue may be.' },
  contributorNotAPartner: { citation: 'SI 2000/617 reg 7(1) [V]', description: 'A contributor to the pooled fund is not a partner.' },
  hostPartnerNotAPartner: { citation: CITATIONS.hostPartner, description: 'The host of the pooled fund is not a partner.' },
  pooledFundMissing: { citation: CITATIONS.writtenAgreement, description: 'A pooled fund arrangement does not describe its pooled fund.' },
  pooledFundTypeMissing: {
    citation: CITATIONS.typesCombined,
    description: 'A pooled fund is described but the types do not include pooledFund.',
  },
  delegationMissing: {
    citation: CITATIONS.delegationModes,
    description: 'A lead commissioning or integrated provision arrangement has no delegation of that mode.',
  },
  delegationTypeMissing: {
    citation: CITATIONS.delegationModes,
    description: 'A delegation is described but the types do not include its mode.',
  },
  delegationPartyNotAPartner: { citation: CITATIONS.delegationDirection, description: 'The delegator or the delegate is not a partner.' },
  delegationSameSector: {
    citation: CITATIONS.delegationDirection,
    description: 'A delegation does not run between an NHS body and a local authority.',
  },
  delegatedFunctionWrongSector: {
    citation: CITATIONS.delegationDirection,
    description: 'A delegator delegates a function that is not its own.',
  },
  delegatedFunctionNotCovered: {
    citation: CITATIONS.writtenAgreement,
    description: 'A delegated function is not listed in the arrangement’s functions.',
  },
  nhsTrustAsLeadCommissioner: { citation: CITATIONS.trustNotLeadCommissioner, description: 'An NHS trust is named as lead commissioner.' },
  healthAuthorityAsIntegratedProvider: {
    citation: CITATIONS.haNotProvider,
    description: 'A Health Authority is named as integrated provider.',
  },
  noClientGroups: {
    citation: 'SI 2000/617 reg 7(3)(d), 9(3)(d) [V]',
    description: 'The client groups for whom the functions may be exercised are not named.',
  },
  noConsultees: { citation: CITATIONS.consultation, description: 'No consultee group is named for the joint consultation.' },
  // Lifecycle and per-command guards
  notAllowedInStatus: { citation: CITATIONS.lifecycle, description: 'The command is not possible in the arrangement’s current status.' },
  noSuchObligation: { citation: CITATIONS.lifecycle, description: 'There is no open obligation of that kind and id.' },
  periodNotEnded: { citation: CITATIONS.lifecycle, description: 'A report or return is given for a period that has not ended.' },
  invalidPeriod: { citation: CITATIONS.quarterlyReport, description: 'The period is not a quarter such as 2001Q2.' },
  reasonRequired: { citation: CITATIONS.lifecycle, description: 'A decision that needs reasons was given without them.' },
  consultationStillOpen: { citation: CITATIONS.consultation, description: 'The joint consultation has not closed yet.' },
  consultationPeriodEnded: { citation: CITATIONS.consultation, description: 'The consultation has closed; responses are no longer taken.' },
  unknownConsulteeGroup: { citation: CITATIONS.consultation, description: 'The group is not a consultee group of this consultation.' },
  alreadyConsidered: { citation: CITATIONS.consultation, description: 'This partner has already signed off the consultation responses.' },
  alreadyAttested: { citation: CITATIONS.improvement, description: 'This partner has already attested the improvement.' },
  consentNotRequired: { citation: CITATIONS.trustConsent, description: 'The NHS trust does not need this Health Authority’s consent.' },
  consentAlreadyDecided: { citation: CITATIONS.trustConsent, description: 'This consent has already been granted or refused.' },
  consentMissing: { citation: CITATIONS.trustConsent, description: 'A Health Authority consent the terms need has not been granted.' },
  consentRefused: { citation: CITATIONS.trustConsent, description: 'A Health Authority refused the consent a trust partner needs.' },
  checklistIncomplete: { citation: CITATIONS.writtenAgreement, description: 'The written agreement still lacks prescribed particulars.' },
  checklistItemNotRequired: {
    citation: CITATIONS.writtenAgreement,
    description: 'The item is not a required particular of this agreement.',
  },
  checklistItemNotInTerms: {
    citation: CITATIONS.writtenAgreement,
    description:
      'The terms lack what a required particular must say (e.g. a partner’s contribution, the functions, a review date), so no tick can stand in for it.',
  },
  liabilityTransferClause: {
    citation: CITATIONS.liability,
    description: 'The agreement would transfer statutory liability, which stays with each delegating body.',
  },
  alreadySigned: { citation: CITATIONS.writtenAgreement, description: 'This partner has already signed.' },
  wrongGateMode: {
    citation: CITATIONS.notification,
    description: 'The Regional Office step does not fit its gate (notify-and-acknowledge or approve).',
  },
  noInformationRequested: { citation: CITATIONS.notification, description: 'The Regional Office has not asked for information.' },
  annualReturnNotSubmitted: {
    citation: CITATIONS.auditCertification,
    description: 'The annual return must be submitted before it is certified.',
  },
  nextReviewDateRequired: {
    citation: CITATIONS.review,
    description: 'A review that continues the arrangement does not give the next review date.',
  },
  nextReviewDateInPast: { citation: CITATIONS.review, description: 'The next review date is not in the future.' },
  // Variation
  variationAlreadyPending: { citation: CITATIONS.variation, description: 'Another variation is still pending.' },
  variationChangesNothing: { citation: CITATIONS.variation, description: 'The proposed terms are the same as the terms in force.' },
  startDateFixed: { citation: CITATIONS.variation, description: 'The start date of an arrangement in operation cannot be varied.' },
  endDateInPast: { citation: CITATIONS.durationAndReview, description: 'The varied end date is in the past.' },
  variationNotReady: { citation: CITATIONS.variationConsultation, description: 'The variation still awaits its consultation or consents.' },
  proposerCannotDecide: { citation: CITATIONS.variation, description: 'Whoever proposed a variation cannot decide it.' },
  notTheProposer: {
    citation: CITATIONS.variation,
    description: 'Only whoever proposed a variation (or an administrator) can withdraw it.',
  },
  variationDecidedByPartners: {
    citation: CITATIONS.variation,
    description: 'A minor variation is decided by the partners, not the Regional Office.',
  },
  variationDecidedByRegionalOffice: {
    citation: CITATIONS.variation,
    description: 'A material variation needs the Regional Office’s approval.',
  },
  variationNeedsAcknowledgement: {
    citation: CITATIONS.variation,
    description: 'A material variation takes effect when the Regional Office acknowledges it.',
  },
  variationNeedsNoAcknowledgement: {
    citation: CITATIONS.variation,
    description: 'Only a material variation under a notify-and-acknowledge gate is acknowledged.',
  },
  variationAwaitsRegionalOffice: { citation: CITATIONS.variation, description: 'The partners sign after the Regional Office answers.' },
  variationAwaitsSignatures: {
    citation: CITATIONS.variation,
    description: 'The variation is answered and awaits the partners’ signatures.',
  },
  // Input the workflow's validator refuses (any Temporal client can send an Update)
  invalidCommand: {
    citation: CITATIONS.inputBounds,
    description: 'The command does not match its schema (a missing or unknown field, or a value outside its bounds).',
  },
} as const satisfies Record<string, RefusalCodeEntry>;

/** A refusal code: a member of `REFUSAL_CODES`, and nothing else. */
export type RefusalCode = keyof typeof REFUSAL_CODES;

/** Every refusal code, in the table's order. */
export const REFUSAL_CODE_LIST = Object.keys(REFUSAL_CODES) as RefusalCode[];

/** True when `code` (e.g. read back from a failure's details) is one of the domain's refusal codes. */
export function isRefusalCode(code: unknown): code is RefusalCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(REFUSAL_CODES, code);
}

/** A typed "no" from the domain: which rule refused, in plain language, and where the rule comes from. */
export interface Refusal {
  /** Stable camelCase code; the workflow uses it as the ApplicationFailure type. */
  code: RefusalCode;
  /** Plain-language explanation for the person who asked. */
  message: string;
  /** The rule's source with its provenance marker, e.g. 'SI 2000/617 reg 7(2) [V]'. */
  citation: string;
  /** Where in the input the problem is, when it concerns one field. */
  path?: (string | number)[];
  /**
   * Every refusal found together when a rule checks many things at once (ineligible terms), this one
   * first; absent when it is the only one (issue 11: refuse everything at once).
   */
  all?: Refusal[];
}

/** One refusal standing for all of `found` (the first, carrying the whole list), or undefined when none. */
export function refusalOfAll(found: readonly Refusal[]): Refusal | undefined {
  const [first] = found;
  if (first === undefined) return undefined;
  return found.length === 1 ? first : { ...first, all: [...found] };
}

/**
 * Builds a Refusal. `citation` defaults to the code's own (`REFUSAL_CODES`); pass a narrower one when
 * the rule that refused is more specific. `path` is left out when not given, so the object stays JSON-clean.
 */
export function refusal(
  code: RefusalCode,
  message: string,
  citation: string = REFUSAL_CODES[code].citation,
  path?: (string | number)[],
): Refusal {
  return path === undefined ? { code, message, citation } : { code, message, citation, path };
}
