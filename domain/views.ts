import type { ArrangementState, ArrangementStatus } from './arrangement-state';
import { checklistItem, requiredChecklistItems, type ChecklistItemId } from './agreement-checklist';
import { termsGapsOf } from './checklist-from-terms';
import { CITATIONS } from './citations';
import { groupsAwaitingResponse } from './consultation';
import { openObligations } from './obligations';
import { hasPassed } from './days';
import { himpCheckSatisfied } from './stages/preconditions';
import { unsignedVariationPartners } from './stages/variation-signing';

/** Plain-language answer to "what is this arrangement waiting for, and from whom?". */
export interface WhyWaiting {
  status: ArrangementStatus;
  blockingCondition: string;
  whoMustAct: string[];
  nextDeadline?: { obligationId: string; title: string; dueDate: string };
  rule?: string;
  /** While the agreement is drafted: each required particular, with its label and citation, and whether it is marked. */
  checklist?: { itemId: ChecklistItemId; label: string; citation: string; marked: boolean }[];
  /** Once the arrangement is ending: the date it ends (YYYY-MM-DD, in England). */
  terminationDate?: string;
}

const partnerNames = (state: ArrangementState, ids: string[]): string[] =>
  ids.map((id) => state.terms.partners.find((p) => p.id === id)?.name ?? id);

const allPartners = (state: ArrangementState): string[] => state.terms.partners.map((p) => p.name);
const ro = (state: ArrangementState): string[] => [`${state.terms.regionalOffice.region} Regional Office`];

function blocking(state: ArrangementState, now: number): Omit<WhyWaiting, 'status' | 'nextDeadline'> {
  switch (state.status) {
    case 'draft':
      return { blockingCondition: 'The proposal has not been submitted.', whoMustAct: allPartners(state) };
    case 'eligibilityFailed':
      return {
        blockingCondition: `The proposal is not eligible: ${state.proposal.refusals.map((r) => r.message).join(' ')}`,
        whoMustAct: allPartners(state),
        ...(state.proposal.refusals[0] ? { rule: state.proposal.refusals[0].citation } : {}),
      };
    case 'consultationOpen': {
      const missing = state.consultation ? groupsAwaitingResponse(state.consultation) : [];
      return {
        blockingCondition: `The joint consultation is open until ${state.consultation?.closeDate ?? '?'}; awaiting responses from ${missing.join(', ') || 'nobody'}.`,
        whoMustAct: missing.length > 0 ? missing : allPartners(state),
        rule: CITATIONS.consultation,
      };
    }
    case 'consultationClosed': {
      const done = state.consultation?.considerations.map((c) => c.partnerId) ?? [];
      const waiting = state.terms.partners.filter((p) => !done.includes(p.id)).map((p) => p.name);
      return {
        blockingCondition: 'Each partner must consider the consultation responses.',
        whoMustAct: waiting,
        rule: CITATIONS.consultation,
      };
    }
    case 'preconditionsPending': {
      const pre = state.preconditions;
      const missing: string[] = [];
      const who = new Set<string>();
      if (!pre?.himp) {
        missing.push('the HImP check');
        allPartners(state).forEach((n) => who.add(n));
      } else if (!himpCheckSatisfied(pre)) {
        // Only a consistent finding satisfies C4 (HSC 2000/010 para 3 [V]).
        missing.push(
          `a HImP check finding the arrangement consistent with the Health Improvement Programme (the check against ${pre.himp.himpRef} found it not consistent)`,
        );
        allPartners(state).forEach((n) => who.add(n));
      }
      const unattested = state.terms.partners.filter((p) => !pre?.attestations.some((a) => a.partnerId === p.id));
      if (unattested.length > 0) missing.push('improvement attestations');
      unattested.forEach((p) => who.add(p.name));
      const pending = pre?.consents.filter((c) => c.status === 'pending') ?? [];
      if (pending.length > 0) missing.push('Health Authority consents');
      pending.forEach((c) => who.add(c.healthAuthorityId));
      return {
        blockingCondition: `Waiting for ${missing.join(', ')}.`,
        whoMustAct: [...who],
        rule: `${CITATIONS.himp}; ${CITATIONS.improvement}; ${CITATIONS.trustConsent}`,
      };
    }
    case 'agreementDrafting': {
      const marked = state.agreement?.checklist.map((i) => i.itemId) ?? [];
      const required = requiredChecklistItems(state.terms, state.policy);
      const missing = required.filter((id) => !marked.includes(id));
      const checklist = required.map((id) => {
        const item = checklistItem(id);
        return { itemId: id, label: item.label, citation: item.citation, marked: marked.includes(id) };
      });
      // What the terms lack cannot be ticked away (issue 11 §4): say so first.
      const gaps = state.checklistRule === 'ticksOnly' ? [] : required.flatMap((id) => termsGapsOf(state.terms, id));
      if (gaps.length > 0)
        return {
          blockingCondition: `The terms lack what the written agreement must say: ${gaps.map((g) => g.message).join(' ')}`,
          whoMustAct: allPartners(state),
          rule: gaps[0]?.citation ?? CITATIONS.writtenAgreement,
          checklist,
        };
      const unsigned = state.terms.partners
        .filter((p) => !state.agreement?.signatures.some((s) => s.partnerId === p.id))
        .map((p) => p.name);
      return {
        blockingCondition:
          missing.length > 0
            ? `The written agreement lacks ${missing.map((id) => `${id} (${checklistItem(id).label})`).join(', ')}.`
            : `Awaiting signatures from ${unsigned.join(', ')}.`,
        whoMustAct: missing.length > 0 ? allPartners(state) : unsigned,
        rule: CITATIONS.writtenAgreement,
        checklist,
      };
    }
    case 'agreementExecuted':
      return {
        blockingCondition: 'The Regional Office has not been notified.',
        whoMustAct: allPartners(state),
        rule: CITATIONS.notification,
      };
    case 'notified': {
      const open = state.regionalOffice?.informationRequests.find((r) => r.answeredAt === undefined);
      const stopped = state.obligations.some((o) => o.kind === 'roResponse' && o.status === 'open' && o.clockStoppedOn !== undefined);
      if (open)
        return {
          blockingCondition: `The Regional Office asked: ${open.question}${stopped ? " The Regional Office's response clock is stopped until the partners answer." : ''}`,
          whoMustAct: allPartners(state),
          rule: CITATIONS.notification,
        };
      const rule = state.terms.regionalOfficeGate === 'approve' ? CITATIONS.approval : CITATIONS.notification;
      // Once the start date has passed unanswered, the partners are told what that means for them.
      const late =
        state.notification?.startDatePassedAt !== undefined
          ? ` The start date ${state.terms.startDate} has passed: the arrangement does not start until the Regional Office answers, and the partners keep running their functions as before.`
          : '';
      return {
        blockingCondition: `Awaiting the Regional Office's ${state.terms.regionalOfficeGate === 'approve' ? 'decision' : 'acknowledgement'}.${late}`,
        whoMustAct: ro(state),
        rule,
      };
    }
    case 'roRefused':
      return {
        blockingCondition: `The Regional Office refused: ${state.regionalOffice?.reasons ?? ''}. Resubmit or abandon.`,
        whoMustAct: allPartners(state),
        rule: CITATIONS.approval,
      };
    case 'ready':
      return { blockingCondition: `The arrangement starts on ${state.terms.startDate}.`, whoMustAct: [], rule: CITATIONS.notification };
    case 'active': {
      const v = state.variation;
      if (v?.signing?.regionalOffice) {
        const unsigned = unsignedVariationPartners(state).map((p) => p.name);
        return {
          blockingCondition: `Variation ${v.id} awaits the signatures of ${unsigned.join(', ')}; the current terms stay in force until every partner has signed.`,
          whoMustAct: unsigned,
          rule: CITATIONS.variation,
        };
      }
      const question = v?.informationRequests?.find((r) => r.answeredAt === undefined);
      if (v && question)
        return {
          blockingCondition: `The Regional Office asked about variation ${v.id}: ${question.question} Its response clock is stopped until the partners answer.`,
          whoMustAct: allPartners(state),
          rule: CITATIONS.variation,
        };
      if (v) {
        const consultation = v.consultation && v.consultation.closedAt === undefined;
        return {
          blockingCondition: `Variation ${v.id} is pending${consultation ? ` consultation until ${v.consultation?.closeDate ?? ''}` : ''}; the current terms stay in force.`,
          whoMustAct: v.decidedBy === 'regionalOffice' ? ro(state) : allPartners(state),
          rule: CITATIONS.variation,
        };
      }
      if (state.review)
        return {
          blockingCondition: `The review due ${state.review.dueDate} is open.`,
          whoMustAct: allPartners(state),
          rule: CITATIONS.review,
        };
      const next = openObligations(state.obligations).find((o) => !hasPassed(o.dueAt, now) || o.kind !== 'durationEnd');
      return { blockingCondition: 'In operation.', whoMustAct: next ? partnerNames(state, next.responsiblePartnerIds) : [] };
    }
    case 'terminating': {
      const open = state.obligations.filter((o) => o.kind === 'windUp' && o.status === 'open');
      const date = state.termination?.terminationDate;
      const ends = date ? `The arrangement ends on ${date}.` : 'The arrangement is ending.';
      return {
        blockingCondition: open.length > 0 ? `${ends} Wind-up items outstanding: ${open.map((o) => o.title).join('; ')}.` : ends,
        whoMustAct: allPartners(state),
        rule: CITATIONS.windUp,
        ...(date ? { terminationDate: date } : {}),
      };
    }
    case 'closed':
      return { blockingCondition: 'Closed; the liability note is kept.', whoMustAct: [], rule: CITATIONS.liability };
    case 'abandoned':
      return { blockingCondition: 'Abandoned before it started.', whoMustAct: [] };
  }
}

/** Explains what the arrangement is waiting for, who must act, and the next deadline. */
export function whyWaiting(state: ArrangementState, now: number): WhyWaiting {
  const next = openObligations(state.obligations)[0];
  return {
    status: state.status,
    ...blocking(state, now),
    ...(next ? { nextDeadline: { obligationId: next.id, title: next.title, dueDate: next.dueDate } } : {}),
  };
}

/** The fields the workflow upserts into search attributes for list views. */
export interface ArrangementListing {
  status: ArrangementStatus;
  region: string;
  partnerIds: string[];
  types: string[];
  nextDeadlineAt?: number;
  reviewDate?: string;
}

/** The list-view summary of an arrangement, which the workflow writes into its search attributes. */
export function listingOf(state: ArrangementState): ArrangementListing {
  const next = openObligations(state.obligations)[0];
  return {
    status: state.status,
    region: state.terms.regionalOffice.region,
    partnerIds: state.terms.partners.map((p) => p.id),
    types: [...state.terms.types],
    ...(next ? { nextDeadlineAt: next.dueAt } : {}),
    ...(state.status === 'closed' || state.status === 'abandoned' ? {} : { reviewDate: state.terms.reviewDate }),
  };
}
