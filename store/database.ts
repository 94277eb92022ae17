/**
 * The connection to hapa's PostgreSQL (any 14+), through a pg pool under Kysely, and the schema
 * migrations that run at start-up.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

/** A typed handle on the store; `destroy()` closes its pool. */
export type Db = Kysely<Database>;

/** Options of the pool: at most `max` connections (default 10). */
export interface OpenOptions {
  readonly max?: number;
}

/** PostgreSQL's type id of `date` (pg_type.oid 1082). */
const DATE_OID = 1082;

/** A calendar date stays the 'YYYY-MM-DD' the domain uses, not a Date at local midnight. */
const DATES_AS_TEXT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === DATE_OID
      ? (value: string) => value
      : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a pool on `url` (`postgres://user:pass@host:port/db`); connects lazily, on the first query. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: DATES_AS_TEXT });
  // An idle connection the server drops (a restart, a failover) must not crash the process; the
  // next query opens a new one.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Brings the schema up to date. Safe to run from several processes at once (the migrator takes a
 * lock) and on every start (applied migrations are skipped). Throws with the failing migration's name.
 */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}

/**
 * Opens the store at `url` and migrates it: what the worker, the API and `npm start` do at
 * start-up. Throws an Error naming PostgreSQL and the server (never the password) if either fails.
 */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Db> {
  const db = openDatabase(url, options);
  try {
    await migrateToLatest(db);
    return db;
  } catch (err) {
    await db.destroy();
    const { host, pathname } = new URL(url);
    throw new Error(`PostgreSQL at ${host}${pathname} could not be reached or migrated`, { cause: err });
  }
}
