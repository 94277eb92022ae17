/**
 * Two real workers on one task queue, one dev server, one PostgreSQL, one real SMTP server: a storm
 * of invitations is sent, and worker A loses every attempt it makes after the mail server accepted
 * the message (a crash before reporting back), so Temporal retries those on worker B. With the
 * sent-log shared in PostgreSQL, B finds A's record and sends nothing again: each message arrives once.
 */
import { activityInfo } from '@temporalio/activity';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, type Activities, type SendReceipt } from '../../activities/activities';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { createSentLog } from '../../activities/sent-log';
import { openDatabase, type Db } from '../../store/database';
import { createRegister } from '../../store/register';
import { createReadModel } from '../../store/read-model';
import { createArrangementWorker } from '../../worker/create-worker';
import { officerOf, PARTNERS } from '../domain/fixtures';
import { act, nextFinancialYearAfter, startArrangement, termsForFinancialYear } from '../helpers/arrangements';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { devServerEnv, uniqueRef, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

const STORM = 12;
const proposer = officerOf(PARTNERS.ha.id);

let sink: SmtpSink;
let database: TestDatabase;
const pools: Db[] = [];
const transports: MailTransport[] = [];
beforeEach(async () => {
  sink = await startSmtpSink();
  database = await testDatabase();
});
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const p of pools.splice(0)) await p.destroy();
  await database.drop();
  await sink.stop();
});

/** Activities as one worker process builds them: its own pool on the shared database, its own SMTP connections. */
function workerActivities(): Activities {
  const db = openDatabase(database.url);
  pools.push(db);
  const transport = createMailTransport({ SMTP_URL: sink.url(), HAPA_DATA_DIR: '/nonexistent' });
  transports.push(transport);
  return createActivities({
    transport,
    sentLog: createSentLog(db),
    register: createRegister(db),
    readModel: createReadModel(db),
    from: 'hapa <no-reply@hapa.example>',
    arrangementUrl: (r) => r,
  });
}

test('when two workers share a task queue and one dies after each send, then every message of the storm arrives exactly once', async () => {
  const env = await devServerEnv();
  const taskQueue = uniqueTaskQueue();
  const real = { a: workerActivities(), b: workerActivities() };
  const sentByA: string[] = [];
  const completedByB = new Map<string, SendReceipt['status']>();
  const a: Activities = {
    recordClosure: real.a.recordClosure,
    projectSummary: real.a.projectSummary,
    async sendNotification(n) {
      await real.a.sendNotification(n);
      sentByA.push(n.key);
      throw new Error(`worker A lost attempt ${activityInfo().attempt} before reporting it`);
    },
  };
  const b: Activities = {
    recordClosure: real.b.recordClosure,
    projectSummary: real.b.projectSummary,
    async sendNotification(n) {
      const receipt = await real.b.sendNotification(n);
      completedByB.set(n.key, receipt.status);
      return receipt;
    },
  };
  // Each worker has its own connection, as two worker processes would.
  const connections: NativeConnection[] = [];
  const worker = async (activities: Activities) => {
    const connection = await NativeConnection.connect({ address: testEnv('temporalAddress') });
    connections.push(connection);
    return createArrangementWorker({
      connection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities,
      workflowBundle: { codePath: testEnv('bundlePath') },
    });
  };
  const keysAtSink = () => sink.messages.map((m) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()) as string);
  const terms = termsForFinancialYear(nextFinancialYearAfter(Date.now()));
  const refs = Array.from({ length: STORM }, () => uniqueRef('TWO'));
  const keys = refs.map((ref) => `${ref}:consultationInvitation:proposal1`);

  let runA: Promise<void> | undefined;
  let workerA: Worker | undefined;
  try {
    const first = await worker(a);
    workerA = first;
    const workerB = await worker(b);
    // A alone takes the first sends, so some messages certainly go out through A; then B joins.
    runA = first.run();
    await Promise.all(
      refs.map(async (ref) => {
        const handle = await startArrangement(env.client, taskQueue, { ref, terms }, proposer);
        await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
      }),
    );
    await eventually(() => expect(sentByA.length).toBeGreaterThanOrEqual(3), 30_000, 100);
    await workerB.runUntil(async () => {
      await eventually(() => expect(new Set(keysAtSink())).toEqual(new Set(keys)), 30_000, 200);
      // A is gone for good: every retry now lands on B.
      first.shutdown();
      await runA;
      await eventually(() => expect([...completedByB.keys()].sort()).toEqual([...keys].sort()), 45_000, 200);
    });

    expect(keysAtSink().sort()).toEqual([...keys].sort());
    const sentFirstByA = [...new Set(sentByA)];
    expect(sentFirstByA.length).toBeGreaterThanOrEqual(3);
    for (const key of sentFirstByA) expect(completedByB.get(key)).toBe('alreadySent');
  } finally {
    if (workerA?.getState() === 'RUNNING') workerA.shutdown();
    await runA?.catch(() => undefined);
    for (const c of connections) await c.close();
    await env.teardown();
  }
});
