/**
 * Issue 15 §2, done when: a pooled fund recorded after it started (so years of reminders and
 * escalations fall due at once), on the Temporal dev server with a real SMTP server and PostgreSQL,
 * reaches each person as one digest instead of a flood; and the digest run, run again for the same
 * period, sends nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities/activities';
import { createDigestActivities } from '../../activities/digests';
import { createMailTransport } from '../../activities/mail-transport';
import { createSentLog } from '../../activities/sent-log';
import { chooseDeliveries } from '../../store/digests';
import { createReadModel } from '../../store/read-model';
import { createRegister } from '../../store/register';
import { digestScheduleId, ensureDigestSchedules } from '../../worker/digest-schedules';
import type { digestWorkflow } from '../../workflows/digest-workflow';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import { actAll, startArrangement, stateOf, termsForFinancialYear, waitForState } from '../helpers/arrangements';
import { testDatabase } from '../helpers/database';
import { startSmtpSink } from '../helpers/smtp-sink';
import { devServerEnv, uniqueRef, withWorker } from '../helpers/temporal';

jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real SMTP sink, a database of the test's own, and a worker's activities with digests on (weekly by default). */
async function digestWorld() {
  const sink = await startSmtpSink();
  const database = await testDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hapa-digests-'));
  const transport = createMailTransport({ SMTP_URL: sink.url(), HAPA_DATA_DIR: dataDir });
  const email = {
    transport,
    sentLog: createSentLog(database.db),
    from: 'hapa <no-reply@hapa.example>',
    arrangementUrl: (ref: string) => `https://hapa.example/arrangements/${ref}`,
  };
  const digests = { db: database.db, defaultDelivery: 'weekly' as const, burstLimit: 3 };
  const activities = {
    ...createActivities({ ...email, register: createRegister(database.db), readModel: createReadModel(database.db), digests }),
    ...createDigestActivities({ ...email, ...digests }),
  };
  return {
    sink,
    database,
    activities,
    async close() {
      transport.close();
      await sink.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('when a pooled fund that started two years ago is recorded, then each person gets one digest instead of a flood, and a second run of the digest sends nothing', async () => {
  const env = await devServerEnv();
  // The deployment's default: a weekly digest.
  const { sink, database, activities, close } = await digestWorld();
  try {
    const now = new Date();
    const financialYear = (now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1) - 2;
    const terms = termsForFinancialYear(financialYear);

    await withWorker(env, activities, async ({ taskQueue }) => {
      const ref = uniqueRef();
      const handle = await startArrangement(
        env.client,
        taskQueue,
        { ref, terms, policy: { allowRetrospectiveStart: true } },
        officerOf(PARTNERS.ha.id),
      );
      await actAll(handle, commandsToReachReady(terms));
      await waitForState(handle, (s) => s.status === 'active');

      // Wait until the catch-up has settled: the held notifications stop growing.
      const held = async () =>
        Number(
          (
            await database.db
              .selectFrom('digest_item')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      let last = -1;
      for (let stable = 0; stable < 3;) {
        await sleep(1_000);
        const count = await held();
        stable = count === last ? stable + 1 : 0;
        last = count;
      }
      const people = (await database.db.selectFrom('digest_item').select('email').distinct().execute()).map((r) => r.email).sort();
      // A flood it would have been: many more notifications than people, and none sent one by one.
      expect(last).toBeGreaterThan(people.length * 2);
      expect(sink.messages).toHaveLength(0);
      expect((await stateOf(handle)).failures).toEqual([]);

      const run = (id: string) =>
        env.client.workflow.execute<typeof digestWorkflow>('digestWorkflow', {
          taskQueue,
          workflowId: `${ref}-digest-${id}`,
          args: [{ cadence: 'weekly' }],
        });
      const first = await run('1');
      expect(first.sent).toBe(people.length);
      const second = await run('2');
      expect(second.sent).toBe(0);

      const received = sink.messages.map((m) => m.envelope.to.join(',').toLowerCase()).sort();
      expect(received).toEqual(people);
      for (const message of sink.messages) {
        expect(message.parsed.subject).toMatch(/^Your summary for the week to /);
        expect(message.parsed.text).toContain(`https://hapa.example/arrangements/${ref}`);
      }
      // The responsible officer's digest lists the overdue quarterly reports, oldest first.
      const busiest = sink.messages.reduce((a, b) => ((a.parsed.text ?? '').length >= (b.parsed.text ?? '').length ? a : b));
      const dates = [...(busiest.parsed.text ?? '').matchAll(/was due on \w+ (\d+ \w+ \d{4})/g)].map((m) => Date.parse(m[1] ?? ''));
      expect(dates.length).toBeGreaterThan(1);
      expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    });
  } finally {
    await close();
    await env.teardown();
  }
});

test('when workers start, then the daily and weekly digest schedules exist once, in England time, and a run they start sends the waiting digests', async () => {
  const env = await devServerEnv();
  const { sink, database, activities, close } = await digestWorld();
  let ids: string[] = [];
  try {
    await withWorker(env, activities, async ({ taskQueue }) => {
      ids = [digestScheduleId('daily', taskQueue), digestScheduleId('weekly', taskQueue)];
      // Two workers starting: the second finds the schedules there.
      expect(await ensureDigestSchedules(env.client, taskQueue)).toEqual(ids);
      expect(await ensureDigestSchedules(env.client, taskQueue)).toEqual([]);
      const daily = await env.client.schedule.getHandle(ids[0] ?? '').describe();
      expect(daily.spec.timezone).toBe('Europe/London');
      expect(daily.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
      expect(daily.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'digestWorkflow',
        args: [{ cadence: 'daily' }],
        taskQueue,
      });

      await chooseDeliveries(
        database.db,
        [
          {
            email: 'ben.okafor@icb.example',
            name: 'Dr Ben Okafor',
            notificationKey: 'ARR-1:quarterlyReport:E2',
            arrangementRef: 'ARR-1',
            messageKind: 'overdue',
            subject: 'Quarterly report for quarter 1 of 2040/41 (ARR-1)',
            dueDate: '2040-07-27',
          },
        ],
        60_000,
        () => 'daily',
      );
      await env.client.schedule.getHandle(ids[0] ?? '').trigger();
      for (let i = 0; i < 100 && sink.messages.length === 0; i += 1) await sleep(200);
      expect(sink.messages.map((m) => m.envelope.to)).toEqual([['ben.okafor@icb.example']]);
    });
  } finally {
    for (const id of ids)
      await env.client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await close();
    await env.teardown();
  }
});
