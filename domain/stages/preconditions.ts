import { daysOf } from '../days';
import { SYSTEM_ACTOR, type Actor } from '../actors';
import type { ArrangementState, HimpFinding, PreconditionsRecord } from '../arrangement-state';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, type CommandSpec } from '../command-spec';
import { requiredTrustConsents } from '../eligibility';
import { haConsentId } from '../obligation-ids';
import { withObligation, withObligationDone, withObligationsCancelled } from '../obligations';
import { withAudit, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { haConsentObligation, partnerOf, reasonRequired, whyActingPartnerIsRefused } from './common';
import { dropVariation } from './variation';
import { withVariationSentToRegionalOffice } from './variation-signing';

// Stage 2: the parallel preconditions once the responses are considered: the HImP check, each partner's
// attestation of improvement, and the Health Authority consents NHS trusts need (reg 7(2), 9(2) [V]).
// The consent commands also serve a pending variation's new consents.

/** After every partner has considered the responses: open the parallel preconditions (C2, C4, C6). */
export function enterPreconditions(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const consents = requiredTrustConsents(state.terms, state.policy);
  let obligations = state.obligations;
  for (const c of consents) {
    obligations = withObligation(obligations, haConsentObligation(state, c, now), now, daysOf(state));
  }
  return withAudit(
    withState(outcome, {
      status: 'preconditionsPending',
      preconditions: { attestations: [], consents: consents.map((c) => ({ ...c, status: 'pending' as const })) },
      obligations,
    }),
    SYSTEM_ACTOR,
    'responsesConsidered',
    now,
  );
}

/**
 * True when the HImP check found the arrangement consistent with the Health Improvement Programme: only
 * that finding satisfies C4 (HSC 2000/010 para 3 [V]: "should fulfil the objectives identified in the
 * HImP"). A check recorded before findings were (no finding) counts as consistent, as it did then.
 */
export function himpCheckSatisfied(pre: Pick<PreconditionsRecord, 'himp'> | undefined): boolean {
  return pre?.himp !== undefined && pre.himp.finding !== 'notConsistent';
}

/** Moves to agreement drafting once the HImP check, every attestation and every consent are in (§13.3). */
function checkPreconditionsMet(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const pre = state.preconditions;
  if (state.status !== 'preconditionsPending' || !pre) return outcome;
  const attested = state.terms.partners.every((p) => pre.attestations.some((a) => a.partnerId === p.id));
  const consented = pre.consents.every((c) => c.status === 'granted');
  if (!himpCheckSatisfied(pre) || !attested || !consented) return outcome;
  return withAudit(
    withState(outcome, { status: 'agreementDrafting', agreement: { version: state.version, checklist: [], signatures: [] } }),
    SYSTEM_ACTOR,
    'preconditionsMet',
    now,
  );
}

const hasPendingConsent = (state: ArrangementState): boolean =>
  state.status === 'preconditionsPending' ||
  (state.status === 'active' && (state.variation?.consents.some((c) => c.status === 'pending') ?? false));

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

function decideConsent(
  outcome: Outcome,
  trustId: string,
  haId: string,
  status: 'granted' | 'refused',
  now: number,
  actor?: Actor,
  reason?: string,
): Outcome {
  const { state } = outcome;
  const match = (c: { trustId: string; healthAuthorityId: string }): boolean => c.trustId === trustId && c.healthAuthorityId === haId;
  const decided = <C extends { trustId: string; healthAuthorityId: string }>(c: C): C =>
    match(c) ? { ...c, status, decidedAt: now, ...(reason ? { reason } : {}) } : c;
  if (state.status === 'active' && state.variation) {
    const variation = state.variation;
    if (status === 'refused') return dropVariation(outcome, actor ?? SYSTEM_ACTOR, now, 'consentRefused', reason);
    const consents = variation.consents.map((c) => (match(c) ? { ...c, status: 'granted' as const } : c));
    const granted = withState(outcome, {
      variation: { ...variation, consents },
      obligations: withObligationDone(state.obligations, haConsentId(trustId, haId, variation.id), now),
    });
    return withVariationSentToRegionalOffice(granted, now);
  }
  const pre = state.preconditions ?? { attestations: [], consents: [] };
  const obligations = withObligationDone(state.obligations, haConsentId(trustId, haId), now);
  const next = withState(outcome, { preconditions: { ...pre, consents: pre.consents.map(decided) }, obligations });
  if (status === 'granted') return checkPreconditionsMet(next, now);
  // A refused consent stops the arrangement until the trust drops out or the scope changes (reg 7(2), 9(2) [V]).
  const why = refusal(
    'consentRefused',
    `${haId} refused consent for ${trustId} to take part${reason ? `: ${reason}` : ''}.`,
    CITATIONS.trustConsent,
  );
  return withState(next, {
    status: 'eligibilityFailed',
    proposal: { ...next.state.proposal, refusals: [why] },
    obligations: withObligationsCancelled(next.state.obligations, (o) => o.kind === 'haConsent', now),
  });
}

/**
 * Records the check against the Health Improvement Programme and its finding (HSC 2000/010 para 3 [V];
 * reg 4(2), unverified). A later check replaces it: a `notConsistent` finding keeps the arrangement
 * waiting until a check finds it consistent (e.g. once the HImP highlights the need, EN 233 [V]).
 */
export const recordHimpCheck: CommandSpec<'recordHimpCheck'> = {
  allowedIn: (s) => s.status === 'preconditionsPending',
  roles: PARTNER_ROLES,
  apply: (outcome, command, actor, now) => {
    const pre = outcome.state.preconditions ?? { attestations: [], consents: [] };
    // Commands recorded before findings existed carry none (a replayed history): kept as they were.
    const finding = command.finding as HimpFinding | undefined;
    const himp = {
      himpRef: command.himpRef,
      objectives: command.objectives,
      ...(finding !== undefined ? { finding } : {}),
      checkedAt: now,
      byActorId: actor.id,
    };
    return checkPreconditionsMet(withState(outcome, { preconditions: { ...pre, himp } }), now);
  },
};

/** A partner's attestation that the arrangement is likely to improve the functions (reg 4(1) [V-partial]; EN 234 [V]). */
export const attestImprovement: CommandSpec<'attestImprovement'> = {
  allowedIn: (s) => s.status === 'preconditionsPending',
  roles: PARTNER_ROLES,
  guard: (state, command, actor) =>
    whyActingPartnerIsRefused(state, actor, command.partnerId) ??
    (state.preconditions?.attestations.some((a) => a.partnerId === partnerOf(state, actor, command.partnerId))
      ? refusal('alreadyAttested', 'This partner has already attested the improvement.', CITATIONS.improvement)
      : undefined),
  apply: (outcome, command, actor, now) => {
    const pre = outcome.state.preconditions ?? { attestations: [], consents: [] };
    const partnerId = partnerOf(outcome.state, actor, command.partnerId);
    const attestations = [...pre.attestations, { partnerId, statement: command.statement, at: now, byActorId: actor.id }];
    return checkPreconditionsMet(withState(outcome, { preconditions: { ...pre, attestations } }), now);
  },
};

/** A Health Authority's consent for an NHS trust to take part, in the preconditions or for a variation (reg 7(2), 9(2) [V]). */
export const grantConsent: CommandSpec<'grantConsent'> = {
  allowedIn: hasPendingConsent,
  roles: PARTNER_ROLES,
  byConsentingAuthority: true,
  guard: (state, command) => whyConsentIsNotPending(state, command.trustId, command.healthAuthorityId),
  apply: (outcome, command, _actor, now) => decideConsent(outcome, command.trustId, command.healthAuthorityId, 'granted', now),
};

/** A refused consent, with reasons: it stops the proposal (eligibilityFailed) or drops the pending variation. */
export const refuseConsent: CommandSpec<'refuseConsent'> = {
  allowedIn: hasPendingConsent,
  roles: PARTNER_ROLES,
  byConsentingAuthority: true,
  guard: (state, command) =>
    whyConsentIsNotPending(state, command.trustId, command.healthAuthorityId) ??
    (command.reason?.trim() ? undefined : reasonRequired(CITATIONS.trustConsent)),
  apply: (outcome, command, actor, now) =>
    decideConsent(outcome, command.trustId, command.healthAuthorityId, 'refused', now, actor, command.reason),
};
