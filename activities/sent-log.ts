/**
 * A durable record of what the mail server accepted, keyed by notification key, so that a retried
 * activity never sends an accepted message again.
 *
 * The log is an append-only JSONL file; each record is fsynced before `record` resolves. It is read
 * incrementally on every lookup, so records appended by another process are seen too. With several
 * workers the file must therefore live on storage they all share (and that honours fsync and
 * O_APPEND); a per-host log would let a retry on another host send again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A recipient the server refused for good (a 5xx reply), with the server's words. */
export interface Refusal {
  email: string;
  reason: string;
}

/** One line of the log: the outcome of one attempt that reached the server. */
export interface SentRecord {
  key: string;
  messageId: string;
  /** Addresses the server accepted in this attempt. */
  accepted: string[];
  /** Addresses the server refused permanently in this attempt. */
  refused: Refusal[];
  /** ISO instant at which the server answered. */
  at: string;
}

/** Everything known about one key, merged over all its records. */
export interface SentState {
  key: string;
  messageId: string;
  accepted: string[];
  refused: Refusal[];
  /** When the server first accepted the message for anyone; unset if it never did. */
  firstAcceptedAt?: string;
}

/** The sent log as the activity uses it. */
export interface SentLog {
  /** What has already been accepted or refused for a key; undefined if nothing was. */
  lookup(key: string): Promise<SentState | undefined>;
  /** Appends a record durably; resolves only once it is on disk. */
  record(entry: SentRecord): Promise<void>;
}

const NEWLINE = 0x0a;

const isRecord = (value: unknown): value is SentRecord => {
  const r = value as Partial<SentRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.key === 'string' &&
    typeof r.messageId === 'string' &&
    Array.isArray(r.accepted) &&
    Array.isArray(r.refused) &&
    typeof r.at === 'string'
  );
};

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function merge(state: SentState | undefined, r: SentRecord): SentState {
  const next: SentState = state ?? { key: r.key, messageId: r.messageId, accepted: [], refused: [] };
  for (const email of r.accepted) if (!next.accepted.some((a) => sameAddress(a, email))) next.accepted.push(email);
  for (const refusal of r.refused) if (!next.refused.some((x) => sameAddress(x.email, refusal.email))) next.refused.push(refusal);
  if (r.accepted.length > 0 && (next.firstAcceptedAt === undefined || r.at < next.firstAcceptedAt)) next.firstAcceptedAt = r.at;
  return next;
}

/** Where the sent log lives in a data directory. */
export const sentLogFile = (dataDir: string) => path.join(dataDir, 'sent-log.jsonl');

/** Opens (or will create) the file-backed sent log, normally at `sentLogFile(HAPA_DATA_DIR)`. */
export function createFileSentLog(file: string): SentLog {
  const byKey = new Map<string, SentState>();
  let offset = 0;
  // Reads and appends run one at a time so the read offset and the index never race each other.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const catchUp = async () => {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size < offset) {
        // The file was replaced or truncated by hand: start over rather than read from mid-line.
        byKey.clear();
        offset = 0;
      }
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      // Only whole lines are consumed. A line without its newline is either being written by
      // another process right now or was torn by a crash; it is left for the next read, and a
      // torn one is later closed off by the next append and skipped as unparsable.
      const end = buffer.lastIndexOf(NEWLINE);
      if (end < 0) return;
      for (const line of buffer.subarray(0, end).toString('utf8').split('\n')) {
        const entry = parseLine(line);
        if (entry) byKey.set(entry.key, merge(byKey.get(entry.key), entry));
      }
      offset += end + 1;
    } finally {
      await handle.close();
    }
  };

  const append = async (entry: SentRecord) => {
    // Owner-only: the records name recipients' addresses (issue 16 §4).
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const handle = await fs.open(file, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        // A torn last line must not swallow this record: start on a fresh line.
        if (last[0] !== NEWLINE) prefix = '\n';
      }
      await handle.write(`${prefix}${JSON.stringify(entry)}\n`);
      await handle.sync();
      if (size === 0) await syncDirectory(path.dirname(file));
    } finally {
      await handle.close();
    }
  };

  return {
    lookup: (key) =>
      serial(async () => {
        await catchUp();
        return byKey.get(key);
      }),
    record: (entry) =>
      serial(async () => {
        await append(entry);
        await catchUp();
      }),
  };
}

function parseLine(line: string): SentRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Makes a newly created file's directory entry durable too (a no-op where directories cannot be fsynced). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) refuse to fsync a directory; the file itself is already synced.
  } finally {
    await handle?.close();
  }
}
