/**
 * B2 live population: many running arrangements, each with a pending timer, then the memory of the
 * worker and the server, the database's size, and the latency of a filtered, sorted list and of a
 * single read through the API, both served from the read model in PostgreSQL (issue 13; a single
 * read with `?consistent=true`, a Query, beside it), the projection lag, and the p95 of the web's
 * Regional Office home and arrangement page (`web-pages.ts`).
 *
 * The population is seeded with the raw client from two domain-built states (half in a joint
 * consultation that opened today, half in their first running year with reporting obligations),
 * resumed through the workflow's `carried` input: one start and one workflow task each, with no
 * emails. Creating each through the API and walking it there would cost about twenty Updates and
 * several emails per arrangement; B1 and B4 measure those paths.
 *
 * Seeding is paced by the worker (issue 17): the server accepts starts faster than the worker runs
 * their first workflow tasks, so unpaced seeding left thousands of first tasks queued and the
 * figures were read over a population that was not yet live. `growPopulation` starts a batch, then
 * waits until the read model holds all but a few hundred of those started, and `--scale`
 * (`scale.ts`) grows the same population in steps with it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../store/database';
import { newSeries, nowMs, peakRssOf, percentile, rssOf, sizeOfFiles, sleep, timedPool, type Series } from './measure';
import { projectionLag } from './projection-lag';
import { ceiling, errorRows, floor, info, mib, ms, p50p99, type Row } from './report';
import { activeTemplate, consultationTemplate, PROPOSER, Tokens, type StateTemplate } from './scenario';
import type { System } from './system';
import { HttpStatusError, type HttpApi } from './http-client';
import { webPageTimes } from './web-pages';

const GIB = 1024 ** 3;

/** Starts per batch; before the next batch, seeding waits for the worker (see `MAX_BACKLOG`). */
const BATCH = 500;

/**
 * Arrangements started but not yet in the read model that seeding lets queue up before it starts
 * more: the worker's backlog of first workflow tasks (and their projections) stays below
 * `MAX_BACKLOG + BATCH`, so no first task waits in the task queue for minutes.
 */
const MAX_BACKLOG = 300;

/**
 * The slowest pace (live arrangements per second) a growth waits for before giving up: growing by
 * n may take n / 20 seconds, at least `MIN_WAIT_MS`. The worker ran about 30 first tasks a second
 * on the slower machine of issue 17.
 */
const SLOWEST_LIVE_PER_SECOND = 20;
const MIN_WAIT_MS = 120_000;

/** A growth also gives up when the read model has not grown for this long (the worker is stuck). */
const STALL_MS = 120_000;

const PROGRESS_LOG_MS = 15_000;

/** One run's arrangements, grown by `growPopulation` (B2 once, `--scale` in steps). */
export interface Population {
  /** The run's tag in every reference, `B2-<run>-<i>`. */
  readonly run: string;
  readonly templates: readonly [consultation: StateTemplate, active: StateTemplate];
  /** References whose start succeeded, in any order. */
  readonly refs: string[];
  /** Those of `refs` seeded in consultation (they can be abandoned, for the projection lag). */
  readonly inConsultation: string[];
  /** References tried so far (the next one is `B2-<run>-<tried>`). */
  tried: number;
}

/** A fresh, empty population with its two templates built now. */
export function newPopulation(now = Date.now()): Population {
  return {
    run: randomUUID().slice(0, 6),
    templates: [consultationTemplate(now), activeTemplate(now)],
    refs: [],
    inConsultation: [],
    tried: 0,
  };
}

/** What one growth did. */
export interface Growth {
  /** The size asked for. */
  readonly size: number;
  /** Arrangements of the population in the read model when the growth ended. */
  readonly live: number;
  /** Live arrangements gained per second, from the growth's first start to its end. */
  readonly livePerSecond: number;
  /** Latency of each start call. */
  readonly starts: Series;
  readonly wallMs: number;
  /** Why the growth ended short of `size`, if it did. */
  readonly gaveUp?: string;
}

/** Arrangements of the population in the read model: started, first workflow task run, projected. */
export async function liveCount(db: Db, population: Population): Promise<number> {
  const row = await db
    .selectFrom('arrangement_summary')
    .select(sql<string>`count(*)`.as('n'))
    .where('ref', 'like', `B2-${population.run}-%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Grows `population` to `size` live arrangements, paced by the worker: batches of `BATCH` starts
 * (`concurrency` in flight), each after the read model holds all but `MAX_BACKLOG` of those started,
 * then a wait for all of them. Gives up (and says why in `gaveUp`) after (size − live) / 20 s, at
 * least 2 min, or when the read model has not grown for 2 min. Failed starts are counted in
 * `starts.errors` and not waited for.
 */
export async function growPopulation(
  sys: System,
  db: Db,
  population: Population,
  size: number,
  concurrency: number,
  log: (line: string) => void,
): Promise<Growth> {
  const starts = newSeries();
  const t0 = nowMs();
  const liveBefore = await liveCount(db, population);
  const deadline = t0 + Math.max(MIN_WAIT_MS, ((size - liveBefore) / SLOWEST_LIVE_PER_SECOND) * 1000);
  let live = liveBefore;
  let grewAt = t0;
  let loggedAt = t0;
  const livePerSecond = () => ((live - liveBefore) / Math.max(1, nowMs() - t0)) * 1000;
  const progress = () => `B2 growing to ${size}: ${population.refs.length} started, ${live} live (${livePerSecond().toFixed(1)} live/s)`;

  /** Waits until `atLeast` are live; returns why it gave up, if it did. */
  const waitForLive = async (atLeast: number): Promise<string | undefined> => {
    for (;;) {
      const now = await liveCount(db, population);
      if (now > live) grewAt = nowMs();
      live = now;
      if (live >= atLeast) return undefined;
      if (nowMs() > deadline)
        return `gave up after ${((nowMs() - t0) / 1000).toFixed(0)} s (slower than ${SLOWEST_LIVE_PER_SECOND} live/s)`;
      if (nowMs() - grewAt > STALL_MS) return `gave up: the read model did not grow for ${STALL_MS / 1000} s`;
      if (nowMs() - loggedAt > PROGRESS_LOG_MS) {
        loggedAt = nowMs();
        log(progress());
      }
      await sleep(1_000);
    }
  };

  let gaveUp: string | undefined;
  while (population.tried < size && gaveUp === undefined) {
    const first = population.tried;
    const batch = Array.from({ length: Math.min(BATCH, size - first) }, (_, i) => first + i);
    population.tried += batch.length;
    await timedPool(
      batch,
      concurrency,
      async (i) => {
        const ref = `B2-${population.run}-${i}`;
        const inConsultation = i % 2 === 0;
        await population.templates[inConsultation ? 0 : 1].start(sys.client, sys.taskQueue, ref);
        population.refs.push(ref);
        if (inConsultation) population.inConsultation.push(ref);
      },
      starts,
    );
    gaveUp = await waitForLive(population.tried < size ? population.refs.length - MAX_BACKLOG : population.refs.length);
  }
  const wallMs = nowMs() - t0;
  log(`${progress()}, ${(wallMs / 1000).toFixed(0)} s${gaveUp ? `; ${gaveUp}` : ''}`);
  return { size, live, livePerSecond: livePerSecond(), starts, wallMs, ...(gaveUp !== undefined ? { gaveUp } : {}) };
}

/** The rows of a growth: how many are live (all of `size`, or a failure), the pace, the start calls. */
export function growthRows(section: string, growth: Growth): Row[] {
  const reached = floor(
    section,
    'live arrangements (started, first task run, in the read model)',
    growth.live,
    growth.size,
    String,
    `all ${growth.size}`,
  );
  return [
    { ...reached, value: `${growth.live} of ${growth.size}${growth.gaveUp ? ` (${growth.gaveUp})` : ''}` },
    info(
      section,
      'seeding, paced by the worker: live per second (started and first task run)',
      `${growth.livePerSecond.toFixed(1)}/s over ${(growth.wallMs / 1000).toFixed(0)} s`,
    ),
    info(section, 'seeding: start calls (raw client, carried state)', p50p99(growth.starts)),
    ...errorRows(section, 'seeding', growth.starts),
  ];
}

/** The filters B2 lists with: three filters, three sorts, each matching part of the population. */
function listFilters(now = Date.now()): string[] {
  const soon = new Date(now + 120 * 86_400_000).toISOString().slice(0, 10);
  return [
    `status=active&deadlineBefore=${soon}`,
    'status=consultationOpen&type=pooledFund&sort=ref',
    `partner=trust-city&status=active&sort=notifiedAt`,
  ];
}

/**
 * `samples` sequential filtered lists and `samples` sequential single reads of random `refs`, both
 * from the read model (sequential, so each figure is one request's latency rather than a queue's).
 */
export async function readModelReads(
  http: HttpApi,
  token: string,
  refs: readonly string[],
  samples: number,
): Promise<{ list: Series; read: Series }> {
  const filters = listFilters();
  const list = newSeries();
  const read = newSeries();
  await timedPool(
    Array.from({ length: samples }, (_, i) => filters[i % filters.length] ?? ''),
    1,
    async (filter) => {
      const res = await http.request('GET', `/arrangements?${filter}`, { token });
      if (res.status !== 200) throw new HttpStatusError(res.status, res.body, 'list');
      if (((res.body as { items?: unknown[] }).items ?? []).length === 0) throw new Error(`list ${filter} returned nothing`);
    },
    list,
  );
  await timedPool(
    Array.from({ length: samples }, () => refs[Math.floor(Math.random() * refs.length)] ?? ''),
    1,
    (ref) => http.expect([200], 'GET', `/arrangements/${ref}`, { token }),
    read,
  );
  return { list, read };
}

/** Runs B2 with `size` live arrangements and `samples` requests per read series. */
export async function livePopulation(
  sys: System,
  size: number,
  concurrency: number,
  samples: number,
  log: (line: string) => void,
): Promise<Row[]> {
  const db = openDatabase(sys.databaseUrl, { max: 2 });
  const untrack = sys.track(() => db.destroy());
  const population = newPopulation();
  const growth = await growPopulation(sys, db, population, size, concurrency, log);
  const refs = population.refs;

  const rss = { worker: rssOf(sys.worker.pid), server: rssOf(sys.server.pid), api: rssOf(sys.api.pid) };
  const dbBytes = sizeOfFiles([sys.dbFile, `${sys.dbFile}-wal`, `${sys.dbFile}-shm`]);

  const tokens = new Tokens(sys.jwtSecret);
  const token = await tokens.for(PROPOSER);
  const { list, read } = await readModelReads(sys.http, token, refs, samples);
  const consistent = newSeries();
  await timedPool(
    Array.from({ length: Math.ceil(samples / 4) }, () => refs[Math.floor(Math.random() * refs.length)] ?? ''),
    1,
    (ref) => sys.http.expect([200], 'GET', `/arrangements/${ref}?consistent=true`, { token }),
    consistent,
  );
  // The web pages on the same population (issue 14); a failure to sign in is a row, not the end of B2.
  const web = await webPageTimes(sys.http, refs, samples).catch((err: unknown) => [
    info('B2', 'web pages', `not measured: ${err instanceof Error ? err.message : String(err)}`),
  ]);
  // Each sample abandons one arrangement still in consultation.
  const lag = await projectionLag(sys.http, token, db, population.inConsultation.slice(0, Math.min(100, samples)));
  untrack();
  await db.destroy();
  const after = { worker: rssOf(sys.worker.pid), server: rssOf(sys.server.pid) };
  const peakWorker = peakRssOf(sys.worker.pid);
  const worstWorker = Math.max(rss.worker, after.worker, Number.isNaN(peakWorker) ? 0 : peakWorker);

  return [
    ...growthRows('B2', growth),
    ceiling('B2', 'worker RSS (peak over the section)', worstWorker, GIB, mib, '≤ 1024 MiB'),
    info('B2', 'worker RSS after seeding / after reads', `${mib(rss.worker)} / ${mib(after.worker)}`),
    info('B2', 'server RSS after seeding / after reads', `${mib(rss.server)} / ${mib(after.server)}`),
    info('B2', 'API RSS', mib(rss.api)),
    info('B2', 'database size (file + WAL), whole run so far', mib(dbBytes)),
    info('B2', `filtered list (read model), ${list.samples.length} sequential requests`, p50p99(list)),
    ceiling('B2', 'filtered list p99 (read model)', percentile(list.samples, 99), 50, ms, '≤ 50 ms'),
    info('B2', `single read (read model), ${read.samples.length} sequential requests`, p50p99(read)),
    ceiling('B2', 'single read p99 (read model)', percentile(read.samples, 99), 20, ms, '≤ 20 ms'),
    info('B2', `single read ?consistent=true (a Query), ${consistent.samples.length} sequential requests`, p50p99(consistent)),
    info('B2', `projection lag, ${lag.samples.length} changes (abandon) to visible in the read model`, p50p99(lag)),
    ceiling('B2', 'projection lag p99', percentile(lag.samples, 99), 1000, ms, '≤ 1 s'),
    ...web,
    ...errorRows('B2', 'list', list),
    ...errorRows('B2', 'read', read),
    ...errorRows('B2', 'consistent read', consistent),
    ...errorRows('B2', 'projection lag', lag),
  ];
}
