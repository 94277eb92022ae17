/**
 * Turns a start-up failure into one readable paragraph: people running `npm start` or a worker
 * against a cluster need to know which setting to fix, not read a stack trace.
 */
import { ConfigError } from './index';

/** A readable explanation of why a process could not start. */
export function describeStartupError(err: unknown, processName: string): string {
  if (err instanceof ConfigError) return `${processName} cannot start. ${err.message}`;
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  if (message.startsWith('PostgreSQL')) return `${processName} cannot use its database: ${message}${cause}. Check DATABASE_URL.`;
  if (/connect|transport|unavailable|ECONNREFUSED|dns|resolve/i.test(message)) {
    return `${processName} cannot reach Temporal: ${message}${cause}. Check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the TLS/API-key settings.`;
  }
  return `${processName} failed: ${message}${cause}`;
}
