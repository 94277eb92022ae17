/**
 * Small measuring tools: a concurrency pool that times each call, percentiles, process RSS from
 * /proc, and file sizes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** Latency samples of one series, in milliseconds. */
export interface Series {
  readonly samples: number[];
  /** Wall time of the whole run, in milliseconds. */
  wallMs: number;
  readonly errors: string[];
}

/** A fresh, empty series. */
export const newSeries = (): Series => ({ samples: [], wallMs: 0, errors: [] });

/** The nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The series of several rounds as one: all samples and errors, and the rounds' wall times added. */
export const mergeSeries = (rounds: readonly Series[]): Series => ({
  samples: rounds.flatMap((r) => r.samples),
  wallMs: rounds.reduce((sum, r) => sum + r.wallMs, 0),
  errors: rounds.flatMap((r) => r.errors),
});

/** Operations per second over the series' wall time. */
export const ratePerSecond = (series: Series): number => (series.samples.length / series.wallMs) * 1000;

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

/**
 * Runs `task` for every item with at most `concurrency` in flight, timing each call into `series`.
 * A failed call is recorded as an error (its time is not a sample); the first few are kept.
 */
export async function timedPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<unknown>,
  series: Series,
): Promise<void> {
  let next = 0;
  const started = nowMs();
  const lane = async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= items.length) return;
      const t0 = nowMs();
      try {
        await task(items[index] as T, index);
        series.samples.push(nowMs() - t0);
      } catch (err) {
        if (series.errors.length < 1_000) series.errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  series.wallMs += nowMs() - started;
}

/** Runs `task` for every item with at most `concurrency` in flight, untimed; rejects on the first failure. */
export async function pool<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= items.length) return;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

/** Resident set size of a process in bytes (VmRSS), or NaN if it cannot be read. */
export function rssOf(pid: number): number {
  return procStatusField(pid, 'VmRSS');
}

/**
 * CPU time, in seconds, used by every running process whose command name is `name` (e.g. `postgres`:
 * the server and its backends, which hold the benchmark's connections for the whole run), or NaN if
 * `/proc` cannot be read. A process that has exited no longer counts.
 */
export function cpuSecondsOfCommand(name: string): number {
  try {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) total += cpuSecondsOf(Number(entry));
      } catch {
        // The process exited between the listing and the read.
      }
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time a process has used, user and system, in seconds (`/proc/<pid>/stat` fields 14 and 15, in
 * clock ticks of 1/100 s on Linux), or NaN if it cannot be read.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it are counted from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size of a process in bytes (VmHWM), or NaN if it cannot be read. */
export function peakRssOf(pid: number): number {
  return procStatusField(pid, 'VmHWM');
}

function procStatusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Size in bytes of the files that exist among `files`. */
export function sizeOfFiles(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      // -wal and -shm exist only while the database is open in WAL mode.
    }
  }
  return total;
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it returns true, or throws after `timeoutMs`. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** CPU seconds of each part of the running system (`cpuSecondsOf`), NaN where `/proc` cannot be read. */
export interface SystemCpu {
  readonly api: number;
  readonly worker: number;
  /** The Temporal dev server. */
  readonly server: number;
  /** Every `postgres` process: the server and its backends. */
  readonly postgres: number;
  /** This process: the benchmark's clients and the SMTP sink. */
  readonly bench: number;
}

/** The CPU each part of the system has used so far, in seconds; take two and subtract (`cpuSpent`). */
export function systemCpuNow(pids: { readonly api: number; readonly worker: number; readonly server: number }): SystemCpu {
  const own = process.cpuUsage();
  return {
    api: cpuSecondsOf(pids.api),
    worker: cpuSecondsOf(pids.worker),
    server: cpuSecondsOf(pids.server),
    postgres: cpuSecondsOfCommand('postgres'),
    bench: (own.user + own.system) / 1e6,
  };
}

/** The CPU seconds each part used between two readings of `systemCpuNow`. */
export function cpuSpent(from: SystemCpu, to: SystemCpu): SystemCpu {
  return {
    api: to.api - from.api,
    worker: to.worker - from.worker,
    server: to.server - from.server,
    postgres: to.postgres - from.postgres,
    bench: to.bench - from.bench,
  };
}
