/**
 * The web application's sessions (who is signed in, the CSRF token, a create journey's answers), kept
 * by `connect-pg-simple` in the shape its own `table.sql` gives, so any web process behind the same
 * address reads any session.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('web_session')
    .addColumn('sid', 'varchar', (c) => c.primaryKey())
    .addColumn('sess', 'json', (c) => c.notNull())
    .addColumn('expire', sql`timestamp(6)`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_session_expire').on('web_session').column('expire').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('web_session').execute();
}
