/**
 * The worker's activities, built from their dependencies so that secrets and transports are
 * injected once and tests can pass their own.
 */
import type { ArrangementSummary, ReadModel } from '../store/read-model';
import type { ClosureRecord, Register } from '../store/register';
import { whileHeartbeating } from './heartbeat';
import type { Db } from '../store/database';
import type { DigestSettings } from '../domain';
import { recipientsToSendNow } from './digests';
import { messageIdFor } from './message-id';
import type { Notification } from './notification';
import { addressed, sendNotification, type ActivityDeps as EmailDeps, type SendReceipt } from './send-notification';

export type { SendReceipt } from './send-notification';
export type { ClosureRecord } from '../store/register';
export type { ArrangementSummary } from '../store/read-model';

/** Everything the activities need, built once by the worker: email, the register and the read model in PostgreSQL. */
export interface ActivityDeps extends EmailDeps {
  register: Pick<Register, 'recordClosure'>;
  readModel: Pick<ReadModel, 'writeSummary'>;
  /** Digests instead of floods (issue 15 §2); absent, every notification goes out at once. */
  digests?: DigestSettings & { db: Db };
}

/** Creates the activities the arrangement workflow calls. */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Emails a notification to its recipients, exactly once per recipient across retries and workers. */
    async sendNotification(notification: Notification): Promise<SendReceipt> {
      const recipients = addressed(notification.recipients);
      if (deps.digests && recipients.length > 0) {
        // Those on a digest get it there; the email goes now only to the others (or to nobody).
        const now = await recipientsToSendNow({ ...deps, ...deps.digests }, notification, recipients);
        if (now.length === 0) {
          return { key: notification.key, messageId: messageIdFor(notification.key), status: 'held', acceptedAt: new Date().toISOString() };
        }
        notification = { ...notification, recipients: now };
      }
      // Attempts of the same notification run one after another, on this worker or across workers:
      // a retry scheduled after a timed-out attempt must see that attempt's record before deciding to send.
      // Heartbeats while it runs, so that if this worker dies the retry starts within seconds elsewhere.
      return whileHeartbeating(() =>
        deps.sentLog.exclusively(notification.key, (sentLog) => sendNotification({ ...deps, sentLog }, notification)),
      );
    },
    /** Writes an ended arrangement's closure record into the register; idempotent, so retries are harmless. */
    async recordClosure(record: ClosureRecord): Promise<void> {
      await deps.register.recordClosure(record);
    },
    /** Writes an arrangement's summary into the read model unless a later revision is there already. */
    async projectSummary(summary: ArrangementSummary): Promise<void> {
      await deps.readModel.writeSummary(summary);
    },
  };
}

/** The activity functions, as the workflow proxies them (`import type` only). */
export type Activities = ReturnType<typeof createActivities>;
