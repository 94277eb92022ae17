import type { Obligation } from './obligations';
import type { WindUpItemId } from './wind-up';

// Obligation ids are built here and nowhere else. The strings are part of recorded state: running
// workflows, their replay histories and the reminder keys sent (`${ref}:${obligationId}:${step}`)
// depend on them byte for byte, so a builder's output must never change.

/** The subject of the proposal's joint consultation in ids and keys, e.g. 'proposal2' for the second submission. */
export function proposalRound(submission: number): string {
  return `proposal${submission}`;
}

/** Consultation close, e.g. 'consultationClose:proposal1' or 'consultationClose:variation2' (`subject`: a proposal round or a variation id). */
export function consultationCloseId(subject: string): string {
  return `consultationClose:${subject}`;
}

/** A Health Authority's consent for an NHS trust: 'haConsent:trust:ha', or 'haConsent:variation2:trust:ha' for a variation. */
export function haConsentId(trustId: string, healthAuthorityId: string, variationId?: string): string {
  return variationId === undefined
    ? `haConsent:${trustId}:${healthAuthorityId}`
    : `haConsent:${variationId}:${trustId}:${healthAuthorityId}`;
}

/** Notifying the Regional Office before the start date, per agreement version, e.g. 'notifyBeforeStart:v1'. */
export function notifyBeforeStartId(version: number): string {
  return `notifyBeforeStart:v${version}`;
}

/** The Regional Office's response to a notification, per agreement version, e.g. 'roResponse:v2'. */
export function roResponseId(version: number): string {
  return `roResponse:v${version}`;
}

/** The Regional Office's answer to a material variation, e.g. 'roResponse:variation2'. */
export function variationRoResponseId(variationId: string): string {
  return `roResponse:${variationId}`;
}

/** A quarterly report, by quarter label, e.g. 'quarterlyReport:2001Q2'. */
export function quarterlyReportId(period: string): string {
  return `quarterlyReport:${period}`;
}

/** The annual report of a financial year (the year it starts in), e.g. 'annualReport:2001'. */
export function annualReportId(financialYear: number): string {
  return `annualReport:${financialYear}`;
}

/** The pooled fund's annual return of a financial year, e.g. 'annualReturn:2001'. */
export function annualReturnId(financialYear: number): string {
  return `annualReturn:${financialYear}`;
}

/** The audit certification of a financial year's annual return, e.g. 'auditCertification:2001'. */
export function auditCertificationId(financialYear: number): string {
  return `auditCertification:${financialYear}`;
}

/** The review due on a date, e.g. 'reviewDate:2002-03-31'. */
export function reviewDateId(date: string): string {
  return `reviewDate:${date}`;
}

/** The end of the agreed duration on a date, e.g. 'durationEnd:2004-03-31'. */
export function durationEndId(date: string): string {
  return `durationEnd:${date}`;
}

/** Obligation id of a wind-up item, e.g. 'windUp:staff'. */
export function windUpObligationId(item: WindUpItemId): string {
  return `windUp:${item}`;
}

/** The id of an arrangement's `n`th variation, e.g. 'variation2'; it names the variation's obligations and notifications. */
export function nthVariationId(n: number): string {
  return `variation${n}`;
}

const VARIATION_ID = /^variation\d+$/;

/**
 * The pending variation an obligation belongs to (its consultation close or an HA consent), or undefined.
 * Obligations recorded before `variationId` existed carry it only in their id ('consultationClose:variation2',
 * 'haConsent:variation2:trust:ha'), so it is read back from there.
 */
export function obligationVariationId(obligation: Pick<Obligation, 'id' | 'kind' | 'variationId'>): string | undefined {
  if (obligation.variationId !== undefined) return obligation.variationId;
  if (obligation.kind !== 'consultationClose' && obligation.kind !== 'haConsent') return undefined;
  const second = obligation.id.split(':')[1];
  return second !== undefined && VARIATION_ID.test(second) ? second : undefined;
}
