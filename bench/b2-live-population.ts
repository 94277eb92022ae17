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
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../store/database';
import { newSeries, nowMs, peakRssOf, percentile, ratePerSecond, rssOf, sizeOfFiles, sleep, timedPool } from './measure';
import { projectionLag } from './projection-lag';
import { ceiling, errorRows, info, mib, ms, p50p99, type Row } from './report';
import { activeTemplate, consultationTemplate, PROPOSER, Tokens } from './scenario';
import type { System } from './system';
import { HttpStatusError } from './http-client';
import { webPageTimes } from './web-pages';

const GIB = 1024 ** 3;

/** Runs B2 with `size` live arrangements and `samples` requests per read series. */
export async function livePopulation(
  sys: System,
  size: number,
  concurrency: number,
  samples: number,
  log: (line: string) => void,
): Promise<Row[]> {
  const templates = [consultationTemplate(), activeTemplate()];
  const run = randomUUID().slice(0, 6);
  const refs = Array.from({ length: size }, (_, i) => `B2-${run}-${i}`);
  const seeding = newSeries();
  let lastLog = Date.now();
  const t0 = nowMs();
  await timedPool(
    refs,
    concurrency,
    async (ref, i) => {
      await (templates[i % 2] ?? templates[0]!).start(sys.client, sys.taskQueue, ref);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`B2 seeding: ${seeding.samples.length}/${size} (${ratePerSecond({ ...seeding, wallMs: nowMs() - t0 }).toFixed(0)}/s)`);
      }
    },
    seeding,
  );
  log(`B2 seeded ${seeding.samples.length} in ${(seeding.wallMs / 1000).toFixed(0)} s; waiting for every first workflow task`);

  // Each workflow upserts ArrangementStatus on its first task; once all carry it, all have set their timers.
  const listed = `WorkflowId STARTS_WITH 'arrangement:B2-${run}-' AND ExecutionStatus = 'Running' AND ArrangementStatus IS NOT NULL`;
  const settleStarted = nowMs();
  let running = 0;
  for (;;) {
    running = (await sys.client.workflow.count(listed)).count;
    if (running >= seeding.samples.length || nowMs() - settleStarted > 5 * 60_000) break;
    await sleep(1_000);
  }
  const settledMs = nowMs() - settleStarted;
  log(`B2 ${running} running with their status listed, ${(settledMs / 1000).toFixed(0)} s after seeding ended`);

  // The reads below come from the read model: wait until it holds every arrangement.
  const db = openDatabase(sys.databaseUrl, { max: 2 });
  const untrack = sys.track(() => db.destroy());
  const projectedStarted = nowMs();
  let projected = 0;
  for (;;) {
    const row = await db
      .selectFrom('arrangement_summary')
      .select(sql<string>`count(*)`.as('n'))
      .where('ref', 'like', `B2-${run}-%`)
      .executeTakeFirstOrThrow();
    projected = Number(row.n);
    if (projected >= running || nowMs() - projectedStarted > 5 * 60_000) break;
    await sleep(1_000);
  }
  const projectedMs = nowMs() - projectedStarted;
  log(`B2 ${projected} in the read model, ${(projectedMs / 1000).toFixed(0)} s after they were listed`);

  const rss = { worker: rssOf(sys.worker.pid), server: rssOf(sys.server.pid), api: rssOf(sys.api.pid) };
  const dbBytes = sizeOfFiles([sys.dbFile, `${sys.dbFile}-wal`, `${sys.dbFile}-shm`]);

  const tokens = new Tokens(sys.jwtSecret);
  const token = await tokens.for(PROPOSER);
  const soon = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  const filters = [
    `status=active&deadlineBefore=${soon}`,
    'status=consultationOpen&type=pooledFund&sort=ref',
    `partner=trust-city&status=active&sort=notifiedAt`,
  ];
  const list = newSeries();
  const read = newSeries();
  // Sequential, so each figure is one request's latency rather than a queue's.
  await timedPool(
    Array.from({ length: samples }, (_, i) => filters[i % filters.length] ?? ''),
    1,
    async (filter) => {
      const res = await sys.http.request('GET', `/arrangements?${filter}`, { token });
      if (res.status !== 200) throw new HttpStatusError(res.status, res.body, 'list');
      if (((res.body as { items?: unknown[] }).items ?? []).length === 0) throw new Error(`list ${filter} returned nothing`);
    },
    list,
  );
  await timedPool(
    Array.from({ length: samples }, () => refs[Math.floor(Math.random() * refs.length)] ?? ''),
    1,
    (ref) => sys.http.expect([200], 'GET', `/arrangements/${ref}`, { token }),
    read,
  );
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
  // Arrangements in consultation are the even ones (templates alternate); each sample abandons one.
  const lag = await projectionLag(sys.http, token, db, refs.filter((_, i) => i % 2 === 0).slice(0, Math.min(100, samples)));
  untrack();
  await db.destroy();
  const after = { worker: rssOf(sys.worker.pid), server: rssOf(sys.server.pid) };
  const peakWorker = peakRssOf(sys.worker.pid);
  const worstWorker = Math.max(rss.worker, after.worker, Number.isNaN(peakWorker) ? 0 : peakWorker);

  return [
    info(
      'B2',
      'live arrangements (running, first task done, pending timer)',
      `${running} of ${size}${running < size ? ' (gave up waiting after 5 min)' : ''}`,
    ),
    info(
      'B2',
      'seeding rate (raw client, carried state)',
      `${ratePerSecond(seeding).toFixed(0)}/s, ${p50p99(seeding)}; listed ${(settledMs / 1000).toFixed(0)} s later`,
    ),
    ceiling('B2', 'worker RSS (peak over the section)', worstWorker, GIB, mib, '≤ 1024 MiB'),
    info('B2', 'worker RSS after seeding / after reads', `${mib(rss.worker)} / ${mib(after.worker)}`),
    info('B2', 'server RSS after seeding / after reads', `${mib(rss.server)} / ${mib(after.server)}`),
    info('B2', 'API RSS', mib(rss.api)),
    info('B2', 'database size (file + WAL), whole run so far', mib(dbBytes)),
    info('B2', 'read model caught up', `${projected} of ${running}, ${(projectedMs / 1000).toFixed(0)} s after they were listed`),
    info('B2', `filtered list (read model), ${list.samples.length} sequential requests`, p50p99(list)),
    ceiling('B2', 'filtered list p99 (read model)', percentile(list.samples, 99), 50, ms, '≤ 50 ms'),
    info('B2', `single read (read model), ${read.samples.length} sequential requests`, p50p99(read)),
    ceiling('B2', 'single read p99 (read model)', percentile(read.samples, 99), 20, ms, '≤ 20 ms'),
    info('B2', `single read ?consistent=true (a Query), ${consistent.samples.length} sequential requests`, p50p99(consistent)),
    info('B2', `projection lag, ${lag.samples.length} changes (abandon) to visible in the read model`, p50p99(lag)),
    ceiling('B2', 'projection lag p99', percentile(lag.samples, 99), 1000, ms, '≤ 1 s'),
    ...web,
    ...errorRows('B2', 'seeding', seeding),
    ...errorRows('B2', 'list', list),
    ...errorRows('B2', 'read', read),
    ...errorRows('B2', 'consistent read', consistent),
    ...errorRows('B2', 'projection lag', lag),
  ];
}
