/**
 * A durable record of what the mail server accepted, keyed by notification key, so that a retried
 * activity never sends an accepted message again, on this worker or another.
 *
 * The log lives in PostgreSQL (store/sent-log.ts): each record is committed before `record`
 * resolves, and every worker sharing the database sees it. `exclusively` holds a key for one
 * attempt at a time across all workers, so two attempts of the same notification (a retry after a
 * timeout landing on another worker while the first still runs) never both send.
 */
import type { Db } from '../store/database';
import { insertSentRecord, sentRecordsOf, withKeyHeld, type RecipientRefusal, type SentRecord } from '../store/sent-log';

export type { RecipientRefusal, SentRecord } from '../store/sent-log';

/** Everything known about one key, merged over all its records. */
export interface SentState {
  key: string;
  messageId: string;
  accepted: string[];
  refused: RecipientRefusal[];
  /** When the server first accepted the message for anyone; unset if it never did. */
  firstAcceptedAt?: string;
}

/** The sent log as the activity uses it. */
export interface SentLog {
  /** What has already been accepted or refused for a key; undefined if nothing was. */
  lookup(key: string): Promise<SentState | undefined>;
  /** Appends a record durably; resolves only once it is committed. */
  record(entry: SentRecord): Promise<void>;
  /** Runs `task` while no other attempt anywhere holds `key`, with the log to use meanwhile. */
  exclusively<T>(key: string, task: (log: SentLog) => Promise<T>): Promise<T>;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function merge(state: SentState | undefined, r: SentRecord): SentState {
  const next: SentState = state ?? { key: r.key, messageId: r.messageId, accepted: [], refused: [] };
  for (const email of r.accepted) if (!next.accepted.some((a) => sameAddress(a, email))) next.accepted.push(email);
  for (const refusal of r.refused) if (!next.refused.some((x) => sameAddress(x.email, refusal.email))) next.refused.push(refusal);
  if (r.accepted.length > 0 && (next.firstAcceptedAt === undefined || r.at < next.firstAcceptedAt)) next.firstAcceptedAt = r.at;
  return next;
}

/** The sent log in hapa's PostgreSQL store. */
export function createSentLog(db: Db): SentLog {
  return {
    lookup: async (key) => (await sentRecordsOf(db, key)).reduce<SentState | undefined>(merge, undefined),
    record: (entry) => insertSentRecord(db, entry),
    exclusively: (key, task) => withKeyHeld(db, key, (held) => task(createSentLog(held))),
  };
}
