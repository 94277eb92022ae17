/**
 * The read model's detail tables, written with each arrangement's summary (same transaction, same
 * revision): every obligation, each notification to the Regional Office and its answer, and every
 * version of the terms.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('arrangement_obligation')
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('obligation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('responsible_role', 'text', (c) => c.notNull())
    .addColumn('owner_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('reminders_sent', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_obligation_pk', ['ref', 'obligation_id'])
    .execute();
  await db.schema.createIndex('arrangement_obligation_open_due').on('arrangement_obligation').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('arrangement_obligation_owners').on('arrangement_obligation').using('gin').column('owner_ids').execute();

  await db.schema
    .createTable('arrangement_decision')
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('notified_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('arrangement_decision_pk', ['ref', 'round'])
    .execute();
  await db.schema.createIndex('arrangement_decision_decided_at').on('arrangement_decision').column('decided_at').execute();

  await db.schema
    .createTable('arrangement_terms_version')
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('effective_date', 'date', (c) => c.notNull())
    .addColumn('terms', 'jsonb', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('classification', 'jsonb')
    .addColumn('variation_id', 'text')
    .addColumn('decisions', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_terms_version_pk', ['ref', 'n'])
    .execute();

  // Lists sort on these; the summary's partners are searched by id.
  await db.schema.createIndex('arrangement_summary_notified_at').on('arrangement_summary').column('notified_at').execute();
  await db.schema
    .createIndex('arrangement_summary_partners')
    .on('arrangement_summary')
    .using('gin')
    .expression(sql`partners jsonb_path_ops`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('arrangement_summary_partners').execute();
  await db.schema.dropIndex('arrangement_summary_notified_at').execute();
  await db.schema.dropTable('arrangement_terms_version').execute();
  await db.schema.dropTable('arrangement_decision').execute();
  await db.schema.dropTable('arrangement_obligation').execute();
}
