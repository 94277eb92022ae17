/**
 * The tables of hapa's own PostgreSQL store, as Kysely sees them. Column names are snake_case as
 * in SQL; the modules beside this one map rows to the shapes the rest of hapa uses.
 */
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz: read as a Date, written as a Date or an ISO string. */
type Instant = ColumnType<Date, Date | string, Date | string>;

/** One row per attempt that reached the mail server (append-only). */
export interface SentLogTable {
  id: Generated<string>;
  /** The notification key, e.g. `S31-2026-007:annual-review:R0`. */
  key: string;
  message_id: string;
  /** Addresses the server accepted in this attempt. */
  accepted: string[];
  /** Addresses refused for good in this attempt: JSON `[{ email, reason }]`. */
  refused: ColumnType<{ email: string; reason: string }[], string, string>;
  /** When the server answered. */
  at: Instant;
}

/** Every table. */
export interface Database {
  sent_log: SentLogTable;
}
