/**
 * The read model's numbers for the metrics (`/metrics`): arrangements by status and those with an
 * overdue obligation. Overdue is read from each summary's next deadline (the earliest open
 * obligation's due time): an arrangement whose next deadline has passed has at least one overdue
 * obligation. It counts arrangements, not obligations, until the read model has an obligations table.
 */
import { sql } from 'kysely';
import type { Db } from './database';

/** Counts at one instant. */
export interface ReadModelCounts {
  /** Arrangements per status, e.g. `{ draft: 3, inForce: 12 }`. */
  byStatus: Record<string, number>;
  /** Arrangements whose next deadline is before `now`. */
  overdue: number;
}

/** Counts the read model's summaries at `now` (ms since the epoch); two small aggregate queries. */
export async function readModelCounts(db: Db, now: number): Promise<ReadModelCounts> {
  const rows = await db
    .selectFrom('arrangement_summary')
    .select(['status', sql<string>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  const overdue = await db
    .selectFrom('arrangement_summary')
    .select(sql<string>`count(*)`.as('n'))
    .where('next_deadline_at', '<', new Date(now))
    .executeTakeFirstOrThrow();
  return { byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), overdue: Number(overdue.n) };
}
