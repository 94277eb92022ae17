/**
 * The read model's summaries: one row per arrangement, written by its workflow (through the
 * `projectSummary` activity) after each change of state. Writes are ordered by the workflow's
 * revision number: an older write never overwrites a newer one, and a retried write changes nothing.
 */
import type { ArrangementStatus, DateString } from '../domain';
import type { Db } from './database';

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
}

/** Writes `s` unless the row already holds this revision or a later one; true if it wrote. */
export async function writeSummary(db: Db, s: ArrangementSummary): Promise<boolean> {
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
  const written = await db
    .insertInto('arrangement_summary')
    .values(row)
    .onConflict((oc) => oc.column('ref').doUpdateSet(update).where('arrangement_summary.revision', '<', s.revision))
    .returning('revision')
    .executeTakeFirst();
  return written !== undefined;
}

/** The summary of `ref`, if the read model has one. */
export async function summaryOf(db: Db, ref: string): Promise<ArrangementSummary | undefined> {
  const r = await db.selectFrom('arrangement_summary').selectAll().where('ref', '=', ref).executeTakeFirst();
  if (!r) return undefined;
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

/** The read model's queries on one database. */
export interface ReadModel {
  writeSummary(s: ArrangementSummary): Promise<boolean>;
  summaryOf(ref: string): Promise<ArrangementSummary | undefined>;
}

/** The read model on hapa's PostgreSQL store. */
export function createReadModel(db: Db): ReadModel {
  return { writeSummary: (s) => writeSummary(db, s), summaryOf: (ref) => summaryOf(db, ref) };
}
