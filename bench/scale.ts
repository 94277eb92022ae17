/**
 * `npm run bench -- --scale [1000,10000,30000]` (issue 17, "how cost grows"): one system, one B2
 * population grown through each size in turn (`growPopulation`, paced by the worker), and at each
 * size the memory of the worker, the dev server and the API, the size of Temporal's SQLite database
 * and of hapa's PostgreSQL database, and the p99 of B2's filtered list and single read from the read
 * model (`readModelReads`). Then the growth between sizes: bytes per added arrangement of each size
 * figure, and milliseconds of p99 per 10,000 added arrangements.
 *
 * Targets, judged over the whole span (first size to last, the largest step, so the least noise):
 * memory bounded by the worker's workflow cache, not by the number of arrangements, and flat read
 * and list latency. Each step is printed as well, without a target.
 */
import { sql } from 'kysely';
import { openDatabase, type Db } from '../store/database';
import { newPopulation, growPopulation, growthRows, readModelReads } from './b2-live-population';
import { percentile, rssOf, sizeOfFiles, type Series } from './measure';
import { ceiling, errorRows, info, mib, ms, type Row } from './report';
import { PROPOSER, Tokens } from './scenario';
import type { System } from './system';

/**
 * Worker or server memory an added arrangement may cost beyond the cache: 2 KiB, about 40 MiB from
 * 10,000 to 30,000. A cached arrangement holds ~1.3 MB of the worker's heap (config/index.ts), so a
 * worker holding every arrangement would miss this hundreds of times over, while RSS noise (the
 * garbage collector's timing) stays under it over a step of thousands.
 */
const MEMORY_BYTES_PER_ARRANGEMENT = 2 * 1024;

/**
 * p99 growth per 10,000 arrangements allowed for "flat": a tenth of B2's ceilings (list 50 ms,
 * single read 20 ms) per 10,000, so the ceiling would be reached only after 100,000 more.
 */
const LIST_P99_MS_PER_10K = 5;
const READ_P99_MS_PER_10K = 2;

/** Untimed requests of each kind before the timed ones at each size. */
const WARM_UP_REQUESTS = 6;

/** The figures measured at one size. */
interface AtSize {
  readonly size: number;
  /** Arrangements in the read model when measured (the size, unless the growth gave up). */
  readonly live: number;
  readonly workerRss: number;
  readonly serverRss: number;
  readonly apiRss: number;
  /** Temporal's SQLite file with its WAL and shared-memory index. */
  readonly temporalDb: number;
  /** `pg_database_size` of hapa's database. */
  readonly postgresDb: number;
  readonly list: Series;
  readonly read: Series;
}

/** The byte figures of a size, with their labels, in table order. */
const BYTE_FIGURES = [
  ['worker RSS', (m: AtSize) => m.workerRss],
  ['server RSS', (m: AtSize) => m.serverRss],
  ['API RSS', (m: AtSize) => m.apiRss],
  ['Temporal SQLite (file + WAL)', (m: AtSize) => m.temporalDb],
  ['PostgreSQL (pg_database_size)', (m: AtSize) => m.postgresDb],
] as const;

const p99 = (s: Series) => percentile(s.samples, 99);

async function postgresSize(db: Db): Promise<number> {
  const row = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db);
  return Number(row.rows[0]?.bytes ?? Number.NaN);
}

async function measureAt(
  sys: System,
  db: Db,
  size: number,
  live: number,
  refs: readonly string[],
  token: string,
  samples: number,
): Promise<AtSize> {
  const rss = { workerRss: rssOf(sys.worker.pid), serverRss: rssOf(sys.server.pid), apiRss: rssOf(sys.api.pid) };
  const temporalDb = sizeOfFiles([sys.dbFile, `${sys.dbFile}-wal`, `${sys.dbFile}-shm`]);
  const postgresDb = await postgresSize(db);
  // The first requests after a growth warm the API's and PostgreSQL's caches for the new rows; they are not counted.
  await readModelReads(sys.http, token, refs, WARM_UP_REQUESTS);
  const { list, read } = await readModelReads(sys.http, token, refs, samples);
  return { size, live, ...rss, temporalDb, postgresDb, list, read };
}

/** Bytes as KiB, to one decimal. */
const kib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a');

/** Milliseconds per 10,000 arrangements, signed. */
const msPer10k = (value: number): string => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms` : 'n/a');

const sizesTable = (at: readonly AtSize[]): string =>
  [
    `| Live | ${BYTE_FIGURES.map(([label]) => label).join(' | ')} | List p50 / p99 | Read p50 / p99 |`,
    `|---|${BYTE_FIGURES.map(() => '---|').join('')}---|---|`,
    ...at.map(
      (m) =>
        `| ${m.live} of ${m.size} | ${BYTE_FIGURES.map(([, of]) => mib(of(m))).join(' | ')} | ` +
        `${ms(percentile(m.list.samples, 50))} / ${ms(p99(m.list))} | ${ms(percentile(m.read.samples, 50))} / ${ms(p99(m.read))} |`,
    ),
  ].join('\n');

/** Growth from `a` to `b`: bytes per added arrangement of each byte figure, and p99 per 10,000. */
function growthOf(a: AtSize, b: AtSize) {
  const added = b.live - a.live;
  return {
    step: `${a.live} → ${b.live}`,
    bytes: BYTE_FIGURES.map(([label, of]) => [label, (of(b) - of(a)) / added] as const),
    listMsPer10k: ((p99(b.list) - p99(a.list)) / added) * 10_000,
    readMsPer10k: ((p99(b.read) - p99(a.read)) / added) * 10_000,
  };
}

const growthTable = (at: readonly AtSize[]): string =>
  [
    `| Step | ${BYTE_FIGURES.map(([label]) => `${label} per arrangement`).join(' | ')} | List p99 per 10k | Read p99 per 10k |`,
    `|---|${BYTE_FIGURES.map(() => '---|').join('')}---|---|`,
    ...at.slice(1).map((b, i) => {
      const g = growthOf(at[i] as AtSize, b);
      return `| ${g.step} | ${g.bytes.map(([, v]) => kib(v)).join(' | ')} | ${msPer10k(g.listMsPer10k)} | ${msPer10k(g.readMsPer10k)} |`;
    }),
  ].join('\n');

/** The target rows over the whole span, first size to last. */
function targetRows(first: AtSize, last: AtSize): Row[] {
  const g = growthOf(first, last);
  const bytes = new Map(g.bytes);
  const memory = (label: 'worker RSS' | 'server RSS') =>
    ceiling(
      'scale',
      `${label} per added arrangement, ${g.step}`,
      bytes.get(label) ?? Number.NaN,
      MEMORY_BYTES_PER_ARRANGEMENT,
      kib,
      `≤ ${kib(MEMORY_BYTES_PER_ARRANGEMENT)} (bounded by the cache)`,
    );
  const flat = (label: string, msPer10kAdded: number, limit: number) =>
    ceiling('scale', `${label} p99 per 10k added, ${g.step}`, msPer10kAdded, limit, msPer10k, `≤ +${limit} ms (flat)`);
  return [
    memory('worker RSS'),
    memory('server RSS'),
    flat('filtered list', g.listMsPer10k, LIST_P99_MS_PER_10K),
    flat('single read', g.readMsPer10k, READ_P99_MS_PER_10K),
  ];
}

/**
 * Grows one population through `sizes` (increasing) and measures at each, `samples` requests per read
 * series. Returns the target rows (and any failure) for the main table, and two markdown tables: the
 * figures at each size and the growth between sizes.
 */
export async function populationGrowth(
  sys: System,
  sizes: readonly number[],
  concurrency: number,
  samples: number,
  log: (line: string) => void,
): Promise<{ rows: Row[]; tables: string }> {
  const db = openDatabase(sys.databaseUrl, { max: 2 });
  const untrack = sys.track(() => db.destroy());
  const token = await new Tokens(sys.jwtSecret).for(PROPOSER);
  const population = newPopulation();
  const rows: Row[] = [];
  const at: AtSize[] = [];
  try {
    for (const size of sizes) {
      const growth = await growPopulation(sys, db, population, size, concurrency, log);
      rows.push(...growthRows(`scale ${size}`, growth));
      const m = await measureAt(sys, db, size, growth.live, population.refs, token, samples);
      log(
        `scale ${size}: worker RSS ${mib(m.workerRss)}, server RSS ${mib(m.serverRss)}, list p99 ${ms(p99(m.list))}, read p99 ${ms(p99(m.read))}`,
      );
      rows.push(...errorRows(`scale ${size}`, 'list', m.list), ...errorRows(`scale ${size}`, 'read', m.read));
      at.push(m);
      // A population that stopped growing would only repeat the same size.
      if (growth.gaveUp !== undefined) break;
    }
  } finally {
    untrack();
    await db.destroy();
  }
  const first = at[0];
  const last = at[at.length - 1];
  if (first && last && last.live > first.live) rows.push(...targetRows(first, last));
  else rows.push(info('scale', 'growth', 'not measured: fewer than two sizes reached'));
  const tables = ['Figures at each size:', sizesTable(at), 'Growth between sizes:', growthTable(at)].join('\n\n');
  return { rows, tables };
}
