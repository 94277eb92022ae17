/**
 * One durable workflow per arrangement, for its whole life. It orchestrates only: every rule is
 * asked of domain/, every side effect is an activity, and every wait is derived from the instants
 * the domain computes.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/activities';
import {
  createArrangement,
  decide,
  isFinished,
  isNotificationStillWanted,
  mergePolicy,
  nextWakeAt,
  recordDeliveryFailure,
  tick,
  whyCommandIsMalformed,
  whyCommandIsRefused,
  whyWaiting,
  type ArrangementState,
  type Effect,
  type Notification,
  type Refusal,
} from '../domain';
import {
  commandUpdate,
  stateQuery,
  whyWaitingQuery,
  type ArrangementWorkflowInput,
  type CommandRequest,
  type CommandResult,
} from './contract';
import { searchAttributeUpdates } from './listing';
import { PATCHES } from './patches';

const { sendNotification } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // An SMTP outage is transient: keep retrying with a bounded backoff for up to a week, so nothing
  // is lost. A bad recipient is thrown as non-retryable by the activity and recorded below.
  scheduleToCloseTimeout: '7 days',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Runs an arrangement from draft to closed (or abandoned). */
export async function arrangementWorkflow(input: ArrangementWorkflowInput): Promise<ArrangementState> {
  let state: ArrangementState =
    input.carried ??
    createArrangement({ ...input.create, policy: mergePolicy(input.policy, input.create.policy) }, input.createdBy, Date.now());
  // Arrangements started before dates were read as days in England keep the UTC rule they started
  // with, so their histories replay; a carried state already says which rule it lives by.
  if (!input.carried && !wf.patched(PATCHES.daysInEngland)) state = { ...state, dayRule: 'utc' };
  // Likewise, arrangements started before ineligible terms were refused keep failing on submission.
  if (!input.carried && !wf.patched(PATCHES.ineligibleTermsRefused)) state = { ...state, eligibilityRule: 'failOnSubmit' };
  if (!input.carried && !wf.patched(PATCHES.checklistFromTerms)) state = { ...state, checklistRule: 'ticksOnly' };
  const deliveries = new Set<Promise<void>>();
  const recentUpdates = new Map(Object.entries(input.recentUpdates ?? {}));
  let listed = '';

  /**
   * Sends a reminder or escalation only while it is wanted: checked once the handler or tick that
   * produced it has finished (a command in the same instant may have met the duty), and withdrawn,
   * retries and all, as soon as its obligation closes or the arrangement ends.
   */
  const sendWhileWanted = async (notification: Notification): Promise<void> => {
    await Promise.resolve();
    const wanted = () => isNotificationStillWanted(state, notification);
    if (!wanted()) return;
    const scope = new wf.CancellationScope();
    let settled = false;
    void wf
      .condition(() => settled || !wanted())
      .then(() => {
        if (!settled) scope.cancel();
      });
    try {
      await scope.run(() => sendNotification(notification));
    } catch (err) {
      if (!wf.isCancellation(err)) throw err;
    } finally {
      settled = true;
    }
  };

  const deliver = (notification: Notification) => {
    const send =
      notification.obligationId !== undefined && wf.patched(PATCHES.remindersCheckedWhenSent) ? sendWhileWanted : sendNotification;
    const delivery = send(notification).then(
      () => undefined,
      (err: unknown) => {
        // A failed delivery is recorded on the arrangement; it never blocks the lifecycle.
        const cause = err instanceof wf.ActivityFailure ? err.cause : undefined;
        const refused = cause instanceof wf.ApplicationFailure ? refusedAddresses(cause.details?.[0]) : [];
        const recipient = (refused.length > 0 ? refused : notification.recipients.map((r) => r.email)).join(', ');
        state = recordDeliveryFailure(state, { key: notification.key, recipient, error: cause?.message ?? String(err) }, Date.now());
      },
    );
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  };
  const apply = (next: { state: ArrangementState; effects: readonly Effect[] }) => {
    state = next.state;
    for (const effect of next.effects) if (effect.kind === 'notify') deliver(effect.notification);
    const updates = searchAttributeUpdates(state);
    const key = JSON.stringify(updates);
    if (key !== listed) {
      wf.upsertSearchAttributes(updates);
      listed = key;
    }
  };

  wf.setHandler(stateQuery, () => state);
  wf.setHandler(whyWaitingQuery, () => whyWaiting(state, Date.now()));
  wf.setHandler(
    commandUpdate,
    ({ command, actor }: CommandRequest) => {
      const updateId = wf.currentUpdateInfo()?.id;
      const earlier = updateId === undefined ? undefined : recentUpdates.get(updateId);
      if (earlier) return earlier;
      const now = Date.now();
      apply(tick(state, now));
      const decision = decide(state, command, actor, now);
      // The validator has already asked the same question; this guards a race with a timer.
      if (!decision.ok) throw refusalFailure(decision.refusal);
      apply(decision);
      // decide() never applies time: a gate passed after the start date activates on this tick.
      apply(tick(state, now));
      const result = { status: state.status, version: state.version, auditIndex: state.audit.length - 1 };
      if (updateId !== undefined) remember(recentUpdates, updateId, result);
      return result;
    },
    {
      // Synchronous on purpose: the SDK does not await validators, so an async one would accept all.
      validator: ({ command, actor }: CommandRequest) => {
        const updateId = wf.currentUpdateInfo()?.id;
        if (updateId !== undefined && recentUpdates.has(updateId)) return; // a retry: the handler returns the first result
        const now = Date.now();
        // The rules answer first (with their citations); then anything the API's schema would refuse is
        // refused too, since any Temporal client can send an Update. Validators do not run on replay,
        // so refusing more here changes no recorded history.
        const refusal = whyCommandIsRefused(tick(state, now).state, command, actor, now) ?? whyCommandIsMalformed(command);
        if (refusal) throw refusalFailure(refusal);
      },
    },
  );

  apply(tick(state, Date.now()));
  while (!isFinished(state)) {
    const version = state.audit.length;
    const wakeAt = nextWakeAt(state);
    const changedOrSuggested = () => state.audit.length !== version || wf.workflowInfo().continueAsNewSuggested;
    if (wakeAt === undefined) await wf.condition(changedOrSuggested);
    else await wf.condition(changedOrSuggested, Math.max(1, wakeAt - Date.now()));
    apply(tick(state, Date.now()));
    if (wf.workflowInfo().continueAsNewSuggested && !isFinished(state)) {
      await wf.condition(wf.allHandlersFinished);
      await Promise.all(deliveries);
      // The memo holds the create request's fingerprint, which the API compares on a retried create.
      const continueAsNew = wf.makeContinueAsNewFunc<typeof arrangementWorkflow>({ memo: wf.workflowInfo().memo });
      await continueAsNew({ ...input, carried: state, recentUpdates: Object.fromEntries(recentUpdates) });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  await Promise.all(deliveries);
  return state;
}

/** How many Update results are kept for retries across continue-as-new. */
const RECENT_UPDATES_KEPT = 200;

/** Records an Update's result, forgetting the oldest beyond the limit (a Map keeps insertion order). */
function remember(recent: Map<string, CommandResult>, updateId: string, result: CommandResult): void {
  recent.set(updateId, result);
  for (const oldest of recent.keys()) {
    if (recent.size <= RECENT_UPDATES_KEPT) break;
    recent.delete(oldest);
  }
}

function refusalFailure(refusal: Refusal): wf.ApplicationFailure {
  return wf.ApplicationFailure.create({ type: refusal.code, message: refusal.message, details: [refusal], nonRetryable: true });
}

/** The addresses the mail server refused, from the activity's failure details, if it gave them. */
function refusedAddresses(details: unknown): string[] {
  if (!details || typeof details !== 'object' || !('refused' in details) || !Array.isArray(details.refused)) return [];
  return details.refused.map((r: unknown) => (r && typeof r === 'object' && 'email' in r ? String(r.email) : String(r)));
}
