/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, `.cpuprofile` JSON) as text: the functions that
 * took the most time by self time and by inclusive time (each with file:line), and the same rolled up
 * per package (`node_modules/<pkg>`, the project's top folders, node's internals, V8's own entries):
 *
 *   npx tsx scripts/profile-summary.ts file.cpuprofile [more.cpuprofile …] [--top 30]
 *
 * Several files are added together (e.g. a profile per process restart). Inclusive time counts a
 * sample once per function even when the function recurses, so a row never exceeds 100 %.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** The parts of a `.cpuprofile` this summary reads (V8's `Profiler.Profile`). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  /** The node hit by each sample. */
  samples?: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas?: number[];
}

/** One function or package with its times in milliseconds. */
export interface ProfileRow {
  name: string;
  /** Function rows: `file:line` (1-based), relative to `root`; empty for V8's own entries. */
  location: string;
  selfMs: number;
  totalMs: number;
}

/** The summary of one or more profiles. */
export interface ProfileSummary {
  /** All sampled time, idle included, in milliseconds. */
  sampledMs: number;
  /** Sampled time outside `(idle)`, in milliseconds: what the percentages are of. */
  busyMs: number;
  functions: ProfileRow[];
  packages: ProfileRow[];
}

/** V8's pseudo-frames, which have no script. */
const V8_ENTRIES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** A file URL or path made relative to `root` when inside it. */
function relativeFile(url: string, root: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  return path.isAbsolute(file) && file.startsWith(root + path.sep) ? path.relative(root, file) : file;
}

/**
 * The package a frame belongs to: the innermost `node_modules/<pkg>` (scoped `@a/b` kept whole), node's
 * own modules as `node:internal`, V8's pseudo-frames by name, a project file by its top folder.
 */
export function packageOf(url: string, functionName: string, root: string): string {
  if (url === '') return V8_ENTRIES.has(functionName) ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const file = relativeFile(url, root);
  const parts = file.split(/[\\/]/);
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const first = parts[nm + 1] ?? '';
    return first.startsWith('@') ? `${first}/${parts[nm + 2] ?? ''}` : first;
  }
  if (path.isAbsolute(file)) return file;
  return parts.length > 1 ? `${parts[0]}/` : file;
}

interface Totals {
  name: string;
  self: number;
  total: number;
  location: string;
}

/** Adds `profile`'s times into the per-key tables (keys: functions and packages). */
function addProfile(profile: CpuProfile, root: string, functions: Map<string, Totals>, packages: Map<string, Totals>): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let sampledUs = 0;
  samples.forEach((id, i) => {
    // A negative delta (a reordered sample) would subtract time: count it as none.
    const us = Math.max(0, deltas[i] ?? 0);
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    sampledUs += us;
  });
  const keyOf = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const location = url ? `${relativeFile(url, root)}:${lineNumber + 1}` : '';
    return { fn: `${name} ${location}`, name, location, pkg: packageOf(url, functionName, root) };
  };
  const bump = (table: Map<string, Totals>, key: string, name: string, location: string, self: number, total: number) => {
    const row = table.get(key) ?? { name, self: 0, total: 0, location };
    row.self += self;
    row.total += total;
    table.set(key, row);
  };
  // Inclusive time of each node (its subtree), then credited to a function or package only at its
  // outermost occurrence on the stack, so recursion is not counted twice.
  const inclusive = new Map<number, number>();
  const subtree = (id: number): number => {
    let sum = selfUs.get(id) ?? 0;
    for (const child of byId.get(id)?.children ?? []) sum += subtree(child);
    inclusive.set(id, sum);
    return sum;
  };
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const roots = profile.nodes.filter((node) => !childIds.has(node.id)).map((node) => node.id);
  roots.forEach(subtree);
  const openFns = new Map<string, number>();
  const openPkgs = new Map<string, number>();
  const walk = (id: number) => {
    const key = keyOf(id);
    const self = (selfUs.get(id) ?? 0) / 1000;
    const total = (inclusive.get(id) ?? 0) / 1000;
    bump(functions, key.fn, key.name, key.location, self, (openFns.get(key.fn) ?? 0) === 0 ? total : 0);
    bump(packages, key.pkg, key.pkg, '', self, (openPkgs.get(key.pkg) ?? 0) === 0 ? total : 0);
    openFns.set(key.fn, (openFns.get(key.fn) ?? 0) + 1);
    openPkgs.set(key.pkg, (openPkgs.get(key.pkg) ?? 0) + 1);
    for (const child of byId.get(id)?.children ?? []) walk(child);
    openFns.set(key.fn, (openFns.get(key.fn) ?? 1) - 1);
    openPkgs.set(key.pkg, (openPkgs.get(key.pkg) ?? 1) - 1);
  };
  roots.forEach(walk);
  return sampledUs / 1000;
}

/**
 * Summarises profiles: every function and package with its self and inclusive milliseconds, sorted
 * by self time; `root` is the folder file names are shown relative to (default: the working folder).
 */
export function summariseProfiles(profiles: readonly CpuProfile[], root: string = process.cwd()): ProfileSummary {
  const functions = new Map<string, Totals>();
  const packages = new Map<string, Totals>();
  let sampledMs = 0;
  for (const profile of profiles) sampledMs += addProfile(profile, root, functions, packages);
  const rows = (table: Map<string, Totals>) =>
    [...table.values()]
      .map((t) => ({ name: t.name, location: t.location, selfMs: t.self, totalMs: t.total }))
      .sort((a, b) => b.selfMs - a.selfMs);
  const functionRows = rows(functions);
  const idleMs = functionRows.filter((row) => row.name === '(idle)').reduce((sum, row) => sum + row.selfMs, 0);
  return { sampledMs, busyMs: sampledMs - idleMs, functions: functionRows, packages: rows(packages) };
}

/** The summary as text tables: top `top` functions by self time, by inclusive time, and packages. */
export function formatSummary(summary: ProfileSummary, top: number): string {
  const pct = (ms: number) => (summary.busyMs > 0 ? `${((100 * ms) / summary.busyMs).toFixed(1)}%` : '-');
  const table = (title: string, rows: ProfileRow[], withLocation: boolean) => [
    title,
    `${'self ms'.padStart(10)} ${'self %'.padStart(7)} ${'total ms'.padStart(10)} ${'total %'.padStart(7)}  ${withLocation ? 'function  file:line' : 'package'}`,
    ...rows
      .slice(0, top)
      .map(
        (r) =>
          `${r.selfMs.toFixed(1).padStart(10)} ${pct(r.selfMs).padStart(7)} ${r.totalMs.toFixed(1).padStart(10)} ${pct(r.totalMs).padStart(7)}  ${r.name}${withLocation && r.location ? `  ${r.location}` : ''}`,
      ),
    '',
  ];
  const busy = summary.functions.filter((r) => r.name !== '(idle)' && r.name !== '(root)');
  return [
    `sampled ${summary.sampledMs.toFixed(0)} ms, busy (not idle) ${summary.busyMs.toFixed(0)} ms; percentages are of busy time`,
    '',
    ...table(`Top ${top} functions by self time`, busy, true),
    ...table(
      `Top ${top} functions by total (inclusive) time`,
      [...busy].sort((a, b) => b.totalMs - a.totalMs),
      true,
    ),
    ...table(
      `Packages by self time`,
      summary.packages.filter((r) => r.name !== '(idle)' && r.name !== '(root)'),
      false,
    ),
  ].join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '30' } }, allowPositionals: true });
  const top = Number(values.top);
  if (positionals.length === 0 || !Number.isInteger(top) || top < 1) {
    throw new Error('usage: npx tsx scripts/profile-summary.ts file.cpuprofile [more.cpuprofile …] [--top 30]');
  }
  const profiles = positionals.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  console.log(formatSummary(summariseProfiles(profiles), top));
}

if (require.main === module) main();
