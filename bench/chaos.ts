/**
 * Chaos (issue 16 §5): a bounded set of lifecycles driven through the API, each step with an
 * Idempotency-Key and retried until it answers 2xx, while the worker is killed (SIGKILL, as a crash)
 * at random moments and restarted, and the Temporal dev server is stopped and restarted once on its
 * database. Then it counts what a user would call a failure:
 *
 * - lost: an arrangement whose create answered 201 and that no longer reads (404);
 * - stuck: one that did not reach `ready` by the deadline;
 * - missing: an email the sent-log says the server accepted that the SMTP sink never received, or an
 *   email activity still pending once the lifecycles are done;
 * - duplicated: one (notification key, recipient) the sink received more than once although the
 *   sent-log had recorded the first copy (sent again regardless: a bug).
 *
 * It also prints, apart, copies resent because the worker died after the mail server had taken the
 * message and before the sent-log's record: a window no client can close (the copy carries the same
 * Message-ID, by which mail clients drop it).
 */
import { stopChild } from '../scripts/stop-child';
import { startDevServer } from '../scripts/temporal/dev-server';
import { openDatabase } from '../store/database';
import { NOTIFICATION_KEY_HEADER } from '../activities/outbox-transport';
import type { Actor } from '../domain';
import { arrangementWorkflowId } from '../workflows/contract';
import { pool, sleep } from './measure';
import { actThroughApi, benchTerms, PROPOSER, setUpScript, Tokens } from './scenario';
import { startEntryPoint, startSystem, type EntryPoint, type System } from './system';

/** What to run. */
export interface ChaosOptions {
  readonly lifecycles: number;
  readonly kills: number;
  readonly seed: number;
  readonly restartServer: boolean;
  /** How long every lifecycle may take, kills included (ms). */
  readonly deadlineMs?: number;
  readonly log: (line: string) => void;
}

/** What happened: each list names the arrangements or emails concerned. */
export interface ChaosReport {
  lifecycles: number;
  kills: number;
  serverRestarts: number;
  emails: number;
  lost: string[];
  stuck: string[];
  missing: string[];
  duplicated: string[];
  /** Copies sent again because the worker died between the server's acceptance and the sent-log's record (same Message-ID). */
  resentAfterCrash: string[];
}

/** Who reads the arrangements at the end: an administrator sees every one. */
const ADMIN: Actor = { id: 'chaos-admin', role: 'administrator' };

/** A small seeded generator (mulberry32): the same seed kills at the same moments. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Retries `fn` every half second until it succeeds or the deadline passes; whether it succeeded. */
async function untilDone(fn: () => Promise<unknown>, deadline: number): Promise<boolean> {
  for (;;) {
    try {
      await fn();
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await sleep(500);
    }
  }
}

/** The worker process of the moment, which chaos kills and replaces. */
class Workers {
  constructor(
    private readonly system: System,
    private current: EntryPoint,
  ) {}

  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.current.child.once('exit', resolve));
    this.current.child.kill('SIGKILL');
    await exited;
  }

  start(): void {
    const worker = startEntryPoint('worker', 'worker/main.ts', this.system.env, this.system.dir);
    this.system.track(() => stopChild(worker.child));
    this.current = worker;
  }
}

/** Runs the chaos and reports; the system it starts is stopped whatever happens. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const system = await startSystem({ logLevel: 'warn', keep: false, maxSockets: 32, workerEntry: 'worker/main.ts', log: options.log });
  try {
    return await underChaos(system, options);
  } finally {
    await system.stop();
  }
}

async function underChaos(system: System, options: ChaosOptions): Promise<ChaosReport> {
  const random = seeded(options.seed);
  const tokens = new Tokens(system.jwtSecret);
  const deadline = Date.now() + (options.deadlineMs ?? 10 * 60_000);
  const refs = Array.from({ length: options.lifecycles }, (_, i) => `CHAOS-${options.seed}-${Date.now().toString(36)}-${i}`);
  const created = new Set<string>();
  const workers = new Workers(system, system.worker);
  let finished = false;
  let kills = 0;
  let serverRestarts = 0;

  // Kills land at random points of the run's progress (steps done), not of the clock: a fast machine
  // would otherwise finish every lifecycle before the first kill.
  const terms = benchTerms();
  const totalSteps = refs.length * (setUpScript(terms).length + 1);
  const killPoints = Array.from({ length: options.kills }, () => 1 + Math.floor(random() * (totalSteps - 1))).sort((a, b) => a - b);
  let stepsDone = 0;
  const chaos = (async () => {
    for (const [k, point] of killPoints.entries()) {
      while (stepsDone < point && !finished) await sleep(20);
      if (stepsDone < point) break; // the lifecycles ended (stuck) before this point
      // Then somewhere in the next moments, not always just as a step's emails go out.
      await sleep(random() * 1_500);
      await workers.kill();
      kills += 1;
      options.log(`killed the worker (${kills}) after ${stepsDone} of ${totalSteps} steps`);
      if (options.restartServer && serverRestarts === 0 && k === Math.floor((options.kills - 1) / 2)) {
        const port = Number(system.server.address.split(':').pop());
        await system.server.stop();
        const server = await startDevServer({ dbFile: system.dbFile, port, namespace: system.server.namespace, stdio: 'ignore' });
        system.track(() => server.stop());
        serverRestarts += 1;
        options.log('restarted the Temporal dev server');
      }
      await sleep(random() * 2_000);
      workers.start();
    }
  })();

  const stuck = new Set<string>();
  await pool(refs, 4, async (ref) => {
    const made = await untilDone(
      async () =>
        system.http.expect([200, 201], 'POST', '/arrangements', {
          token: await tokens.for(PROPOSER),
          body: { ref, terms },
          headers: { 'idempotency-key': `${ref}:create` },
        }),
      deadline,
    );
    if (!made) return void stuck.add(ref);
    created.add(ref);
    stepsDone += 1;
    for (const [index, step] of setUpScript(terms).entries()) {
      if (!(await untilDone(() => actThroughApi(system.http, tokens, ref, step, `${ref}:${index}`), deadline))) return void stuck.add(ref);
      stepsDone += 1;
    }
  });
  finished = true;
  await chaos;

  // What each arrangement reads as now, once a worker runs: asked of the workflow (`consistent=true`), as the
  // read model may still be catching up with the last change after a kill.
  const admin = await tokens.for(ADMIN);
  const lost: string[] = [];
  for (const ref of created) {
    let status = 0;
    let body: unknown;
    await untilDone(async () => {
      ({ status, body } = await system.http.request('GET', `/arrangements/${encodeURIComponent(ref)}?consistent=true`, { token: admin }));
      if (status >= 500) throw new Error(`HTTP ${status}`);
    }, deadline);
    if (status === 404) lost.push(ref);
    else if ((body as { status?: string } | undefined)?.status !== 'ready') stuck.add(ref);
  }

  // Emails: nothing may be left in flight, everything the sent-log records reached the sink, once per recipient.
  const missing: string[] = [];
  await untilDone(async () => {
    for (const ref of created) {
      const description = await system.client.workflowService.describeWorkflowExecution({
        namespace: system.server.namespace,
        execution: { workflowId: arrangementWorkflowId(ref) },
      });
      if (description.pendingActivities.length > 0) throw new Error(`${ref} has activities pending`);
    }
  }, Date.now() + 60_000);
  for (const ref of created) {
    const description = await system.client.workflowService.describeWorkflowExecution({
      namespace: system.server.namespace,
      execution: { workflowId: arrangementWorkflowId(ref) },
    });
    for (const activity of description.pendingActivities)
      missing.push(`${ref}: ${activity.activityType?.name ?? 'activity'} still pending`);
  }
  const received = new Map<string, number>();
  for (const message of system.sink.messages) {
    const key = message.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()) as string;
    for (const to of message.envelope.to)
      received.set(`${key} → ${to.toLowerCase()}`, (received.get(`${key} → ${to.toLowerCase()}`) ?? 0) + 1);
  }
  // How many attempts the sent-log recorded as accepted, per (key, recipient).
  const recorded = new Map<string, number>();
  const db = openDatabase(system.databaseUrl);
  try {
    for (const row of await db.selectFrom('sent_log').select(['key', 'accepted']).execute()) {
      for (const to of row.accepted) {
        const pair = `${row.key} → ${to.toLowerCase()}`;
        recorded.set(pair, (recorded.get(pair) ?? 0) + 1);
        if (!received.has(pair)) missing.push(`${row.key} → ${to}`);
      }
    }
  } finally {
    await db.destroy();
  }
  // A second copy is hapa's fault when the sent-log had recorded the first; when only the last copy
  // is recorded, the worker died after the server took the message and before its record (the window
  // send-notification.ts names, which no client can close): the copy carries the same Message-ID.
  const copies = [...received].filter(([, n]) => n > 1);
  const duplicated = copies.filter(([pair]) => (recorded.get(pair) ?? 0) > 1).map(([pair, n]) => `${pair} ×${n}`);
  const resentAfterCrash = copies.filter(([pair]) => (recorded.get(pair) ?? 0) <= 1).map(([pair, n]) => `${pair} ×${n}`);
  return {
    lifecycles: refs.length,
    kills,
    serverRestarts,
    emails: system.sink.messages.length,
    lost,
    stuck: [...stuck],
    missing,
    duplicated,
    resentAfterCrash,
  };
}

/** The report as printed by `npm run chaos`. */
export function formatChaosReport(report: ChaosReport, seed: number): string {
  const row = (what: string, items: string[]) =>
    `  ${what.padEnd(22)}${items.length}${items.length ? `  (${items.slice(0, 5).join('; ')})` : ''}`;
  return [
    `chaos: ${report.lifecycles} lifecycles, ${report.kills} worker kills, ${report.serverRestarts} server restart(s), ${report.emails} emails (seed ${seed})`,
    row('arrangements lost', report.lost),
    row('arrangements stuck', report.stuck),
    row('emails missing', report.missing),
    row('emails duplicated', report.duplicated),
    row('resent after a crash', report.resentAfterCrash) + '  (killed between the server taking it and its record; same Message-ID)',
  ].join('\n');
}
