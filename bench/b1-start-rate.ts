/**
 * B1 start rate: arrangements created through POST /arrangements versus the same workflow starts
 * from the raw client, at the same concurrency against the same server. The sides alternate in
 * three rounds (the raw client first in the first and last, the API first in the second), so a drift
 * in load (the worker catching up, the database growing) falls on both; the target is judged on the
 * median of the three rounds' ratios.
 */
import { randomUUID } from 'node:crypto';
import { arrangementWorkflowId } from '../workflows/contract';
import os from 'node:os';
import {
  cpuSpent,
  mergeSeries,
  newSeries,
  nowMs,
  percentile,
  ratePerSecond,
  systemCpuNow,
  timedPool,
  type Series,
  type SystemCpu,
} from './measure';
import { errorRows, floor, info, p50p99, type Row } from './report';
import { benchTerms, createThroughApi, createThroughClient, Tokens } from './scenario';
import type { System } from './system';

/** Rounds per side; the target's ratio is their median. */
export const B1_ROUNDS = 3;

/** Runs B1 with `count` starts per side. */
export async function startRate(sys: System, count: number, concurrency: number, log: (line: string) => void): Promise<Row[]> {
  const terms = benchTerms();
  const tokens = new Tokens(sys.jwtSecret);
  const apiRounds: Series[] = [];
  const rawRounds: Series[] = [];
  // The raw start followed by a describe: what the API's POST cost when it described every new
  // arrangement (before 22 Nov it did; now only when the reference is taken), for comparison.
  const rawDescribe = newSeries();
  const rounds = Math.min(B1_ROUNDS, count);
  // Where each side's CPU went, summed over its rounds, with the wall time it ran: the rate a side
  // reaches is at most the cores it has over its CPU per start, so the two sides' CPU per start show
  // the ceiling of the ratio whatever the API's latency (issue 17: why B1 stays below 0.95x here).
  const pids = { api: sys.api.pid, worker: sys.worker.pid, server: sys.server.pid };
  const cpuOfSide = { api: { cpu: noCpu(), ms: 0 }, raw: { cpu: noCpu(), ms: 0 } };
  const measured = async (side: keyof typeof cpuOfSide, run: () => Promise<unknown>) => {
    const [cpuBefore, started] = [systemCpuNow(pids), nowMs()];
    await run();
    const spent = cpuSpent(cpuBefore, systemCpuNow(pids));
    cpuOfSide[side] = { cpu: addCpu(cpuOfSide[side].cpu, spent), ms: cpuOfSide[side].ms + nowMs() - started };
  };
  const run = randomUUID().slice(0, 6);
  // A few of each first, untimed, so connections, JIT and token caches are warm on both sides.
  await createThroughApi(sys.http, tokens, `B1W-${run}-api`, terms);
  await createThroughClient(sys.client, sys.taskQueue, `B1W-${run}-raw`, terms);
  for (let round = 0; round < rounds; round += 1) {
    const size = Math.floor(count / rounds) + (round < count % rounds ? 1 : 0);
    const refs = (side: string) => Array.from({ length: size }, (_, i) => `B1-${run}-${side}-${round}-${i}`);
    const api = newSeries();
    const raw = newSeries();
    const apiRound = () =>
      measured('api', () => timedPool(refs('api'), concurrency, (ref) => createThroughApi(sys.http, tokens, ref, terms), api));
    const rawRound = () =>
      measured('raw', () => timedPool(refs('raw'), concurrency, (ref) => createThroughClient(sys.client, sys.taskQueue, ref, terms), raw));
    const describeRound = () =>
      timedPool(
        refs('rawd'),
        concurrency,
        async (ref) => {
          await createThroughClient(sys.client, sys.taskQueue, ref, terms);
          await sys.client.workflow.getHandle(arrangementWorkflowId(ref)).describe();
        },
        rawDescribe,
      );
    const order = round % 2 === 0 ? [rawRound, apiRound, describeRound] : [describeRound, apiRound, rawRound];
    for (const side of order) await side();
    apiRounds.push(api);
    rawRounds.push(raw);
    log(`B1 round ${round + 1}/${rounds}: api ${ratePerSecond(api).toFixed(1)}/s, raw ${ratePerSecond(raw).toFixed(1)}/s`);
  }
  const api = mergeSeries(apiRounds);
  const raw = mergeSeries(rawRounds);
  const ratios = apiRounds.map((a, i) => ratePerSecond(a) / ratePerSecond(rawRounds[i] ?? newSeries()));
  const perStart = (side: keyof typeof cpuOfSide, starts: number) => {
    const { cpu, ms } = cpuOfSide[side];
    const each = (v: number) => (v * 1000) / starts;
    const total = cpu.api + cpu.postgres + cpu.server + cpu.worker + cpu.bench;
    return {
      total: each(total),
      text: `${[cpu.api, cpu.postgres, cpu.server, cpu.worker, cpu.bench].map((v) => each(v).toFixed(2)).join(' / ')} ms (all ${each(total).toFixed(2)} ms)`,
      busy: `${(total / (ms / 1000)).toFixed(2)}`,
    };
  };
  const [apiCpu, rawCpu] = [perStart('api', api.samples.length), perStart('raw', raw.samples.length)];
  return [
    info('B1', `API starts/s (${count}, concurrency ${concurrency})`, `${ratePerSecond(api).toFixed(1)}/s, ${p50p99(api)}`),
    info('B1', `raw client starts/s (${count}, concurrency ${concurrency})`, `${ratePerSecond(raw).toFixed(1)}/s, ${p50p99(raw)}`),
    info(
      'B1',
      `raw start + describe/s (what the API's POST did before it described only taken references)`,
      `${ratePerSecond(rawDescribe).toFixed(1)}/s, ${p50p99(rawDescribe)}`,
    ),
    info('B1', 'p99 API / raw', `${(percentile(api.samples, 99) / percentile(raw.samples, 99)).toFixed(2)}×`),
    info('B1', 'CPU per start, API side: API / PostgreSQL / dev server / worker / benchmark', apiCpu.text),
    info('B1', 'CPU per start, raw side: API / PostgreSQL / dev server / worker / benchmark', rawCpu.text),
    info('B1', `cores busy while the API side / the raw side ran (of ${os.availableParallelism()})`, `${apiCpu.busy} / ${rawCpu.busy}`),
    info(
      'B1',
      'CPU per start, raw side / API side: the rate ratio when the cores are full',
      `${(rawCpu.total / apiCpu.total).toFixed(2)}×`,
    ),
    info('B1', `start rate API / raw, each round`, ratios.map((r) => `${r.toFixed(2)}×`).join(', ')),
    floor('B1', `start rate API / raw (median of ${rounds} rounds)`, percentile(ratios, 50), 0.95, (v) => `${v.toFixed(2)}×`, '≥ 0.95×'),
    ...errorRows('B1', 'API', api),
    ...errorRows('B1', 'raw', raw),
    ...errorRows('B1', 'raw + describe', rawDescribe),
  ];
}

/** No CPU spent yet. */
function noCpu(): SystemCpu {
  return { api: 0, worker: 0, server: 0, postgres: 0, bench: 0 };
}

/** Two spans' CPU added up, part by part. */
function addCpu(a: SystemCpu, b: SystemCpu): SystemCpu {
  return {
    api: a.api + b.api,
    worker: a.worker + b.worker,
    server: a.server + b.server,
    postgres: a.postgres + b.postgres,
    bench: a.bench + b.bench,
  };
}
