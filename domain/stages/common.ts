import type { Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { addDays, type DateString } from '../calendar';
import { daysOf, type Days } from '../days';
import { CITATIONS } from '../citations';
import { haConsentId } from '../obligation-ids';
import { openObligation, withObligationDone, type NewObligation } from '../obligations';
import { withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';

// Helpers shared by the stage files: the refusals several commands give, and small state updates.

/** The refusal of a decision given without its reasons (`citation`: the rule that demands them). */
export const reasonRequired = (citation: string): Refusal =>
  refusal('reasonRequired', 'Give the reasons for this decision.', citation, ['reason']);

/** A terms refusal as seen from a command, whose body nests the terms under `key`. */
export function prefixed(found: Refusal | undefined, key: string): Refusal | undefined {
  return found && { ...found, path: [key, ...(found.path ?? [])] };
}

/** Refuses unless the obligation `id` is open (`what` names it for the person, e.g. 'annual report'). */
export function obligationOpen(state: ArrangementState, id: string, what: string): Refusal | undefined {
  return openObligation(state.obligations, id)
    ? undefined
    : refusal('noSuchObligation', `There is no open ${what} (${id}).`, CITATIONS.lifecycle);
}

/** Refuses a report on a period that has not ended: `endDate` is its last day, so it may be filed from the next. */
export function periodEnded(endDate: DateString, now: number, days: Days): Refusal | undefined {
  return now < days.startOf(addDays(endDate, 1))
    ? refusal('periodNotEnded', `The period has not ended yet (it ends ${endDate}).`, CITATIONS.lifecycle)
    : undefined;
}

/** Marks the obligation `id` done at `now`. */
export function markDone(outcome: Outcome, id: string, now: number): Outcome {
  return withState(outcome, { obligations: withObligationDone(outcome.state.obligations, id, now) });
}

/**
 * The partner an actor acts for in a per-partner step (sign, attest, consider, give notice): a partner
 * officer acts for their own body; an administrator must name the partner (§13.1, inferred).
 */
export function actingPartnerId(state: ArrangementState, actor: Actor, named: string | undefined): string | Refusal {
  if (actor.role === 'partnerOfficer') {
    if (named !== undefined && named !== actor.organisationId) {
      return refusal('cannotActForAnotherPartner', 'A partner officer can only act for their own body.', CITATIONS.actors, ['partnerId']);
    }
    return actor.organisationId ?? '';
  }
  if (named === undefined) return refusal('partnerIdRequired', 'Name the partner you are acting for.', CITATIONS.actors, ['partnerId']);
  if (!state.terms.partners.some((p) => p.id === named)) {
    return refusal('notAPartner', `${named} is not a partner in this arrangement.`, CITATIONS.partnerMix, ['partnerId']);
  }
  return named;
}

/** Refuses when the actor may not act for the named partner (the guard of a per-partner step). */
export function whyActingPartnerIsRefused(state: ArrangementState, actor: Actor, named: string | undefined): Refusal | undefined {
  const id = actingPartnerId(state, actor, named);
  return typeof id === 'string' ? undefined : id;
}

/** The partner an accepted per-partner command acts for (its guard already refused any other). */
export function partnerOf(state: ArrangementState, actor: Actor, named: string | undefined): string {
  const id = actingPartnerId(state, actor, named);
  return typeof id === 'string' ? id : '';
}

/**
 * The obligation to obtain a Health Authority's consent for an NHS trust to take part (reg 7(2), 9(2)
 * [V]), chased `haConsentChaseDays` from today; for the varied terms when `variationId` is given.
 */
export function haConsentObligation(
  state: ArrangementState,
  consent: { trustId: string; healthAuthorityId: string },
  now: number,
  variationId?: string,
): NewObligation {
  const { trustId, healthAuthorityId } = consent;
  return {
    id: haConsentId(trustId, healthAuthorityId, variationId),
    ...(variationId !== undefined ? { variationId } : {}),
    kind: 'haConsent',
    title: `Consent of ${healthAuthorityId} for ${trustId} ${variationId !== undefined ? 'to the varied terms' : 'to take part'}`,
    dueDate: addDays(daysOf(state).today(now), state.policy.haConsentChaseDays),
    responsibleRole: 'nhsTrust',
    responsiblePartnerIds: [trustId],
    citation: CITATIONS.haConsentChase,
  };
}
