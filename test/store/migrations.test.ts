import { sql } from 'kysely';
import { migrateToLatest } from '../../store/database';
import { testDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe('the PostgreSQL store', () => {
  test('when the tests start, then a real PostgreSQL 14+ answers with the schema migrated', async () => {
    const { rows } = await sql<{ version: number }>`select current_setting('server_version_num')::int as version`.execute(t.db);
    expect(rows[0]!.version).toBeGreaterThanOrEqual(140000);
    const tables = await t.db.introspection.getTables();
    expect(tables.map((x) => x.name)).toContain('sent_log');
  });

  test('when migrations run again, three at once, then nothing changes and nothing fails', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(t.db);
    await Promise.all([migrateToLatest(t.db), migrateToLatest(t.db), migrateToLatest(t.db)]);
    const after = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
