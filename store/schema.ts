/**
 * The tables of hapa's own PostgreSQL store, as Kysely sees them. Column names are snake_case as
 * in SQL; the modules beside this one map rows to the shapes the rest of hapa uses.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ArrangementState, LiabilityNote } from '../domain';

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

/** One row per arrangement reference, kept for good. */
export interface ArrangementRegisterTable {
  ref: string;
  workflow_id: string;
  fingerprint: string | null;
  created_by: string | null;
  registered_at: ColumnType<Date, Date | string | undefined, never>;
  /** `closed` or `abandoned` once the workflow has ended; null while it runs. */
  outcome: string | null;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  liability_note: ColumnType<LiabilityNote | null, string | null | undefined, string | null>;
  final_state: ColumnType<ArrangementState | null, string | null | undefined, string | null>;
}

/** The read model's summary of one arrangement (`store/read-model.ts`). */
export interface ArrangementSummaryTable {
  ref: string;
  workflow_id: string;
  revision: number;
  status: string;
  region: string;
  types: string[];
  /** JSON `[{ id, name }]`. */
  partners: ColumnType<{ id: string; name: string }[], string, string>;
  /** Dates are read as 'YYYY-MM-DD' strings (see store/database.ts). */
  start_date: string;
  end_date: string | null;
  review_date: string | null;
  next_deadline_at: ColumnType<Date | null, string | null, string | null>;
  notified_at: ColumnType<Date | null, string | null, string | null>;
  updated_at: Instant;
}

/** Every table. */
export interface Database {
  arrangement_summary: ArrangementSummaryTable;
  sent_log: SentLogTable;
  arrangement_register: ArrangementRegisterTable;
}
