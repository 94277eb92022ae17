/**
 * Counting PostgreSQL round trips (issue 17): each query a pg client runs is one, BEGIN and COMMIT
 * included, and each wakes a backend and costs a context switch on both sides.
 */
import pg from 'pg';

/** Runs `fn` and returns how many queries every pg client in this process was asked to run meanwhile (opening a connection runs none). */
export async function roundTrips(fn: () => Promise<unknown>): Promise<number> {
  const query = pg.Client.prototype.query;
  let n = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    n += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return n;
}
