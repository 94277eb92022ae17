/**
 * Command-line options of `npm run bench`:
 *
 *   --quick                       small sizes, about a minute in all (a smoke test)
 *   --only B1,B3                  run these sections only (default: all)
 *   --sizes b1=1000,b2=10000,b3=1000,b4=20
 *                                 b1: starts per side; b2: live arrangements; b3: reminders;
 *                                 b4: arrangements per side and concurrency level
 *   --concurrency 10              in-flight requests for B1 and B2 seeding (B4 runs at 1 and 10)
 *   --samples 200                 requests per B2 read series
 *   --log-level info              level of the worker and API logs (written to files in the data dir)
 *   --keep                        keep the temporary data directory (database, logs) for inspection
 *   --worker-entry worker/main.ts  the worker entry point to run (to compare worker settings)
 *   --scale [1000,10000,30000]    instead of the sections: grow B2's population through these sizes
 *                                 on one system and measure at each (scale.ts); long
 */
import { parseArgs } from 'node:util';

/** The benchmark's sections. */
export const SECTIONS = ['B1', 'B2', 'B3', 'B4', 'B5'] as const;

/** One section's name. */
export type Section = (typeof SECTIONS)[number];

/** Parsed options. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly Section[];
  readonly sizes: { b1: number; b2: number; b3: number; b4: number };
  readonly concurrency: number;
  readonly samples: number;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly keep: boolean;
  readonly workerEntry: string;
  /** Live population sizes of `--scale`, increasing; undefined when the sections run instead. */
  readonly scale?: readonly number[];
}

const FULL_SIZES = { b1: 1_000, b2: 10_000, b3: 1_000, b4: 20 };
const QUICK_SIZES = { b1: 100, b2: 300, b3: 100, b4: 4 };
/** The sizes of issue 17's "how cost grows". */
export const DEFAULT_SCALE: readonly number[] = [1_000, 10_000, 30_000];

/** `--scale` may come without its list: give it the default one, so that parseArgs sees a value. */
function withScaleValue(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    const next = argv[i + 1];
    return arg === '--scale' && (next === undefined || next.startsWith('-')) ? [`--scale=${DEFAULT_SCALE.join(',')}`] : [arg];
  });
}

/** Parses `--scale`'s list: positive integers, each larger than the one before. */
function parseScale(raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  sizes.forEach((size, i) => {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`--scale: bad size '${raw.split(',')[i] ?? ''}' (expected e.g. 1000,10000,30000)`);
    if (i > 0 && size <= (sizes[i - 1] ?? 0)) throw new Error(`--scale: sizes must increase (${raw})`);
  });
  return sizes;
}

/** Parses argv (without node and the script); throws a usage message on anything unknown. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: withScaleValue(argv),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      sizes: { type: 'string' },
      concurrency: { type: 'string', default: '10' },
      samples: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      keep: { type: 'boolean', default: false },
      'worker-entry': { type: 'string', default: 'worker/main.ts' },
      scale: { type: 'string' },
    },
    strict: true,
  });
  const sizes = { ...(values.quick ? QUICK_SIZES : FULL_SIZES) };
  for (const pair of (values.sizes ?? '').split(',').filter(Boolean)) {
    const [key, raw] = pair.split('=');
    const value = Number(raw);
    if (!key || !(key in sizes) || !Number.isInteger(value) || value < 1)
      throw new Error(`--sizes: bad entry '${pair}' (expected b1=…,b2=…,b3=…,b4=…)`);
    sizes[key as keyof typeof sizes] = value;
  }
  const only = values.only
    ? values.only.split(',').map((s) => {
        const name = s.trim().toUpperCase();
        if (!(SECTIONS as readonly string[]).includes(name))
          throw new Error(`--only: unknown section '${s}' (sections: ${SECTIONS.join(', ')})`);
        return name as Section;
      })
    : [...SECTIONS];
  const scale = values.scale === undefined ? undefined : parseScale(values.scale);
  if (scale && (values.only !== undefined || values.sizes !== undefined || values.quick))
    throw new Error('--scale runs on its own: leave out --only, --sizes and --quick');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
  const samples = Number(values.samples ?? (values.quick ? 50 : 200));
  if (!Number.isInteger(samples) || samples < 1) throw new Error('--samples must be a positive integer');
  const logLevel = values['log-level'];
  if (!['error', 'warn', 'info', 'debug'].includes(logLevel)) throw new Error('--log-level must be error, warn, info or debug');
  return {
    quick: values.quick,
    only,
    sizes,
    concurrency,
    samples,
    logLevel: logLevel as BenchOptions['logLevel'],
    keep: values.keep,
    workerEntry: values['worker-entry'],
    ...(scale ? { scale } : {}),
  };
}
