import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createActivities } from '../../activities/activities';
import { createMailTransport, outboxDir, type MailTransport } from '../../activities/mail-transport';
import { messageIdFor } from '../../activities/message-id';
import type { OutboxEntry } from '../../activities/outbox-transport';
import { createRegister } from '../../store/register';
import { createReadModel } from '../../store/read-model';
import { startSmtpSink } from '../helpers/smtp-sink';
import { arrangementUrl, createHarness, FROM, REMINDER_SUBJECT, reminder, roDecision, type Harness } from './harness';

describe('createMailTransport', () => {
  let h: Harness;
  let dataDir: string;
  let transport: MailTransport;
  beforeEach(async () => {
    h = await createHarness();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hapa-outbox-'));
    transport = createMailTransport({ HAPA_DATA_DIR: dataDir });
  });
  afterEach(async () => {
    transport.close();
    await h.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const outboxActivities = () =>
    createActivities({
      transport,
      sentLog: h.sentLog(),
      register: createRegister(h.database.db),
      readModel: createReadModel(h.database.db),
      from: FROM,
      arrangementUrl,
    });

  const readIndex = async (): Promise<OutboxEntry[]> =>
    (await readFile(path.join(outboxDir(dataDir), 'index.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OutboxEntry);

  test('when SMTP_URL is unset, then each message is written as a readable .eml file listed in the outbox index', async () => {
    const activities = outboxActivities();
    await h.attempt(activities.sendNotification, reminder());
    await h.attempt(activities.sendNotification, roDecision());

    const index = await readIndex();
    expect(index).toEqual([
      {
        key: reminder().key,
        messageId: messageIdFor(reminder().key),
        to: ['asha.patel@nhs.example'],
        subject: REMINDER_SUBJECT,
        file: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-S31-2026-007-annual-review-R0\.eml$/),
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      expect.objectContaining({ key: roDecision().key, to: ['ben.okafor@icb.example', 'carla.jones@council.example'] }),
    ]);
    const files = await readdir(outboxDir(dataDir));
    expect(files.sort()).toEqual([...index.map((e) => e.file), 'index.jsonl'].sort());

    const eml = await simpleParser(await readFile(path.join(outboxDir(dataDir), index[0]!.file)));
    expect(eml.subject).toBe(REMINDER_SUBJECT);
    expect(eml.messageId).toBe(messageIdFor(reminder().key));
    expect(eml.text).toContain('Due by: Tuesday 30 June 2026');
    expect(eml.html).toContain('https://hapa.example/arrangements/S31-2026-007');
    // Owner-only: the outbox names officers and their addresses.
    expect((await stat(outboxDir(dataDir))).mode & 0o777).toBe(0o700);
    for (const file of files) expect([file, (await stat(path.join(outboxDir(dataDir), file))).mode & 0o777]).toEqual([file, 0o600]);
  });

  test('when a notification already in the outbox is sent again, then no second file is written', async () => {
    await h.attempt(outboxActivities().sendNotification, reminder());
    const again = await h.attempt(outboxActivities().sendNotification, reminder());

    expect(again.status).toBe('alreadySent');
    expect(await readIndex()).toHaveLength(1);
    expect((await readdir(outboxDir(dataDir))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  test('when SMTP_URL carries credentials, then the transport authenticates with them', async () => {
    const credentials = { user: 'hapa', pass: 's3cret/with:chars' };
    const sink = await startSmtpSink({ credentials });
    const smtp = createMailTransport({ SMTP_URL: sink.url(credentials), HAPA_DATA_DIR: dataDir });
    try {
      const activities = createActivities({
        transport: smtp,
        sentLog: h.sentLog(),
        register: createRegister(h.database.db),
        readModel: createReadModel(h.database.db),
        from: FROM,
        arrangementUrl,
      });
      await h.attempt(activities.sendNotification, reminder());
      expect(sink.messages.map((m) => m.user)).toEqual(['hapa']);
    } finally {
      smtp.close();
      await sink.stop();
    }
  });

  test('when SMTP_URL carries wrong credentials, then the send fails retryably', async () => {
    const sink = await startSmtpSink({ credentials: { user: 'hapa', pass: 'right' } });
    const smtp = createMailTransport({ SMTP_URL: sink.url({ user: 'hapa', pass: 'wrong' }), HAPA_DATA_DIR: dataDir });
    try {
      const activities = createActivities({
        transport: smtp,
        sentLog: h.sentLog(),
        register: createRegister(h.database.db),
        readModel: createReadModel(h.database.db),
        from: FROM,
        arrangementUrl,
      });
      await expect(h.attempt(activities.sendNotification, reminder())).rejects.toMatchObject({
        cause: expect.objectContaining({ code: 'EAUTH' }),
      });
      expect(sink.messages).toHaveLength(0);
    } finally {
      smtp.close();
      await sink.stop();
    }
  });
});
