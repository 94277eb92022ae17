/**
 * A PostgreSQL database of a test's own on the run's server: a copy of the migrated template that
 * global set-up prepared, so tests never see each other's rows.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../store/database';
import { testEnv } from './test-env';

/** A test's database: its URL, a Kysely handle, and `drop()` to close and remove it. */
export interface TestDatabase {
  readonly url: string;
  readonly db: Db;
  drop(): Promise<void>;
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(testEnv('databaseUrl'));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, migrated database (about 50 ms). */
export async function testDatabase(): Promise<TestDatabase> {
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const template = new URL(testEnv('databaseUrl')).pathname.slice(1);
  await onServer((c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(testEnv('databaseUrl'));
  url.pathname = `/${name}`;
  const db = openDatabase(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
