/**
 * Digests instead of floods (issue 15 §2): each person's choice of immediate messages or a digest,
 * and one row per notification per person saying how it reaches them (sent at once, or held for
 * the daily or weekly digest) and, once a digest has taken it, which one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_preference')
    // The address as people write it, lowered and trimmed: the digest must be sent to it anyway.
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('immediate', 'daily', 'weekly')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('digest_item')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('notification_key', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('immediate', 'daily', 'weekly')`))
    .addColumn('arrangement_ref', 'text', (c) => c.notNull())
    .addColumn('message_kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date')
    .addColumn('obligation_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The sent-log key of the digest that took this item; null while it waits (or for an immediate one).
    .addColumn('digest_key', 'text')
    .addUniqueConstraint('digest_item_once', ['email', 'notification_key'])
    .execute();
  await db.schema.createIndex('digest_item_waiting').on('digest_item').columns(['email', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('digest_item').execute();
  await db.schema.dropTable('message_preference').execute();
}
