/**
 * B4 command round trip: every set-up action of an arrangement (draft to ready, about twenty
 * Updates, the same script the domain fixtures use) sent through the API or as the raw client's
 * Update. Arrangements rotate between the sides inside each lane, so all see the same load;
 * at concurrency 10 there are ten lanes. Each level runs in three rounds, each starting the rotation
 * at another side, and the target is judged on the median of the rounds' p99 ratios.
 */
import { randomUUID } from 'node:crypto';
import { arrangementWorkflowId, stateQuery } from '../workflows/contract';
import { mergeSeries, newSeries, nowMs, percentile, pool, sleep, type Series } from './measure';
import { ceiling, errorRows, info, p50p99, type Row } from './report';
import { actThroughApi, actThroughClient, benchTerms, createThroughClient, setUpScript, Tokens } from './scenario';
import type { System } from './system';

type Side = 'api' | 'raw' | 'rawDescribe';
const SIDES: readonly Side[] = ['api', 'raw', 'rawDescribe'];

/** Resolves once the arrangement's workflow answers a Query (so it has run its first task), asking again while the server times the Query out; gives up after two minutes. */
async function firstTaskRun(sys: System, ref: string): Promise<void> {
  const deadline = nowMs() + 120_000;
  for (;;) {
    try {
      await sys.client.workflow.getHandle(arrangementWorkflowId(ref)).query(stateQuery);
      return;
    } catch (err) {
      if (nowMs() > deadline) throw err;
      await sleep(500);
    }
  }
}

/** Rounds per concurrency level; the target's ratio is their median. */
export const B4_ROUNDS = 3;

async function oneRound(sys: System, tokens: Tokens, perSide: number, concurrency: number, round: number): Promise<Record<Side, Series>> {
  const terms = benchTerms();
  const script = setUpScript(terms);
  const run = randomUUID().slice(0, 6);
  const series: Record<Side, Series> = { api: newSeries(), raw: newSeries(), rawDescribe: newSeries() };
  // A third side, the raw Update preceded by the describe the API made before issue 17 to check who
  // may see the arrangement (it now reads the read model's row), attributes the gap between the two sides.
  const arrangements = Array.from({ length: perSide * SIDES.length }, (_, i) => ({
    ref: `B4-${run}-c${concurrency}-r${round}-${i}`,
    side: SIDES[(i + round) % SIDES.length] ?? 'api',
  }));
  // Created untimed beforehand: B4 measures actions, B1 measures creation.
  await pool(arrangements, concurrency, ({ ref }) => createThroughClient(sys.client, sys.taskQueue, ref, terms));
  // And each has run its first workflow task (a Query waits for it): after B1's starts the worker may
  // still be behind, and the first timed action would wait for the backlog, or the API's would time out.
  await pool(arrangements, concurrency, ({ ref }) => firstTaskRun(sys, ref));
  const started = nowMs();
  await pool(arrangements, concurrency, async ({ ref, side }) => {
    const handle = sys.client.workflow.getHandle(arrangementWorkflowId(ref));
    for (const [index, step] of script.entries()) {
      const key = `${ref}-${index}`;
      const t0 = nowMs();
      try {
        if (side === 'api') await actThroughApi(sys.http, tokens, ref, step, key);
        else {
          if (side === 'rawDescribe') await handle.describe();
          await actThroughClient(handle, step, key);
        }
        series[side].samples.push(nowMs() - t0);
      } catch (err) {
        series[side].errors.push(err instanceof Error ? err.message : String(err));
        return;
      }
    }
  });
  for (const side of SIDES) series[side].wallMs = nowMs() - started;
  return series;
}

/** One level's rounds, each round's series by side. */
async function atConcurrency(sys: System, tokens: Tokens, perSide: number, concurrency: number): Promise<Record<Side, Series>[]> {
  const rounds = Math.min(B4_ROUNDS, perSide);
  const results: Record<Side, Series>[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const size = Math.floor(perSide / rounds) + (round < perSide % rounds ? 1 : 0);
    results.push(await oneRound(sys, tokens, size, concurrency, round));
  }
  return results;
}

const p99Ratio = (r: Record<Side, Series>): number => percentile(r.api.samples, 99) / percentile(r.raw.samples, 99);
const times = (v: number): string => `${v.toFixed(2)}×`;

/** Runs B4 at concurrency 1 and 10 with `perSide` arrangements per side at each, in three rounds. */
export async function commandRoundTrip(sys: System, perSide: number, log: (line: string) => void): Promise<Row[]> {
  const tokens = new Tokens(sys.jwtSecret);
  const rows: Row[] = [];
  for (const concurrency of [1, 10]) {
    const rounds = await atConcurrency(sys, tokens, perSide, concurrency);
    const [api, raw, rawDescribe] = SIDES.map((side) => mergeSeries(rounds.map((r) => r[side]))) as [Series, Series, Series];
    const ratios = rounds.map(p99Ratio);
    log(
      `B4 concurrency ${concurrency}: ${api.samples.length} API and ${raw.samples.length} raw actions; p99 ratios ${ratios.map(times).join(', ')}`,
    );
    const p50ratio = percentile(api.samples, 50) / percentile(raw.samples, 50);
    rows.push(
      info('B4', `API action, concurrency ${concurrency} (${api.samples.length})`, p50p99(api)),
      info('B4', `raw Update, concurrency ${concurrency} (${raw.samples.length})`, p50p99(raw)),
      info('B4', `raw describe + Update (the API's calls before issue 17), concurrency ${concurrency}`, p50p99(rawDescribe)),
      info('B4', `p50 API / raw, concurrency ${concurrency}`, times(p50ratio)),
      info('B4', `p99 API / raw, concurrency ${concurrency}, each round`, ratios.map(times).join(', ')),
      ceiling(
        'B4',
        `p99 API / raw, concurrency ${concurrency} (median of ${rounds.length} rounds)`,
        percentile(ratios, 50),
        1.2,
        times,
        '≤ 1.2×',
      ),
      ...errorRows('B4', `API c${concurrency}`, api),
      ...errorRows('B4', `raw c${concurrency}`, raw),
      ...errorRows('B4', `raw + describe c${concurrency}`, rawDescribe),
    );
  }
  return rows;
}
