import { daysOf } from '../days';
import { SYSTEM_ACTOR } from '../actors';
import { requiredChecklistItems } from '../agreement-checklist';
import { termsGapsOf } from '../checklist-from-terms';
import type { ArrangementState } from '../arrangement-state';
import { liableBodyIdOf } from '../arrangement-terms';
import { addDays, latestDate } from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, type CommandSpec } from '../command-spec';
import { notifyBeforeStartId } from '../obligation-ids';
import { withObligation } from '../obligations';
import { withAudit, withState, type Outcome } from '../outcome';
import { refusal, refusalOfAll } from '../refusal';
import { partnerOf, whyActingPartnerIsRefused } from './common';

// Stage 3: the written agreement: its prescribed particulars (reg 7(3), 9(3) [V]), the partners'
// signatures, and its execution with the liability note (s31(5) [V]).

/** The liability note: each delegator stays liable for its delegated functions (s31(5) [V]; EN 240 [V]). */
export function liabilityNoteFor(state: ArrangementState, now: number): ArrangementState['liabilityNote'] {
  const name = (id: string): string => state.terms.partners.find((p) => p.id === id)?.name ?? id;
  return {
    citation: CITATIONS.liability,
    statements: state.terms.delegations.map((d) => ({
      delegatorId: liableBodyIdOf(d),
      delegateId: d.delegateId,
      functionIds: [...d.functionIds],
      text: `${name(d.delegatorId)} remains liable for the exercise of ${d.functionIds.join(', ')} delegated to ${name(d.delegateId)}.`,
    })),
    recordedAt: now,
    periodFrom: state.terms.startDate,
  };
}

/** Executes the agreement once every partner has signed; records the liability note (s31(5) [V]). */
function executeIfSigned(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const agreement = state.agreement;
  if (state.status !== 'agreementDrafting' || !agreement) return outcome;
  if (!state.terms.partners.every((p) => agreement.signatures.some((s) => s.partnerId === p.id))) return outcome;
  const today = daysOf(state).today(now);
  const notifyBy = latestDate(today, addDays(state.terms.startDate, -state.policy.notifyBeforeStartDays));
  const obligations = withObligation(
    state.obligations,
    {
      id: notifyBeforeStartId(state.version),
      kind: 'notifyBeforeStart',
      title: 'Notify the Regional Office before the start date',
      dueDate: notifyBy,
      responsibleRole: 'proposer',
      responsiblePartnerIds: state.terms.partners.map((p) => p.id),
      citation: CITATIONS.notifyBeforeStart,
    },
    now,
    daysOf(state),
  );
  return withAudit(
    withState(outcome, {
      status: 'agreementExecuted',
      agreement: { ...agreement, executedAt: now },
      obligations,
      liabilityNote: liabilityNoteFor(state, now),
    }),
    SYSTEM_ACTOR,
    'agreementExecuted',
    now,
  );
}

const agreementOf = (state: ArrangementState): NonNullable<ArrangementState['agreement']> =>
  state.agreement ?? { version: state.version, checklist: [], signatures: [] };

/** Marks (or un-marks) a prescribed particular of the written agreement; any change clears the signatures (reg 7(3), 9(3) [V]). */
export const markChecklistItem: CommandSpec<'markChecklistItem'> = {
  allowedIn: (s) => s.status === 'agreementDrafting',
  roles: PARTNER_ROLES,
  guard: (state, command) => {
    if (!requiredChecklistItems(state.terms, state.policy).includes(command.itemId)) {
      return refusal(
        'checklistItemNotRequired',
        `${command.itemId} is not a required particular of this agreement.`,
        CITATIONS.writtenAgreement,
        ['itemId'],
      );
    }
    const gaps = state.checklistRule === 'ticksOnly' || command.present === false ? [] : termsGapsOf(state.terms, command.itemId);
    if (gaps.length > 0) return refusalOfAll(gaps);
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
  apply: (outcome, command, actor, now) => {
    const agreement = agreementOf(outcome.state);
    const rest = agreement.checklist.filter((i) => i.itemId !== command.itemId);
    const item = {
      itemId: command.itemId,
      markedAt: now,
      byActorId: actor.id,
      ...(command.documentRef ? { documentRef: command.documentRef } : {}),
    };
    const checklist = command.present === false ? rest : [...rest, item];
    // Changing the text after signatures means the partners must sign the new text.
    return withState(outcome, { agreement: { ...agreement, checklist, signatures: [] } });
  },
};

/**
 * Marks several particulars in one request: every item is checked first and all refusals answer at
 * once (paths under `items`); then each is marked as `markChecklistItem` would, with one audit entry
 * per item (`auditEach`).
 */
export const markChecklistItems: CommandSpec<'markChecklistItems'> = {
  allowedIn: markChecklistItem.allowedIn,
  roles: PARTNER_ROLES,
  auditEach: (command) => command.items.map((item) => ({ action: 'markChecklistItem', details: { ...item } })),
  guard: (state, command, actor, now) =>
    refusalOfAll(
      command.items.flatMap((item, i) => {
        const found = markChecklistItem.guard?.(state, { type: 'markChecklistItem', ...item }, actor, now);
        return found ? [{ ...found, path: ['items', i, ...(found.path ?? [])] }] : [];
      }),
    ),
  apply: (outcome, command, actor, now) =>
    command.items.reduce((o, item) => markChecklistItem.apply(o, { type: 'markChecklistItem', ...item }, actor, now), outcome),
};

/** A partner's signature; the last one executes the agreement once every required particular is in. */
export const signAgreement: CommandSpec<'signAgreement'> = {
  allowedIn: (s) => s.status === 'agreementDrafting',
  roles: PARTNER_ROLES,
  guard: (state, command, actor) => {
    const notActing = whyActingPartnerIsRefused(state, actor, command.partnerId);
    if (notActing) return notActing;
    const marked = state.agreement?.checklist.map((i) => i.itemId) ?? [];
    const missing = requiredChecklistItems(state.terms, state.policy).filter((id) => !marked.includes(id));
    if (missing.length > 0)
      return refusal('checklistIncomplete', `The written agreement still lacks: ${missing.join(', ')}.`, CITATIONS.writtenAgreement);
    // A tick cannot stand in for what the terms lack (issue 11 §4).
    if (state.checklistRule !== 'ticksOnly') {
      const gaps = refusalOfAll(requiredChecklistItems(state.terms, state.policy).flatMap((id) => termsGapsOf(state.terms, id)));
      if (gaps) return gaps;
    }
    const partnerId = partnerOf(state, actor, command.partnerId);
    return state.agreement?.signatures.some((s) => s.partnerId === partnerId)
      ? refusal('alreadySigned', 'This partner has already signed.', CITATIONS.writtenAgreement)
      : undefined;
  },
  apply: (outcome, command, actor, now) => {
    const agreement = agreementOf(outcome.state);
    const partnerId = partnerOf(outcome.state, actor, command.partnerId);
    const next = withState(outcome, {
      agreement: { ...agreement, signatures: [...agreement.signatures, { partnerId, signedAt: now, byActorId: actor.id }] },
    });
    return executeIfSigned(next, now);
  },
};
