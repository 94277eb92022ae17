import { SYSTEM_ACTOR } from './actors';
import { auditEntry, isFinished, PRE_ACTIVE_STATUSES, type ArrangementState } from './arrangement-state';
import { daysOf } from './days';
import { withObligationsCancelled } from './obligations';

/** Audit action of an arrangement closed because its workflow was cancelled from outside hapa. */
export const CANCELLED_ACTION = 'workflowCancelled';

/**
 * Closes an arrangement whose workflow an operator cancelled (Temporal Web UI or CLI), so its record
 * stays consistent: before it came into force it is `abandoned`, after `closed`; every open obligation
 * is cancelled (so no reminder goes out), a pending variation and review are dropped, the liability note
 * (s31(5)) keeps its period up to today, and the audit trail says what happened and what was left open.
 * A finished arrangement is returned unchanged. `at` is epoch ms.
 */
export function closeOnCancellation(state: ArrangementState, at: number): ArrangementState {
  if (isFinished(state)) return state;
  const leftOpen = state.obligations.filter((o) => o.status === 'open').map((o) => o.id);
  const status = PRE_ACTIVE_STATUSES.includes(state.status) ? 'abandoned' : 'closed';
  const today = daysOf(state).today(at);
  const entry = auditEntry(SYSTEM_ACTOR, CANCELLED_ACTION, at, {
    reason: 'The workflow was cancelled from outside hapa (Temporal Web UI or CLI).',
    details: { previousStatus: state.status, cancelledObligations: leftOpen },
  });
  return {
    ...state,
    status,
    closedAt: at,
    obligations: withObligationsCancelled(state.obligations, () => true, at),
    variation: undefined,
    review: undefined,
    ...(state.liabilityNote ? { liabilityNote: { ...state.liabilityNote, periodTo: state.liabilityNote.periodTo ?? today } } : {}),
    audit: [...state.audit, entry],
    updatedAt: at,
  };
}
