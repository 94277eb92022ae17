/**
 * Heartbeats for activities that talk to the outside world. With a short heartbeat timeout on the
 * activity, Temporal learns within seconds that the worker running it died (a crash, a kill, a lost
 * host) and schedules the retry on another worker at once, instead of waiting for the start-to-close
 * timeout: an email in flight when its worker died went out 62–80 s later before (issue 16 §5).
 */
import { Context } from '@temporalio/activity';

/** How often a running activity heartbeats (ms); the workflow's heartbeat timeout allows several misses. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * Runs `fn`, heartbeating every `HEARTBEAT_INTERVAL_MS` until it settles. Outside an activity, or in a local
 * activity, it just runs `fn`.
 */
export async function whileHeartbeating<T>(fn: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return fn();
  }
  // A local activity has no heartbeat: its worker holds the workflow task, whose timeout notices a death.
  if (context.info.isLocal) return fn();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
