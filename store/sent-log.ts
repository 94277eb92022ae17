/**
 * Queries of the email sent-log table: append a record, read a key's records, and hold a key for
 * one worker at a time (a PostgreSQL advisory lock, so it spans processes and hosts).
 */
import { sql } from 'kysely';
import type { Db } from './database';

/** A recipient the mail server refused for good (a 5xx reply), with the server's words. */
export interface RecipientRefusal {
  email: string;
  reason: string;
}

/** One attempt that reached the mail server. */
export interface SentRecord {
  key: string;
  messageId: string;
  /** Addresses the server accepted in this attempt. */
  accepted: string[];
  /** Addresses the server refused permanently in this attempt. */
  refused: RecipientRefusal[];
  /** ISO instant at which the server answered. */
  at: string;
}

/** Appends `record`; resolves once PostgreSQL has committed it. */
export async function insertSentRecord(db: Db, record: SentRecord): Promise<void> {
  await db
    .insertInto('sent_log')
    .values({
      key: record.key,
      message_id: record.messageId,
      accepted: record.accepted,
      refused: JSON.stringify(record.refused),
      at: record.at,
    })
    .execute();
}

/** Every record of `key`, oldest first. */
export async function sentRecordsOf(db: Db, key: string): Promise<SentRecord[]> {
  const rows = await db.selectFrom('sent_log').selectAll().where('key', '=', key).orderBy('id').execute();
  return rows.map((r) => ({ key: r.key, messageId: r.message_id, accepted: r.accepted, refused: r.refused, at: r.at.toISOString() }));
}

/**
 * Runs `task` while this session holds `key`: any other caller of `withKeyHeld` for the same key,
 * in this process or another, waits until `task` settles. `task` gets the locked connection and
 * should make its queries on it (so a full pool cannot starve the holder). A worker that dies
 * mid-task loses its connection, and PostgreSQL releases the lock with it.
 */
export async function withKeyHeld<T>(db: Db, key: string, task: (held: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (held) => {
    const lockId = sql`hashtextextended(${`sent-log:${key}`}, 0)`;
    await sql`select pg_advisory_lock(${lockId})`.execute(held);
    try {
      return await task(held);
    } finally {
      // A broken connection has lost the lock already; the task's own outcome matters more.
      await sql`select pg_advisory_unlock(${lockId})`.execute(held).catch(() => undefined);
    }
  });
}
