/**
 * The read model: one summary row per arrangement, and beside it the arrangement's obligations,
 * Regional Office decisions and versions of the terms, written by its workflow (through the
 * `projectSummary` activity) after each change of state. Writes are ordered by the workflow's
 * revision number, kept on the summary row: an older write never overwrites a newer one, and a
 * retried write changes nothing. The detail rows are replaced in the same transaction as the summary
 * they came with, so they always belong to the summary's revision.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { ArrangementStatus, DateString, ProjectionDetails } from '../domain';
import type { Db } from './database';
import type {
  ArrangementDecisionTable,
  ArrangementObligationTable,
  ArrangementSummaryTable,
  ArrangementTermsVersionTable,
  Database,
} from './schema';

/** What the workflow projects after a change of state. */
export interface ArrangementSummary {
  ref: string;
  workflowId: string;
  /** Increases with each change the workflow projects; carried across continue-as-new. */
  revision: number;
  status: ArrangementStatus;
  region: string;
  types: string[];
  partners: { id: string; name: string }[];
  startDate: DateString;
  endDate?: DateString;
  reviewDate?: DateString;
  /** ISO instant of the earliest open obligation's due time. */
  nextDeadlineAt?: string;
  /** ISO instant at which the Regional Office was notified (the latest notification). */
  notifiedAt?: string;
  /** ISO instant of the state's last change. */
  updatedAt: string;
  /**
   * The obligations, decisions and versions at this revision; absent from workflows started before
   * `patched('read-model-details')` until they adopt it, and then the detail rows are left as they are.
   */
  details?: ProjectionDetails;
}

/**
 * Writes `s` (and its details, if it carries them) unless the summary row already holds this revision
 * or a later one; true if it wrote. The summary's row lock orders concurrent writes of one arrangement.
 *
 * One round trip, the call of `write_arrangement_summary` (migration 0010), which upserts the summary
 * and then replaces the detail rows as separate statements; the call is one statement to the server,
 * so it is atomic without BEGIN and COMMIT (a storm of reminders writes about twice per reminder, and
 * each write made up to nine round trips). A PL/pgSQL function rather than one statement of
 * data-modifying CTEs, because the detail rows must be deleted by a statement that starts after the
 * summary's row lock is held, and one statement cannot delete and insert the same keys. Rejects with
 * PostgreSQL's error, having written nothing, if a value does not fit its column.
 */
export async function writeSummary(db: Db, s: ArrangementSummary): Promise<boolean> {
  const summary: JsonRow<ArrangementSummaryTable> = {
    ref: s.ref,
    workflow_id: s.workflowId,
    revision: s.revision,
    status: s.status,
    region: s.region,
    types: s.types,
    partners: s.partners,
    start_date: s.startDate,
    end_date: s.endDate ?? null,
    review_date: s.reviewDate ?? null,
    next_deadline_at: s.nextDeadlineAt ?? null,
    notified_at: s.notifiedAt ?? null,
    updated_at: s.updatedAt,
  };
  const details = s.details ? jsonText(detailRows(s.details)) : null;
  const { rows } = await sql<{ written: boolean }>`
    select write_arrangement_summary(${jsonText(summary)}::jsonb, ${details}::jsonb) as written
  `.execute(db);
  return rows[0]?.written === true;
}

/** `writeSummary` within the caller's transaction `tx` (a rebuild writes every row in one). */
export function writeSummaryIn(tx: Transaction<Database>, s: ArrangementSummary): Promise<boolean> {
  return writeSummary(tx, s);
}

/** Every column of a table, valued as the jsonb `write_arrangement_summary` maps onto it. */
type JsonRow<Table> = { [Column in keyof Table]: unknown };

// An unpaired UTF-16 surrogate (the input checks let one through in free text, e.g. a refusal's reason).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `value` as JSON text PostgreSQL's jsonb accepts. JSON.stringify writes a lone surrogate as an escape
 * jsonb refuses, which would fail this write and every later one of the arrangement (the reason stays in
 * its state); each becomes U+FFFD, as Node encodes it in a text parameter, which is how it was stored before.
 */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
}

/** The detail rows of one projection, keyed by column; the function gives each the summary's `ref`. */
function detailRows(details: ProjectionDetails) {
  const obligations = details.obligations.map((o): Omit<JsonRow<ArrangementObligationTable>, 'ref'> => ({
    obligation_id: o.obligationId,
    kind: o.kind,
    title: o.title,
    due_date: o.dueDate,
    due_at: o.dueAt,
    status: o.status,
    responsible_role: o.responsibleRole,
    owner_ids: o.ownerIds,
    citation: o.citation,
    lead_days: o.leadDays ?? null,
    created_at: o.createdAt,
    done_at: o.doneAt ?? null,
    cancelled_at: o.cancelledAt ?? null,
    reminders_sent: o.remindersSent,
    clock_stopped_on: o.clockStoppedOn ?? null,
  }));
  const decisions = details.decisions.map((d): Omit<JsonRow<ArrangementDecisionTable>, 'ref'> => ({
    round: d.round,
    notified_at: d.notifiedAt,
    decided_at: d.decidedAt ?? null,
    outcome: d.outcome ?? null,
    decided_by: d.decidedBy ?? null,
    reason: d.reason ?? null,
  }));
  const versions = details.versions.map((v): Omit<JsonRow<ArrangementTermsVersionTable>, 'ref'> => ({
    n: v.n,
    effective_date: v.effectiveDate,
    terms: v.terms,
    changes: v.changes,
    classification: v.classification ? v.classification : null,
    variation_id: v.variationId ?? null,
    decisions: v.decisions,
  }));
  return { obligations, decisions, versions };
}

/** A summary row as the rest of hapa sees it. */
export function rowToSummary(r: Selectable<ArrangementSummaryTable>): ArrangementSummary {
  return {
    ref: r.ref,
    workflowId: r.workflow_id,
    revision: r.revision,
    status: r.status as ArrangementStatus,
    region: r.region,
    types: r.types,
    partners: r.partners,
    startDate: r.start_date,
    ...(r.end_date ? { endDate: r.end_date } : {}),
    ...(r.review_date ? { reviewDate: r.review_date } : {}),
    ...(r.next_deadline_at ? { nextDeadlineAt: r.next_deadline_at.toISOString() } : {}),
    ...(r.notified_at ? { notifiedAt: r.notified_at.toISOString() } : {}),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The summary of `ref`, if the read model has one. */
export async function summaryOf(db: Db, ref: string): Promise<ArrangementSummary | undefined> {
  const r = await db.selectFrom('arrangement_summary').selectAll().where('ref', '=', ref).executeTakeFirst();
  return r ? rowToSummary(r) : undefined;
}

/** The read model's queries on one database. */
export interface ReadModel {
  writeSummary(s: ArrangementSummary): Promise<boolean>;
  summaryOf(ref: string): Promise<ArrangementSummary | undefined>;
}

/** The read model on hapa's PostgreSQL store. */
export function createReadModel(db: Db): ReadModel {
  return { writeSummary: (s) => writeSummary(db, s), summaryOf: (ref) => summaryOf(db, ref) };
}
