/**
 * `npm run bench [-- options]`: starts a fresh system (dev server on a WAL SQLite file, worker, API,
 * SMTP sink), runs the selected sections, and prints one markdown table of figures against their
 * targets. Options are listed in `options.ts`; `docs/benchmarks.md` explains each section.
 * Everything started here is stopped at the end, on error, and on Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startRate } from './b1-start-rate';
import { livePopulation } from './b2-live-population';
import { reminderStorm } from './b3-reminder-storm';
import { commandRoundTrip } from './b4-command-round-trip';
import { simulatedLife } from './b5-simulated-life';
import { parseOptions, type BenchOptions, type Section } from './options';
import { info, renderTable, type Row } from './report';
import { populationGrowth } from './scale';
import { startSystem, type System } from './system';

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function section(name: Section, options: BenchOptions, sys: System): Promise<Row[]> {
  const { sizes, concurrency } = options;
  switch (name) {
    case 'B1':
      return startRate(sys, sizes.b1, concurrency, log);
    case 'B2':
      return livePopulation(sys, sizes.b2, concurrency, options.samples, log);
    case 'B3':
      return reminderStorm(sys, sizes.b3, concurrency, log);
    case 'B4':
      return commandRoundTrip(sys, sizes.b4, log);
    case 'B5':
      return simulatedLife(sys, log);
  }
}

function failedRow(section: string, err: unknown): Row {
  return { section, figure: 'section failed', value: err instanceof Error ? err.message.slice(0, 200) : String(err), pass: false };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  // The time-skipping worker of B5 runs in this process; its logs would drown the table.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const sys = await startSystem({
    logLevel: options.logLevel,
    keep: options.keep,
    maxSockets: Math.max(10, options.concurrency),
    workerEntry: options.workerEntry,
    log,
  });
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping everything`);
    void sys.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const rows: Row[] = [];
  let tables = '';
  let failed = false;
  try {
    if (options.scale) {
      const started = Date.now();
      log(`scale starting: ${options.scale.join(', ')} live arrangements`);
      try {
        const growth = await populationGrowth(sys, options.scale, options.concurrency, options.samples, log);
        tables = `${growth.tables}\n\n`;
        rows.push(...growth.rows, info('scale', 'wall time', `${((Date.now() - started) / 1000).toFixed(0)} s`));
      } catch (err) {
        failed = true;
        log(`scale failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        rows.push(failedRow('scale', err));
      }
    }
    for (const name of options.scale ? [] : options.only) {
      if (interrupted) break;
      const started = Date.now();
      log(`${name} starting`);
      try {
        rows.push(
          ...(await section(name, options, sys)),
          info(name, 'section wall time', `${((Date.now() - started) / 1000).toFixed(0)} s`),
        );
      } catch (err) {
        failed = true;
        log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        rows.push(failedRow(name, err));
      }
    }
  } finally {
    await sys.stop();
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `hapa benchmark, ${new Date().toISOString()}, revision ${gitRevision()}`,
    `machine: ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, Temporal server ${sys.serverVersion} (CLI dev server, SQLite WAL)`,
    `${options.scale ? `--scale ${options.scale.join(',')}; ${options.samples} samples per read series` : `sizes: b1=${options.sizes.b1} b2=${options.sizes.b2} b3=${options.sizes.b3} b4=${options.sizes.b4}`}; concurrency ${options.concurrency}; worker (${options.workerEntry}) and API in child processes${options.quick ? '; --quick' : ''}`,
  ];
  process.stdout.write(`\n${header.join('\n')}\n\n${tables}${renderTable(rows)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
