/**
 * The day the Regional Office's response clock stopped for an obligation while it waits for information
 * it asked for (issue 12 §2), so its home can list what awaits the partners' answer.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('arrangement_obligation').addColumn('clock_stopped_on', 'date').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('arrangement_obligation').dropColumn('clock_stopped_on').execute();
}
