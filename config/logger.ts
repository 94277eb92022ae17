/**
 * The one logger of every hapa process (API and worker): pino, JSON lines with the same fields
 * (`level`, `time`, `service`, `msg`, then the line's own). Logs are read more widely than the data
 * (issue 16 §4), so every email address anywhere in a line (its message, its fields, an error's
 * message and stack, a mail server's reply quoting a recipient) is replaced by a hashed id before it
 * is written: the same address always gives the same id, so lines about one recipient still match.
 */
import { createHash } from 'node:crypto';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/** The processes that log. */
export type Service = 'hapa-api' | 'hapa-worker';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/**
 * A stable pseudonym for a piece of personal data: `id:` and the first 12 hex digits of the SHA-256
 * of its trimmed, lower-cased form. Not a secret: it hides the value from a reader, not from a guess.
 */
export function hashedId(value: string): string {
  return `id:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

/** `text` with every email address replaced by its hashed id. */
export function redactAddresses(text: string): string {
  return text.replace(EMAIL, (address) => hashedId(address));
}

/** A copy of a log line's value with every string redacted (errors serialised first; depth-limited). */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactAddresses(value);
  if (value instanceof Error) return redactDeep(stdSerializers.err(value), depth);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, depth + 1)]));
}

/**
 * Standard output in batches, for a process that logs a line per request (the API): lines are written
 * once 4 kB have gathered or every 200 ms, not one write per line, which cost the API more CPU than any
 * of its own code under load (issue 17 §3). pino writes what is gathered synchronously when the process
 * exits, by `process.exit`, the end of its work or an uncaught error, so no line is lost then; only a
 * kill that lets no code run (SIGKILL) loses the last 200 ms.
 */
export function batchedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 });
}

/** The logger of `service` at `level` (pino's level names), writing to stdout unless `destination` is given. */
export function createLogger(service: Service, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    serializers: { err: (err: unknown) => redactDeep(err instanceof Error ? stdSerializers.err(err) : err) },
    formatters: { log: (fields) => redactDeep(fields) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactAddresses(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
