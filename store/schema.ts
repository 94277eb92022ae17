/**
 * The tables of hapa's own PostgreSQL store, as Kysely sees them. Column names are snake_case as
 * in SQL; the modules beside this one map rows to the shapes the rest of hapa uses.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Actor, ArrangementState, LiabilityNote, Recipient, TermsVersion } from '../domain';

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

/** Nullable timestamptz: read as a Date or null. */
type MaybeInstant = ColumnType<Date | null, string | null | undefined, string | null>;

/** One obligation of one arrangement (`store/read-model.ts`), replaced with each projection. */
export interface ArrangementObligationTable {
  ref: string;
  obligation_id: string;
  kind: string;
  title: string;
  due_date: string;
  due_at: Instant;
  /** `open`, `done` or `cancelled`. */
  status: string;
  responsible_role: string;
  /** The organisations that owe it; empty for the Regional Office's duties. */
  owner_ids: string[];
  citation: string;
  /** Days before the due date that preparing starts; null when no reminder comes before it, or written before 0006. */
  lead_days: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Instant;
  done_at: MaybeInstant;
  cancelled_at: MaybeInstant;
  /** JSON `[{ step, key, recipients: [{ name, email, role }] }]`. */
  reminders_sent: ColumnType<{ step: string; key: string; recipients: Recipient[] }[], string, string>;
  /** 'YYYY-MM-DD' (England): the Regional Office's clock stopped while it waits for information; null while it runs. */
  clock_stopped_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One notification to the Regional Office and its answer. */
export interface ArrangementDecisionTable {
  ref: string;
  round: number;
  notified_at: Instant;
  decided_at: MaybeInstant;
  outcome: string | null;
  decided_by: string | null;
  reason: string | null;
}

/** One version of an arrangement's terms. */
export interface ArrangementTermsVersionTable {
  ref: string;
  n: number;
  effective_date: string;
  terms: ColumnType<TermsVersion['terms'], string, string>;
  changes: ColumnType<TermsVersion['changes'], string, string>;
  classification: ColumnType<TermsVersion['classification'] | null, string | null, string | null>;
  variation_id: string | null;
  decisions: ColumnType<TermsVersion['decisions'], string, string>;
}

/** One secret calendar URL (`store/calendar-feeds.ts`); the token itself is never stored. */
export interface CalendarFeedTable {
  id: Generated<string>;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  owner_kind: 'person' | 'organisation';
  person_id: string | null;
  /** The person's actor (role, organisation or region) when the feed was made: what their feed lists. */
  actor: ColumnType<Actor | null, string | null, string | null>;
  organisation_id: string | null;
  created_by: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  revoked_at: MaybeInstant;
}

/** How a person wants hapa's messages: at once, or in a daily or weekly digest (issue 15 §2). */
export interface MessagePreferenceTable {
  email: string;
  delivery: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One notification for one person: sent at once, or held for a digest (`store/digests.ts`). */
export interface DigestItemTable {
  id: Generated<string>;
  email: string;
  name: string;
  notification_key: string;
  /** `immediate`, `daily` or `weekly`. */
  delivery: string;
  arrangement_ref: string;
  message_kind: string;
  subject: string;
  /** 'YYYY-MM-DD' or null. */
  due_date: string | null;
  obligation_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  digest_key: string | null;
}

/** Every table. */
export interface Database {
  arrangement_summary: ArrangementSummaryTable;
  arrangement_obligation: ArrangementObligationTable;
  arrangement_decision: ArrangementDecisionTable;
  arrangement_terms_version: ArrangementTermsVersionTable;
  sent_log: SentLogTable;
  arrangement_register: ArrangementRegisterTable;
  calendar_feed: CalendarFeedTable;
  message_preference: MessagePreferenceTable;
  digest_item: DigestItemTable;
}
