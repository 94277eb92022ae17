/**
 * The lists on the home pages, read from the read model's `arrangement_summary` table behind one small
 * interface, so the pages can move to the fuller read model (obligations, counts) without changing.
 */
import { sql } from 'kysely';
import type { Db } from '../store/database';
import type { ListScope } from '../domain';

/** One row of a list: what the home pages show of an arrangement. */
export interface ListedArrangement {
  ref: string;
  status: string;
  region: string;
  partners: { id: string; name: string }[];
  startDate: string;
  nextDeadlineAt?: Date;
  notifiedAt?: Date;
  updatedAt: Date;
}

/** How many arrangements a list reads at most (the most recently changed); the pages say when a list is cut there. */
export const LIST_LIMIT = 500;

/** Where the web's lists come from. */
export interface ArrangementLists {
  /** Every arrangement within `scope` (the domain's list scope of the signed-in person), at most `limit`. */
  within(scope: ListScope, limit?: number): Promise<ListedArrangement[]>;
}

/** Lists from the `arrangement_summary` table. */
export function summaryTableLists(db: Db): ArrangementLists {
  return {
    async within(scope, limit = LIST_LIMIT) {
      if ('nothing' in scope) return [];
      let query = db.selectFrom('arrangement_summary').selectAll();
      if ('region' in scope) query = query.where('region', '=', scope.region);
      if ('partnerId' in scope) query = query.where(sql<boolean>`partners @> ${JSON.stringify([{ id: scope.partnerId }])}::jsonb`);
      const rows = await query.orderBy('updated_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        ref: r.ref,
        status: r.status,
        region: r.region,
        partners: r.partners,
        startDate: r.start_date,
        ...(r.next_deadline_at ? { nextDeadlineAt: r.next_deadline_at } : {}),
        ...(r.notified_at ? { notifiedAt: r.notified_at } : {}),
        updatedAt: r.updated_at,
      }));
    },
  };
}
