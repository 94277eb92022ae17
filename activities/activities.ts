/**
 * The worker's activities, built from their dependencies so that secrets and transports are
 * injected once and tests can pass their own.
 */
import type { Notification } from './notification';
import { sendNotification, type ActivityDeps, type SendReceipt } from './send-notification';

export type { ActivityDeps, SendReceipt } from './send-notification';

/** Creates the activities the arrangement workflow calls. */
export function createActivities(deps: ActivityDeps) {
  // Attempts of the same notification run one after another in this process: a retry scheduled
  // after a timed-out attempt must see that attempt's sent-log record before deciding to send.
  const inFlight = new Map<string, Promise<unknown>>();
  const oneAtATime = async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const before = inFlight.get(key) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.catch(() => undefined);
    inFlight.set(key, settled);
    try {
      return await run;
    } finally {
      if (inFlight.get(key) === settled) inFlight.delete(key);
    }
  };

  return {
    /** Emails a notification to its recipients, exactly once per recipient across retries. */
    async sendNotification(notification: Notification): Promise<SendReceipt> {
      return oneAtATime(notification.key, () => sendNotification(deps, notification));
    },
  };
}

/** The activity functions, as the workflow proxies them (`import type` only). */
export type Activities = ReturnType<typeof createActivities>;
