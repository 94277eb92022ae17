/**
 * B4 command round trip: every set-up action of an arrangement (draft to ready, about twenty
 * Updates, the same script the domain fixtures use) sent through the API or as the raw client's
 * Update. Arrangements rotate between the sides inside each lane, so all see the same load;
 * at concurrency 10 there are ten lanes.
 */
import { randomUUID } from 'node:crypto';
import { arrangementWorkflowId } from '../workflows/contract';
import { newSeries, nowMs, percentile, pool, type Series } from './measure';
import { ceiling, errorRows, info, p50p99, type Row } from './report';
import { actThroughApi, actThroughClient, benchTerms, createThroughClient, setUpScript, Tokens } from './scenario';
import type { System } from './system';

type Side = 'api' | 'raw' | 'rawDescribe';
const SIDES: readonly Side[] = ['api', 'raw', 'rawDescribe'];

async function atConcurrency(sys: System, tokens: Tokens, perSide: number, concurrency: number): Promise<Record<Side, Series>> {
  const terms = benchTerms();
  const script = setUpScript(terms);
  const run = randomUUID().slice(0, 6);
  const series: Record<Side, Series> = { api: newSeries(), raw: newSeries(), rawDescribe: newSeries() };
  // A third side, the raw Update preceded by the describe the API makes to check who may see the
  // arrangement, attributes the gap between the two sides.
  const arrangements = Array.from({ length: perSide * SIDES.length }, (_, i) => ({
    ref: `B4-${run}-c${concurrency}-${i}`,
    side: SIDES[i % SIDES.length] ?? 'api',
  }));
  // Created untimed beforehand: B4 measures actions, B1 measures creation.
  await pool(arrangements, concurrency, ({ ref }) => createThroughClient(sys.client, sys.taskQueue, ref, terms));
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

/** Runs B4 at concurrency 1 and 10 with `perSide` arrangements per side at each. */
export async function commandRoundTrip(sys: System, perSide: number, log: (line: string) => void): Promise<Row[]> {
  const tokens = new Tokens(sys.jwtSecret);
  const rows: Row[] = [];
  for (const concurrency of [1, 10]) {
    const { api, raw, rawDescribe } = await atConcurrency(sys, tokens, perSide, concurrency);
    log(`B4 concurrency ${concurrency}: ${api.samples.length} API and ${raw.samples.length} raw actions`);
    const p50ratio = percentile(api.samples, 50) / percentile(raw.samples, 50);
    const p99ratio = percentile(api.samples, 99) / percentile(raw.samples, 99);
    rows.push(
      info('B4', `API action, concurrency ${concurrency} (${api.samples.length})`, p50p99(api)),
      info('B4', `raw Update, concurrency ${concurrency} (${raw.samples.length})`, p50p99(raw)),
      info('B4', `raw describe + Update (the API's calls), concurrency ${concurrency}`, p50p99(rawDescribe)),
      info('B4', `p50 API / raw, concurrency ${concurrency}`, `${p50ratio.toFixed(2)}×`),
      ceiling('B4', `p99 API / raw, concurrency ${concurrency}`, p99ratio, 1.2, (v) => `${v.toFixed(2)}×`, '≤ 1.2×'),
      ...errorRows('B4', `API c${concurrency}`, api),
      ...errorRows('B4', `raw c${concurrency}`, raw),
      ...errorRows('B4', `raw + describe c${concurrency}`, rawDescribe),
    );
  }
  return rows;
}
