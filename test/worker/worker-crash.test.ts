/**
 * An email in flight when its worker dies goes out within seconds once another worker polls
 * (issue 16 §5): the activity heartbeats and has a 5 s heartbeat timeout. Before, nothing noticed
 * the dead worker until the one-minute start-to-close timeout (62–80 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { dataConverterOf } from '../../config/payload-codec';
import { officerOf, PARTNERS } from '../domain/fixtures';
import { act, nextFinancialYearAfter, startArrangement, termsForFinancialYear } from '../helpers/arrangements';
import { testDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { startSmtpSink } from '../helpers/smtp-sink';
import { uniqueRef, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

const proposer = officerOf(PARTNERS.ha.id);

test('when the worker dies while an email is in flight, then a new worker sends it within seconds of starting', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hapa-crash-'));
  const database = await testDatabase();
  const sink = await startSmtpSink();
  // A mail server that accepts connections and never answers: the send hangs until the worker dies.
  const held: net.Socket[] = [];
  const hanging = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const hangingPort = (hanging.address() as net.AddressInfo).port;
  // The workers and this client share the data directory's codec key.
  const connection = await Connection.connect({ address: testEnv('temporalAddress') });
  const client = new Client({ connection, dataConverter: dataConverterOf({ HAPA_DATA_DIR: dataDir, HAPA_CODEC_KEYS: undefined }) });
  const taskQueue = uniqueTaskQueue();
  const env = { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: database.url, HAPA_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const workers: WorkerProcess[] = [];
  try {
    const first = startWorkerProcess({ ...env, SMTP_URL: `smtp://127.0.0.1:${hangingPort}` });
    workers.push(first);
    await first.polling();
    const ref = uniqueRef('CRASH');
    const handle = await startArrangement(
      client,
      taskQueue,
      { ref, terms: termsForFinancialYear(nextFinancialYearAfter(Date.now())) },
      proposer,
    );
    await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
    await eventually(() => expect(held.length).toBeGreaterThan(0), 30_000, 100);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startWorkerProcess({ ...env, SMTP_URL: sink.url() });
    workers.push(second);
    await second.polling();
    const polling = Date.now();
    const key = `${ref}:consultationInvitation:proposal1`;
    await eventually(
      () => expect(sink.messages.map((m) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()))).toContain(key),
      60_000,
      100,
    );
    // Heartbeat timeout (5 s) and the first retry's backoff (5 s), less the time the new worker took to start.
    expect(Date.now() - polling).toBeLessThan(15_000);

    // Stopped the way npm start and a service manager stop it, with its SMTP connections still open, it exits by
    // itself: before, the pooled connections kept it running until the SIGKILL that followed.
    second.child.kill('SIGTERM');
    await Promise.race([second.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    expect(second.child.exitCode).toBe(0);
  } finally {
    for (const w of workers) w.child.kill('SIGKILL');
    for (const socket of held) socket.destroy();
    hanging.close();
    await connection.close();
    await sink.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 150_000);
