/**
 * Stops a child process politely, then firmly: one helper for the dev server, `npm start`'s worker
 * and API, and the benchmark's, so none can be left running after its parent stops.
 */
import type { ChildProcess } from 'node:child_process';

/** Sends `signal`, waits for the exit, and sends SIGKILL if it has not come within `graceMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
