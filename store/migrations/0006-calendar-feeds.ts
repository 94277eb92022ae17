/**
 * Calendar feeds (issue 15 §3): one row per secret calendar URL, holding only the SHA-256 of its token
 * (a stolen copy of the table opens no feed), whose deadlines it lists, and when it was revoked. And
 * each obligation's lead time, so a feed's "start preparing" alarm is the one its emails carry.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_feed')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // 'person' (owner: the actor as their token named them) or 'organisation' (owner: a partner id).
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('person', 'organisation')`))
    .addColumn('person_id', 'text')
    .addColumn('actor', 'jsonb')
    .addColumn('organisation_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint(
      'calendar_feed_owner',
      sql`(owner_kind = 'person' and person_id is not null and actor is not null) or (owner_kind = 'organisation' and organisation_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('calendar_feed_person').on('calendar_feed').column('person_id').execute();
  await db.schema.createIndex('calendar_feed_organisation').on('calendar_feed').column('organisation_id').execute();
  await db.schema.alterTable('arrangement_obligation').addColumn('lead_days', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('arrangement_obligation').dropColumn('lead_days').execute();
  await db.schema.dropTable('calendar_feed').execute();
}
