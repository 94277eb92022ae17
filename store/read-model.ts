/**
 * The read model: one summary row per arrangement, and beside it the arrangement's obligations,
 * Regional Office decisions and versions of the terms, written by its workflow (through the
 * `projectSummary` activity) after each change of state. Writes are ordered by the workflow's
 * revision number, kept on the summary row: an older write never overwrites a newer one, and a
 * retried write changes nothing. The detail rows are replaced in the same transaction as the summary
 * they came with, so they always belong to the summary's revision.
 */
import type { Selectable, Transaction } from 'kysely';
import type { ArrangementStatus, DateString, ProjectionDetails } from '../domain';
import type { Db } from './database';
import type { ArrangementSummaryTable, Database } from './schema';

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
 * or a later one; true if it wrote. One transaction: the summary's row lock orders concurrent writes.
 */
export function writeSummary(db: Db, s: ArrangementSummary): Promise<boolean> {
  return db.transaction().execute((tx) => writeSummaryIn(tx, s));
}

/** `writeSummary` within the caller's transaction `tx` (a rebuild writes every row in one). */
export async function writeSummaryIn(tx: Transaction<Database>, s: ArrangementSummary): Promise<boolean> {
  const row = {
    ref: s.ref,
    workflow_id: s.workflowId,
    revision: s.revision,
    status: s.status,
    region: s.region,
    types: s.types,
    partners: JSON.stringify(s.partners),
    start_date: s.startDate,
    end_date: s.endDate ?? null,
    review_date: s.reviewDate ?? null,
    next_deadline_at: s.nextDeadlineAt ?? null,
    notified_at: s.notifiedAt ?? null,
    updated_at: s.updatedAt,
  };
  const { ref: _ref, ...update } = row;
  const written = await tx
    .insertInto('arrangement_summary')
    .values(row)
    .onConflict((oc) => oc.column('ref').doUpdateSet(update).where('arrangement_summary.revision', '<', s.revision))
    .returning('revision')
    .executeTakeFirst();
  if (written === undefined) return false;
  if (s.details) await replaceDetails(tx, s.ref, s.details);
  return true;
}

/** Replaces every detail row of `ref` with `details`. */
async function replaceDetails(tx: Transaction<Database>, ref: string, details: ProjectionDetails): Promise<void> {
  await tx.deleteFrom('arrangement_obligation').where('ref', '=', ref).execute();
  await tx.deleteFrom('arrangement_decision').where('ref', '=', ref).execute();
  await tx.deleteFrom('arrangement_terms_version').where('ref', '=', ref).execute();
  if (details.obligations.length > 0) {
    await tx
      .insertInto('arrangement_obligation')
      .values(
        details.obligations.map((o) => ({
          ref,
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
          reminders_sent: JSON.stringify(o.remindersSent),
          clock_stopped_on: o.clockStoppedOn ?? null,
        })),
      )
      .execute();
  }
  if (details.decisions.length > 0) {
    await tx
      .insertInto('arrangement_decision')
      .values(
        details.decisions.map((d) => ({
          ref,
          round: d.round,
          notified_at: d.notifiedAt,
          decided_at: d.decidedAt ?? null,
          outcome: d.outcome ?? null,
          decided_by: d.decidedBy ?? null,
          reason: d.reason ?? null,
        })),
      )
      .execute();
  }
  if (details.versions.length > 0) {
    await tx
      .insertInto('arrangement_terms_version')
      .values(
        details.versions.map((v) => ({
          ref,
          n: v.n,
          effective_date: v.effectiveDate,
          terms: JSON.stringify(v.terms),
          changes: JSON.stringify(v.changes),
          classification: v.classification ? JSON.stringify(v.classification) : null,
          variation_id: v.variationId ?? null,
          decisions: JSON.stringify(v.decisions),
        })),
      )
      .execute();
  }
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
