import type { ArrangementTerms } from './arrangement-terms';
import { addDays, type DateString } from './calendar';
import { hasPassed, type Days } from './days';

/** A joint consultation of the persons affected (HSC 2000/010 para 3 [V]), run by all partners together. */
export interface ConsultationRecord {
  purpose: 'proposal' | 'variation';
  /** Consultee groups that must be consulted (§2.2). */
  groups: string[];
  /** Every partner jointly owns the consultation (HSC para 3 "joint consultation"). */
  jointOwnerIds: string[];
  openedAt: number;
  closeDate: DateString;
  closeAt: number;
  responses: { group: string; summary: string; recordedAt: number; recordedByActorId: string }[];
  closedAt?: number;
  closedHow?: 'allResponded' | 'closedAtCloseDate' | 'lapsed';
  /** Each partner's sign-off that the responses were considered (§4.1). */
  considerations: { partnerId: string; summary: string; at: number; byActorId: string }[];
}

/** Opens a consultation running for `weeks` weeks from today's date (12 by default, Cabinet Office code, inferred). */
export function openConsultation(
  purpose: ConsultationRecord['purpose'],
  groups: string[],
  jointOwnerIds: string[],
  weeks: number,
  now: number,
  days: Days,
): ConsultationRecord {
  const closeDate = addDays(days.today(now), weeks * 7);
  return {
    purpose,
    groups: [...groups],
    jointOwnerIds: [...jointOwnerIds],
    openedAt: now,
    closeDate,
    // Responses sent on the close date count: "by 23 September" includes 23 September.
    closeAt: days.passedAt(closeDate),
    responses: [],
    considerations: [],
  };
}

/** Groups that have not yet responded. */
export function groupsAwaitingResponse(consultation: ConsultationRecord): string[] {
  return consultation.groups.filter((g) => !consultation.responses.some((r) => r.group === g));
}

/** True when the consultation may close now: every group responded, or the close date is reached. */
export function consultationMayClose(consultation: ConsultationRecord, now: number): boolean {
  return groupsAwaitingResponse(consultation).length === 0 || hasPassed(consultation.closeAt, now);
}

/**
 * Where a consultee sends its group's response (issue 15 §1): to the first partner's contact officer,
 * who records it on the arrangement. The partners consult jointly (HSC 2000/010 para 3 [V]); one
 * address for every consultee is our choice (inferred).
 */
export function consultationContact(terms: ArrangementTerms): { respondToName: string; respondToEmail: string; respondToPartner: string } {
  const lead = terms.partners[0];
  return {
    respondToName: lead?.contactOfficer.name ?? '',
    respondToEmail: lead?.contactOfficer.email ?? '',
    respondToPartner: lead?.name ?? '',
  };
}

/** The sentence telling a consultee where and by when to respond, dates as 'YYYY-MM-DD'. */
export function respondByText(terms: ArrangementTerms, closeDate: string): string {
  const c = consultationContact(terms);
  return `Please send your group's response by ${closeDate} by email to ${c.respondToName} (${c.respondToEmail}) of ${c.respondToPartner}.`;
}
