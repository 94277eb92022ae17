/**
 * The real email activities against a real SMTP server that goes down while a reminder is due:
 * Temporal retries the activity with backoff until the server is back, and every message then
 * arrives exactly once (issue: "SMTP down → retried with backoff, nothing lost"); but a reminder
 * whose duty is met, or whose arrangement ends, while it waits is never delivered (issue 10). A
 * server that answers only after the local try's 5 s still gets each message once (issue 17).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activityInfo } from '@temporalio/activity';
import { createActivities, type Activities } from '../../activities/activities';
import { createMailTransport } from '../../activities/mail-transport';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { createSentLog } from '../../activities/sent-log';
import { createRegister } from '../../store/register';
import { createReadModel } from '../../store/read-model';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import {
  act,
  actAll,
  eventually,
  stateOf,
  stepsBefore,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { skipTo } from '../helpers/temporal';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);
const proposer = officerOf(PARTNERS.ha.id);

let sink: SmtpSink;
let dataDir: string;
let database: TestDatabase;
beforeEach(async () => {
  sink = await startSmtpSink();
  database = await testDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hapa-outage-'));
});
afterEach(async () => {
  await sink.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real activities against the sink, recording each attempt; and the notification keys the sink has received. */
function realActivities(): {
  activities: Activities;
  attempts: { key: string; attempt: number; local: boolean; status?: string }[];
  keysAtSink: () => string[];
} {
  const real = createActivities({
    transport: createMailTransport({ SMTP_URL: sink.url(), HAPA_DATA_DIR: dataDir }),
    sentLog: createSentLog(database.db),
    register: createRegister(database.db),
    readModel: createReadModel(database.db),
    from: 'hapa <no-reply@hapa.example>',
    arrangementUrl: (ref) => `https://hapa.example/arrangements/${ref}`,
  });
  const attempts: { key: string; attempt: number; local: boolean; status?: string }[] = [];
  const activities: Activities = {
    recordClosure: real.recordClosure,
    projectSummary: real.projectSummary,
    async sendNotification(n) {
      const attempt = { key: n.key, attempt: activityInfo().attempt, local: activityInfo().isLocal };
      attempts.push(attempt);
      const outcome = await real.sendNotification(n);
      Object.assign(attempt, { status: outcome.status });
      return outcome;
    },
  };
  const keysAtSink = () => sink.messages.map((m) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()) as string);
  return { activities, attempts, keysAtSink };
}

test('when the SMTP server is down as a reminder falls due, then the reminder is retried and arrives exactly once after recovery', async () => {
  const { activities, attempts, keysAtSink } = realActivities();

  await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
    await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
    await eventually(() => expect(keysAtSink()).toEqual([`${ref}:consultationInvitation:proposal1`]));

    // The consultation closes on 2040-03-26; its first reminder is due on 2040-03-12.
    await sink.stop();
    await skipTo(env(), '2040-03-12T01:00');
    const r0 = `${ref}:consultationClose:proposal1:R0`;
    await eventually(() => expect(attempts.filter((a) => a.key === r0).length).toBeGreaterThanOrEqual(3));
    expect(keysAtSink()).not.toContain(r0);

    await sink.start();
    await skipTo(env(), '2040-03-12T02:00');
    await eventually(() => expect(keysAtSink()).toContain(r0));
    await skipTo(env(), '2040-03-24');
    await eventually(() => expect(keysAtSink()).toContain(`${ref}:consultationClose:proposal1:R1`));

    const keys = keysAtSink();
    expect(keys.filter((k) => k === r0)).toHaveLength(1);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await stateOf(handle)).failures).toEqual([]);
  });
});

test('when the partners notify the Regional Office while the "due today" reminder waits out a mail outage, then the reminder is never delivered', async () => {
  const { activities, attempts, keysAtSink } = realActivities();

  await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
    await actAll(handle, stepsBefore(commandsToReachReady(terms), 'submitNotification'));

    // Notification is due 30 days before the 2040-04-01 start: on 2040-03-02; its early reminders go out on time.
    await skipTo(env(), '2040-03-01T12:00');
    await eventually(() => expect(keysAtSink()).toContain(`${ref}:notifyBeforeStart:v1:R1`));
    // The mail server is down on the day it falls due.
    await sink.stop();
    await skipTo(env(), '2040-03-02T01:00');
    const d0 = `${ref}:notifyBeforeStart:v1:D0`;
    await eventually(() => expect(attempts.filter((a) => a.key === d0).length).toBeGreaterThanOrEqual(2));

    await act(handle, { command: { type: 'submitNotification', formRef: 'NOTIF-1' }, actor: proposer });
    const attemptsWhenMet = attempts.filter((a) => a.key === d0).length;
    await sink.start();
    await skipTo(env(), '2040-03-02T03:00');
    await eventually(() => expect(keysAtSink().some((k) => k.includes(':notificationSubmitted:'))).toBe(true));
    await skipTo(env(), '2040-03-04T12:00');

    expect((await stateOf(handle)).status).toBe('notified');
    expect(keysAtSink().filter((k) => k.includes(':notifyBeforeStart:') && !k.endsWith(':R0') && !k.endsWith(':R1'))).toEqual([]);
    expect(attempts.filter((a) => a.key === d0).length).toBe(attemptsWhenMet);
    expect((await stateOf(handle)).failures).toEqual([]);
    await recordHistoryFixture(handle, 'reminder-withdrawn-in-outage');
  });
});

test('when an arrangement is abandoned while a reminder waits out a mail outage, then the reminder is never delivered', async () => {
  const { activities, attempts, keysAtSink } = realActivities();

  await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
    await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
    await eventually(() => expect(keysAtSink()).toEqual([`${ref}:consultationInvitation:proposal1`]));

    await sink.stop();
    await skipTo(env(), '2040-03-12T01:00');
    const r0 = `${ref}:consultationClose:proposal1:R0`;
    await eventually(() => expect(attempts.filter((a) => a.key === r0).length).toBeGreaterThanOrEqual(2));

    await act(handle, { command: { type: 'abandon', reason: 'Partners withdrew' }, actor: proposer });
    const attemptsWhenEnded = attempts.filter((a) => a.key === r0).length;
    await sink.start();
    const final = await handle.result();
    expect(final.status).toBe('abandoned');

    expect(keysAtSink()).not.toContain(r0);
    expect(attempts.filter((a) => a.key === r0).length).toBe(attemptsWhenEnded);
  });
});

test('when the mail server answers a message only after the local try has timed out, then the activity after it finds the message sent, and it arrives once', async () => {
  // The server takes the whole message, then answers 7 s later: past the local try's 5 s, within
  // nodemailer's socket timeout. The try is not aborted (activities/send-notification.ts): it holds
  // the sent-log's key until the answer, and the activity the workflow hands the send to waits for
  // that key and finds the record.
  await sink.stop();
  sink = await startSmtpSink({ dataReplyDelayMs: 7_000 });
  const { activities, attempts, keysAtSink } = realActivities();

  await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
    await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
    const invitation = `${ref}:consultationInvitation:proposal1`;
    // Handed to the activity when the local try timed out; the activity's attempt ends once the try has.
    await eventually(() => expect(attempts.find((a) => a.key === invitation && !a.local)?.status).toBeDefined(), 20_000);

    expect(keysAtSink()).toEqual([invitation]);
    expect(attempts).toEqual([
      { key: invitation, attempt: 1, local: true, status: 'sent' },
      { key: invitation, attempt: 1, local: false, status: 'alreadySent' },
    ]);
    expect((await stateOf(handle)).failures).toEqual([]);
  });
}, 60_000);
