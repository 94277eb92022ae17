/**
 * The stages of an arrangement's life as the timeline on its page shows them, each done, current or
 * to come, with the day it was reached when the audit trail records it. The order is the lifecycle's
 * (`ARRANGEMENT_STATUSES`); presentation only.
 */
import { ARRANGEMENT_STATUSES, type ArrangementState, type ArrangementStatus } from '../domain';
import { longDate } from './format';

const STAGES: { title: string; statuses: ArrangementStatus[]; reachedBy: string[] }[] = [
  { title: 'Proposal drafted', statuses: ['draft', 'eligibilityFailed'], reachedBy: [] },
  { title: 'Joint consultation', statuses: ['consultationOpen', 'consultationClosed'], reachedBy: ['submitProposal'] },
  { title: 'Checks and consents', statuses: ['preconditionsPending'], reachedBy: ['considerResponses'] },
  {
    title: 'Written agreement',
    statuses: ['agreementDrafting', 'agreementExecuted'],
    reachedBy: ['recordHimpCheck', 'attestImprovement', 'grantConsent'],
  },
  { title: 'Regional Office', statuses: ['notified', 'roRefused'], reachedBy: ['submitNotification'] },
  { title: 'Approved', statuses: ['ready'], reachedBy: ['approve', 'acknowledgeReceipt'] },
  { title: 'In force', statuses: ['active'], reachedBy: ['startDateReached'] },
  { title: 'Ended', statuses: ['terminating', 'closed'], reachedBy: ['giveNotice', 'closed'] },
];

/** One stage on the timeline. */
export interface Stage {
  title: string;
  state: 'done' | 'current' | 'to come';
  /** When the arrangement reached it, if known: "Monday 22 February 2027". */
  reached?: string;
}

/** The timeline of `state`: every stage before the current one is done. An abandoned arrangement stops where it was. */
export function stagesOf(state: ArrangementState): Stage[] {
  const index = ARRANGEMENT_STATUSES.indexOf(state.status);
  const currentStage = STAGES.findIndex((s) => s.statuses.includes(state.status));
  const lastAudit = (actions: string[]) => [...state.audit].reverse().find((e) => actions.includes(e.action))?.at;
  const reachedOnRecord = (stage: (typeof STAGES)[number], i: number) => i === 0 || lastAudit(stage.reachedBy) !== undefined;
  return STAGES.map((stage, i) => {
    const first = ARRANGEMENT_STATUSES.indexOf(stage.statuses[0] ?? 'draft');
    // An abandoned arrangement stopped part way: a stage is done only if the audit trail shows it was reached.
    const done = state.status === 'abandoned' ? reachedOnRecord(stage, i) : currentStage >= 0 ? i < currentStage : first < index;
    const at = i === 0 ? state.createdAt : lastAudit(stage.reachedBy);
    return {
      title: stage.title,
      state: done ? 'done' : i === currentStage ? 'current' : 'to come',
      ...(at !== undefined && (done || i === currentStage) ? { reached: longDate(at) } : {}),
    };
  });
}
