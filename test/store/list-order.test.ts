/**
 * The lists read a page in the order they sort by from an index, without sorting every matching row:
 * with 30,000 live arrangements a filtered list sorted by notified-at had grown to 22.7 ms p50 from
 * 2.9 ms at 1,000 (`npm run bench -- --scale`, issue 17 §4). Sorting is made prohibitively dear here,
 * so a plan still sorts only where no index gives the order.
 */
import { sql } from 'kysely';
import { testDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** The ORDER BY of each list sort (store/read-model-queries.ts `listSummaries`: the sort's column, then ref). */
const ORDERS = {
  nextDeadline: sql`next_deadline_at asc nulls last, ref`,
  notifiedAt: sql`notified_at desc nulls last, ref`,
  startDate: sql`start_date, ref`,
  ref: sql`ref`,
};

const nodeTypes = (plan: { 'Node Type': string; Plans?: unknown[] }): string[] => [
  plan['Node Type'],
  ...(plan.Plans ?? []).flatMap((p) => nodeTypes(p as { 'Node Type': string; Plans?: unknown[] })),
];

test.each(Object.entries(ORDERS))(
  'when a list is sorted by %s, then its first page is read in index order, not sorted',
  async (_name, order) => {
    const plan = await t.db.connection().execute(async (db) => {
      await sql`set enable_sort = off`.execute(db);
      await sql`set enable_incremental_sort = off`.execute(db);
      const { rows } = await sql<{
        'QUERY PLAN': [{ Plan: { 'Node Type': string } }];
      }>`explain (format json) select * from arrangement_summary where status = 'active' order by ${order} limit 21`.execute(db);
      return rows[0]?.['QUERY PLAN'][0].Plan;
    });
    expect(plan && nodeTypes(plan)).not.toEqual(expect.arrayContaining([expect.stringMatching(/Sort/)]));
  },
);
