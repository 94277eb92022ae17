/**
 * The register: every arrangement reference ever created, its workflow, and for a closed one its
 * closure record. Never pruned: a reference in it is never reused, whatever Temporal's retention.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('arrangement_register')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    // Of the create request's body; null for an arrangement first registered at its closure.
    .addColumn('fingerprint', 'text')
    .addColumn('created_by', 'text')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('liability_note', 'jsonb')
    .addColumn('final_state', 'jsonb')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('arrangement_register').execute();
}
