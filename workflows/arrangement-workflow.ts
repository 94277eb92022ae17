/**
 * One durable workflow per arrangement, for its whole life. It orchestrates only: every rule is
 * asked of domain/, every side effect is an activity, and every wait is derived from the instants
 * the domain computes.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/activities';
import {
  closeOnCancellation,
  COMMAND_TYPES,
  createArrangement,
  decide,
  isFinished,
  isNotificationStillWanted,
  mergePolicy,
  projectionDetailsOf,
  nextWakeAt,
  recordDeliveryFailure,
  tick,
  whyCommandIsMalformed,
  whyCommandIsRefused,
  whyWaiting,
  type ArrangementState,
  type CommandType,
  type Effect,
  type Notification,
  type Refusal,
  CITATIONS,
  refusal,
} from '../domain';
import {
  actionUpdate,
  commandUpdate,
  IDEMPOTENCY_KEY_REUSED,
  isKeyReusedWithOtherBody,
  readModelQuery,
  stateQuery,
  whyWaitingQuery,
  type ArrangementWorkflowInput,
  type CommandRequest,
  type CommandResult,
} from './contract';
import { searchAttributeUpdates } from './listing';
import { PATCH_SET_2026_12, PATCHES, type PatchId } from './patches';
import { summaryOf } from './read-model';

const { sendNotification } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // The activity heartbeats every second (activities/heartbeat.ts): when its worker dies, the retry
  // is scheduled after 5 s, not after the minute (timeouts are not part of replay, so no patch).
  heartbeatTimeout: '5 seconds',
  // An SMTP outage is transient: keep retrying with a bounded backoff for up to a week, so nothing
  // is lost. A bad recipient is thrown as non-retryable by the activity and recorded below.
  scheduleToCloseTimeout: '7 days',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const { recordClosure } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Bounded like the emails: left unbounded, the time-skipping test server jumped its clock ten years
  // past the close (a stale schedule-to-close timer). `writeClosure` starts a new round after a week.
  scheduleToCloseTimeout: '7 days',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const { projectSummary } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A write that fails never blocks the arrangement: it is retried in the background, and a later
  // revision supersedes it anyway.
  scheduleToCloseTimeout: '7 days',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

// The same write as a local activity (PATCHES.readModelLocalWrite), tried once. While a workflow task
// waits for a local activity, the arrangement's Updates and Queries wait with it, and each local retry
// would add events to the history (a marker, a timer, a workflow task) for as long as PostgreSQL is
// away. So a write that fails or takes longer than 3 s (a hung connection) is handed to the activity
// above, which the server retries for up to a week without adding to the history.
const { projectSummary: projectSummaryLocally } = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '3 seconds',
  retry: { maximumAttempts: 1 },
});

// The same send as a local activity (PATCHES.sendLocallyFirst), tried once. A send normally takes
// milliseconds; while it runs the arrangement's Updates and Queries wait with its workflow task, so one
// that fails for now or takes longer than 5 s is handed to the activity above, which the server retries
// for a week. A timed-out try is not aborted (activities/send-notification.ts): it runs to its end holding
// the sent-log's key, and the activity's attempt then finds its record and sends nothing again.
const { sendNotification: sendNotificationLocally } = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});

/**
 * `local`, and `activity` with the same input when the local try fails for now. A cancellation, or a
 * refusal for good (an undeliverable recipient, a rejected message), is final either way.
 */
function locallyFirst<A, R>(local: (input: A) => Promise<R>, activity: (input: A) => Promise<R>): (input: A) => Promise<R> {
  return async (input) => {
    try {
      return await local(input);
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      const cause = causeOf(err);
      if (cause instanceof wf.ApplicationFailure && cause.nonRetryable) throw err;
      return activity(input);
    }
  };
}

/** The send by the local activity, handed to the activity if it fails for now (PATCHES.sendLocallyFirst). */
const sendLocallyFirst = locallyFirst(sendNotificationLocally, sendNotification);
/** The read-model write by the local activity, handed to the activity if it fails (PATCHES.readModelLocalWrite). */
const projectSummaryLocallyFirst = locallyFirst(projectSummaryLocally, projectSummary);

/**
 * What made an activity fail: an activity's failure carries it as its cause; a local activity's refusal
 * for good arrives as the activity's own ApplicationFailure, unwrapped.
 */
function causeOf(err: unknown): Error | undefined {
  if (err instanceof wf.ActivityFailure) return err.cause;
  return err instanceof wf.ApplicationFailure ? err : undefined;
}

/** Runs an arrangement from draft to closed (or abandoned). */
export async function arrangementWorkflow(input: ArrangementWorkflowInput): Promise<ArrangementState> {
  // Asked once, as the run starts: a run that started before the set existed replays without its
  // marker and asks for each patch on its own, as it always did (PATCH_SET_2026_12).
  const startedWithPatchSet = wf.patched(PATCH_SET_2026_12.id);
  const patched = (id: PatchId): boolean => (startedWithPatchSet && PATCH_SET_2026_12.patches.has(id)) || wf.patched(id);
  let state: ArrangementState =
    input.carried ??
    createArrangement({ ...input.create, policy: mergePolicy(input.policy, input.create.policy) }, input.createdBy, Date.now());
  // Arrangements started before dates were read as days in England keep the UTC rule they started
  // with, so their histories replay; a carried state already says which rule it lives by.
  if (!input.carried && !patched(PATCHES.daysInEngland)) state = { ...state, dayRule: 'utc' };
  if (!input.carried && patched(PATCHES.startDatePassedNotice)) state = { ...state, startDatePassedNotice: true };
  // Likewise, arrangements started before ineligible terms were refused keep failing on submission.
  if (!input.carried && !patched(PATCHES.ineligibleTermsRefused)) state = { ...state, eligibilityRule: 'failOnSubmit' };
  if (!input.carried && !patched(PATCHES.checklistFromTerms)) state = { ...state, checklistRule: 'ticksOnly' };
  const deliveries = new Set<Promise<void>>();
  const recentUpdates = new Map(Object.entries(input.recentUpdates ?? {}));
  let listed = '';
  const projections = new Set<Promise<void>>();
  let revision = input.readModelRevision ?? 0;
  let projected = '';
  let lastProjection: Parameters<typeof projectSummary>[0] | undefined;
  const projectedDetails = () => {
    const details = projectionDetailsOf(state);
    if (patched(PATCHES.readModelClockStop)) return details;
    return { ...details, obligations: details.obligations.map(({ clockStoppedOn: _stopped, ...o }) => o) };
  };
  const project = () => {
    if (!patched(PATCHES.readModelSummaries)) return;
    const summary = summaryOf(state, wf.workflowInfo().workflowId);
    // Obligations, decisions and versions ride with the summary, so a change to any of them is a new revision.
    const projection = patched(PATCHES.readModelDetails) ? { ...summary, details: projectedDetails() } : summary;
    const key = JSON.stringify(projection);
    if (key === projected) return;
    projected = key;
    revision += 1;
    const written = { ...projection, revision };
    lastProjection = written;
    // Not awaited: the arrangement carries on; an older write that lands late changes nothing.
    const attempt = patched(PATCHES.readModelLocalWrite) ? projectSummaryLocallyFirst(written) : projectSummary(written);
    const write = attempt.catch(() => undefined);
    projections.add(write);
    void write.finally(() => projections.delete(write));
  };

  /**
   * Sends a reminder or escalation only while it is wanted: checked once the handler or tick that
   * produced it has finished (a command in the same instant may have met the duty), and withdrawn,
   * retries and all, as soon as its obligation closes or the arrangement ends.
   */
  // Asked where each send is scheduled, so a run records the marker at its first send.
  const send = (notification: Notification) =>
    patched(PATCHES.sendLocallyFirst) ? sendLocallyFirst(notification) : sendNotification(notification);

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
      await scope.run(() => send(notification));
    } catch (err) {
      if (!wf.isCancellation(err)) throw err;
    } finally {
      settled = true;
    }
  };

  const deliver = (notification: Notification) => {
    const sendIt = notification.obligationId !== undefined && patched(PATCHES.remindersCheckedWhenSent) ? sendWhileWanted : send;
    const delivery = sendIt(notification).then(
      () => undefined,
      (err: unknown) => {
        // Withdrawn because the workflow itself was cancelled: not a delivery failure.
        if (wf.isCancellation(err) && wf.CancellationScope.current().consideredCancelled) return;
        // A failed delivery is recorded on the arrangement; it never blocks the lifecycle.
        const cause = causeOf(err);
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
    project();
  };

  /**
   * Adopts, in the state the domain reads, the rules that came in behind a `patched()` guard and apply
   * from a decision on: asked only where the rule matters, so histories from before replay unchanged.
   */
  const adoptGuardedRules = (type: CommandType): void => {
    const mayApplyVariation =
      state.variation !== undefined && (type === 'decideVariation' || type === 'acknowledgeReceipt' || type === 'signVariation');
    if (mayApplyVariation && state.variationRederivation === undefined && patched(PATCHES.variationFromEffectiveDate))
      state = { ...state, variationRederivation: 'fromEffectiveDate' };
    const opensRegionalOfficeClock = type === 'submitNotification' || type === 'proposeVariation';
    if (opensRegionalOfficeClock && state.regionalOfficeClock === undefined && patched(PATCHES.regionalOfficeWorkingDays))
      state = { ...state, regionalOfficeClock: 'workingDays' };
    if (type === 'proposeVariation' && state.materialVariationSigned === undefined && patched(PATCHES.materialVariationSigned))
      state = { ...state, materialVariationSigned: true };
  };

  wf.setHandler(stateQuery, () => state, {
    description: 'The whole state of the arrangement: status, terms and their versions, obligations, audit trail, deliveries.',
  });
  wf.setHandler(readModelQuery, () => lastProjection, {
    description: 'The read-model write made last, with its revision: what a rebuild of the read model writes back.',
  });
  wf.setHandler(whyWaitingQuery, () => whyWaiting(state, Date.now()), {
    description: 'What the arrangement is waiting for, who must act, by when, and the rule behind it.',
  });
  const handleCommand = ({ command, actor }: CommandRequest): CommandResult => {
    const updateId = wf.currentUpdateInfo()?.id;
    const earlier = updateId === undefined ? undefined : recentUpdates.get(updateId);
    if (earlier) return earlier;
    const now = Date.now();
    apply(tick(state, now));
    adoptGuardedRules(command.type);
    let decision = decide(state, command, actor, now);
    // A proposal whose start date had passed was accepted until 7cb7adb (22 Nov) refused it, unguarded. The
    // validator has refused such a command since, so only a history from before reaches this: it replays as it ran.
    if (!decision.ok && decision.refusal.code === 'startDateInPast' && !patched(PATCHES.retrospectiveStartRefused))
      decision = decide({ ...state, policy: { ...state.policy, allowRetrospectiveStart: true } }, command, actor, now);
    // The validator has already asked the same question; this guards a race with a timer.
    if (!decision.ok) throw refusalFailure(decision.refusal);
    apply(decision);
    // decide() never applies time: a gate passed after the start date activates on this tick.
    apply(tick(state, now));
    const result = { status: state.status, version: state.version, auditIndex: state.audit.length - 1 };
    if (updateId !== undefined) remember(recentUpdates, updateId, result);
    return result;
  };
  // Synchronous on purpose: the SDK does not await validators, so an async one would accept all.
  const validateCommand = ({ command, actor }: CommandRequest, named?: CommandType): void => {
    const updateId = wf.currentUpdateInfo()?.id;
    if (updateId !== undefined && recentUpdates.has(updateId)) return; // a retry: the handler returns the first result
    // The same Idempotency-Key with another body is a client's mistake, not a retry (IETF idempotency-key draft).
    if (updateId !== undefined && isKeyReusedWithOtherBody(recentUpdates.keys(), updateId)) {
      throw wf.ApplicationFailure.create({
        type: IDEMPOTENCY_KEY_REUSED,
        message: 'This Idempotency-Key was already used for a request with another body.',
        nonRetryable: true,
      });
    }
    const now = Date.now();
    // The rules answer first (with their citations); then anything the API's schema would refuse is
    // refused too, since any Temporal client can send an Update. Validators do not run on replay,
    // so refusing more here changes no recorded history.
    const refusal =
      whyCommandIsRefused(tick(state, now).state, command, actor, now) ??
      whyCommandIsMalformed(command) ??
      (named !== undefined && command.type !== named ? misnamedCommand(named, command.type) : undefined);
    if (refusal) throw refusalFailure(refusal);
  };
  // Registering handlers writes nothing to the history, so adding the named ones needs no patch.
  wf.setHandler(commandUpdate, handleCommand, {
    description: 'Any action, named in command.type (the generic name, kept for arrangements and clients from before the named Updates).',
    validator: (request: CommandRequest) => validateCommand(request),
  });
  for (const type of COMMAND_TYPES) {
    wf.setHandler(actionUpdate(type), handleCommand, {
      description: `The ${type} action, checked against the rules before it is accepted.`,
      validator: (request: CommandRequest) => validateCommand(request, type),
    });
  }

  try {
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
        await Promise.all([...deliveries, ...projections]);
        // The memo holds the create request's fingerprint, which the API compares on a retried create.
        const continueAsNew = wf.makeContinueAsNewFunc<typeof arrangementWorkflow>({ memo: wf.workflowInfo().memo });
        await continueAsNew({ ...input, carried: state, recentUpdates: Object.fromEntries(recentUpdates), readModelRevision: revision });
      }
    }
    await wf.condition(wf.allHandlersFinished);
    await Promise.all([...deliveries, ...projections]);
    if (patched(PATCHES.registerClosure)) await writeClosure(state);
  } catch (err) {
    // Cancelled from outside hapa (Temporal Web UI or CLI): close the record consistently, then end as cancelled.
    if (!wf.isCancellation(err) || !patched(PATCHES.cancellationCloses)) throw err;
    await wf.CancellationScope.nonCancellable(async () => {
      apply({ state: closeOnCancellation(state, Date.now()), effects: [] });
      await wf.condition(wf.allHandlersFinished);
      // The register keeps the record of a cancelled arrangement like that of any other that ended.
      if (patched(PATCHES.registerClosure)) await writeClosure(state);
    });
    throw err;
  }
  return state;
}

/**
 * Writes the closure record into the register before the workflow ends and Temporal's retention
 * clock starts: however long PostgreSQL is away, a failed round (a week of retries) is followed by
 * another after an hour, so the workflow completes only once the register holds its record.
 */
async function writeClosure(state: ArrangementState): Promise<void> {
  for (;;) {
    try {
      await recordClosure(closureRecordOf(state));
      return;
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      wf.log.warn('closure record not written yet; trying again in an hour', { ref: state.ref, error: err.cause?.message ?? err.message });
      await wf.sleep('1 hour');
    }
  }
}

/** The register's record of how `state` ended, with the create body's fingerprint from the memo. */
function closureRecordOf(state: ArrangementState) {
  const { workflowId, memo } = wf.workflowInfo();
  const fingerprint = typeof memo?.fingerprint === 'string' ? memo.fingerprint : undefined;
  return {
    ref: state.ref,
    workflowId,
    outcome: state.status,
    closedAt: new Date(state.closedAt ?? state.updatedAt).toISOString(),
    ...(state.liabilityNote ? { liabilityNote: state.liabilityNote } : {}),
    finalState: state,
    ...(fingerprint !== undefined ? { fingerprint } : {}),
  };
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

/** A command sent under another action's Update name. */
function misnamedCommand(named: CommandType, sent: string): Refusal {
  return refusal('invalidCommand', `The ${named} Update carries a ${sent} command.`, CITATIONS.inputBounds, ['command', 'type']);
}

function refusalFailure(refusal: Refusal): wf.ApplicationFailure {
  return wf.ApplicationFailure.create({ type: refusal.code, message: refusal.message, details: [refusal], nonRetryable: true });
}

/** The addresses the mail server refused, from the activity's failure details, if it gave them. */
function refusedAddresses(details: unknown): string[] {
  if (!details || typeof details !== 'object' || !('refused' in details) || !Array.isArray(details.refused)) return [];
  return details.refused.map((r: unknown) => (r && typeof r === 'object' && 'email' in r ? String(r.email) : String(r)));
}
