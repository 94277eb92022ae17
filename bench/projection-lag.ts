/**
 * Projection lag (issue 13): the time from a change of state (the API's answer to an action: the
 * Update's handler has changed the state, and the workflow task that schedules the read-model write
 * has completed) until the read model in PostgreSQL shows it. Each sample abandons one arrangement
 * still in consultation through `POST /arrangements/{ref}/abandon`, then polls its summary row every
 * 2 ms until it reads `abandoned`.
 */
import type { Db } from '../store/database';
import { summaryOf } from '../store/read-model';
import type { HttpApi } from './http-client';
import { newSeries, nowMs, sleep, type Series } from './measure';

/** Polls longer than this count as an error, not a sample. */
const GIVE_UP_MS = 30_000;

/** Measures the lag on each of `refs` (arrangements in consultation), one after another. */
export async function projectionLag(http: HttpApi, token: string, db: Db, refs: readonly string[]): Promise<Series> {
  const series = newSeries();
  const started = nowMs();
  for (const ref of refs) {
    try {
      await http.expect([200], 'POST', `/arrangements/${ref}/abandon`, { token, body: { reason: 'Projection lag benchmark' } });
      const changed = nowMs();
      for (;;) {
        if ((await summaryOf(db, ref))?.status === 'abandoned') break;
        if (nowMs() - changed > GIVE_UP_MS) throw new Error(`${ref} not abandoned in the read model after ${GIVE_UP_MS} ms`);
        await sleep(2);
      }
      series.samples.push(nowMs() - changed);
    } catch (err) {
      series.errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  series.wallMs = nowMs() - started;
  return series;
}
