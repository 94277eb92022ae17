/**
 * The read model's first table: one summary row per arrangement, written by its workflow after
 * each change of state and ordered by the workflow's revision number.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('arrangement_summary')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('types', sql`text[]`, (c) => c.notNull())
    .addColumn('partners', 'jsonb', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('review_date', 'date')
    .addColumn('next_deadline_at', 'timestamptz')
    .addColumn('notified_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('arrangement_summary_next_deadline').on('arrangement_summary').column('next_deadline_at').execute();
  await db.schema.createIndex('arrangement_summary_region_status').on('arrangement_summary').columns(['region', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('arrangement_summary').execute();
}
