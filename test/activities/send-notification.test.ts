import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AddressObject } from 'mailparser';
import { messageIdFor } from '../../activities/message-id';
import type { SentLog } from '../../activities/sent-log';
import { UNDELIVERABLE_RECIPIENT } from '../../activities/send-notification';
import { eventually } from '../helpers/eventually';
import { createHarness, REMINDER_SUBJECT, reminder, roDecision, type Harness } from './harness';

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('sendNotification over SMTP', () => {
  test('when a reminder is sent, then the responsible officer gets what is due, by when, for which arrangement and the link, in text and HTML', async () => {
    const before = Date.now();
    const receipt = await h.attempt(h.activities().sendNotification, reminder());

    expect(receipt).toMatchObject({ key: reminder().key, messageId: messageIdFor(reminder().key), status: 'sent' });
    expect(Date.parse(receipt.acceptedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(h.sink.messages).toHaveLength(1);
    const [mail] = h.sink.messages;
    expect(mail?.envelope).toEqual({ from: 'no-reply@hapa.example', to: ['asha.patel@nhs.example'] });
    const parsed = mail!.parsed;
    expect(addresses(parsed.to)).toEqual(['asha.patel@nhs.example']);
    expect(parsed.subject).toBe(REMINDER_SUBJECT);
    expect(parsed.messageId).toBe(messageIdFor(reminder().key));
    expect(parsed.headers.get('x-hapa-notification-key')).toBe(reminder().key);
    expect(parsed.date!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(parsed.text).toContain('Due soon: Annual review of the arrangement');
    expect(parsed.text).toContain('Arrangement: S31-2026-007, between Northbridge Integrated Care Board and Northbridge City Council');
    expect(parsed.text).toContain('Due by: Tuesday 30 June 2026');
    expect(parsed.text).toContain(
      "Review the arrangement with the other partners, then record the outcome of the review on the arrangement's page.",
    );
    expect(parsed.text).toContain('Open the arrangement to do this: https://hapa.example/arrangements/S31-2026-007');
    expect(parsed.text).toContain('Asha Patel (responsible officer)');
    expect(parsed.text).toContain(
      'Legal basis: NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, regulation 7(3)(f), 9(3)(f)\n',
    );
    expect(parsed.text).not.toMatch(/R0|section31|inferred|\[V\]/);
    expect(parsed.html).toContain(
      '<p>Arrangement: S31-2026-007, between Northbridge Integrated Care Board and Northbridge City Council<br>Due by: Tuesday 30 June 2026</p>',
    );
    expect(parsed.html).toContain(
      '<a href="https://hapa.example/arrangements/S31-2026-007">https://hapa.example/arrangements/S31-2026-007</a>',
    );
    expect(h.logs).toContainEqual(
      expect.objectContaining({ message: 'notification sent', meta: expect.objectContaining({ key: reminder().key }) }),
    );
  });

  test('when the Regional Office decides, then every partner gets the decision with its reasons and citation, and the HTML escapes them', async () => {
    await h.attempt(h.activities().sendNotification, roDecision());

    expect(h.sink.messages).toHaveLength(1);
    const { parsed, envelope } = h.sink.messages[0]!;
    expect(envelope.to).toEqual(['ben.okafor@icb.example', 'carla.jones@council.example']);
    expect(addresses(parsed.to)).toEqual(['ben.okafor@icb.example', 'carla.jones@council.example']);
    expect(parsed.text).toContain('The Regional Office has approved your notification');
    expect(parsed.text).toContain('The arrangement can start on Wednesday 1 July 2026.');
    expect(parsed.text).toContain(
      'Legal basis: Health Act 1999, s.31; NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, reg. 4(2)',
    );
    expect(parsed.text).toContain('Sent to Dr Ben Okafor (chief officer), Carla Jones (chief officer).');
    expect(parsed.text).toContain('Reasons given\n\nThe partners consulted everyone affected.');
    expect(parsed.text).toContain('The <b>pooled fund</b> terms & the host partner');
    expect(parsed.text).not.toContain('Due by');
    expect(parsed.html).toContain('<h2 style="font-size: 19px;">Reasons given</h2>');
    expect(parsed.html).toContain('The &#60;b&#62;pooled fund&#60;/b&#62; terms &#38; the host partner');
    expect(parsed.html).not.toContain('<b>pooled fund</b>');
    expect(parsed.html).toContain('reg. 4(2)');
  });

  test('when the same notification is sent twice, then the second run sends nothing and reports alreadySent', async () => {
    const activities = h.activities();
    const first = await h.attempt(activities.sendNotification, reminder());
    const second = await h.attempt(activities.sendNotification, reminder());

    expect(second).toEqual({ ...first, status: 'alreadySent' });
    expect(h.sink.messages).toHaveLength(1);
    expect(h.logs).toContainEqual(expect.objectContaining({ message: 'notification already sent; not sending again' }));
  });

  test('when two attempts of the same notification overlap in one worker, then only one email is sent', async () => {
    const activities = h.activities();

    const receipts = await Promise.all([
      h.attempt(activities.sendNotification, reminder()),
      h.attempt(activities.sendNotification, reminder()),
    ]);

    expect(receipts.map((r) => r.status).sort()).toEqual(['alreadySent', 'sent']);
    expect(h.sink.messages).toHaveLength(1);
  });

  test('when a first try in the worker is cancelled for time while the mail server is slow to answer, then the activity after it sends no second email', async () => {
    const slow = await createHarness({ dataReplyDelayMs: 1_500 });
    try {
      const activities = slow.activities();
      // The local try (PATCHES.sendLocallyFirst), which Temporal cancels with TIMED_OUT when its 5 s are up.
      const local = new MockActivityEnvironment({ isLocal: true, attempt: 1 });
      const first = local.run(activities.sendNotification, reminder()).catch((err: unknown) => err);
      // The server has the whole message, and its 250 has not come yet, when the try's time is up.
      await eventually(() => expect(slow.sink.received).toHaveLength(1), 10_000, 20);
      local.cancel('TIMED_OUT');

      const handedOver = await slow.attempt(activities.sendNotification, reminder());
      await first;

      expect(handedOver.status).toBe('alreadySent');
      expect(slow.sink.received).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test('when the worker crashes after the server accepted the message, then the retry on a restarted worker sends no second email', async () => {
    const durable = h.sentLog();
    // The record is committed, then the process "dies" before the activity can complete.
    const crashAfterRecord = (log: SentLog): SentLog => ({
      lookup: (key) => log.lookup(key),
      record: async (entry) => {
        await log.record(entry);
        throw new Error('worker lost before the activity completed');
      },
      exclusively: (key, task) => log.exclusively(key, (held) => task(crashAfterRecord(held))),
    });
    const crashing = crashAfterRecord(durable);
    await expect(h.attempt(h.activities({ sentLog: crashing }).sendNotification, reminder())).rejects.toThrow('worker lost');
    expect(h.sink.messages).toHaveLength(1);

    // A fresh worker process: a new sent-log on the same database.
    const retry = await h.attempt(h.activities().sendNotification, reminder());

    expect(retry.status).toBe('alreadySent');
    expect(h.sink.messages).toHaveLength(1);
  });

  test('when the SMTP server is down, then every send fails retryably, and once it is back each message is delivered exactly once', async () => {
    const notifications = [reminder(), roDecision(), reminder({ key: 'S31-2026-007:annual-review:D0', kind: 'dueToday' })];
    const activities = h.activities();
    await h.sink.stop();

    for (const n of notifications) {
      const failure = await h.attempt(activities.sendNotification, n).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
      expect((failure as Error).cause).toMatchObject({ code: 'ESOCKET' });
    }

    await h.sink.start();
    // Temporal retries each activity; a second retry (e.g. after a lost completion) must not resend.
    const receipts = [];
    for (const n of notifications) receipts.push(await h.attempt(activities.sendNotification, n));
    for (const n of notifications) receipts.push(await h.attempt(activities.sendNotification, n));

    expect(receipts.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'alreadySent', 'alreadySent', 'alreadySent']);
    expect(h.sink.messages.map((m) => m.parsed.messageId).sort()).toEqual(notifications.map((n) => messageIdFor(n.key)).sort());
  });

  test('when the only recipient is refused with 550, then the failure is non-retryable of type undeliverableRecipient and a retry contacts nobody', async () => {
    h.sink.reject.add('asha.patel@nhs.example');
    const activities = h.activities();

    const failure = await h.attempt(activities.sendNotification, reminder()).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: UNDELIVERABLE_RECIPIENT, nonRetryable: true });
    expect((failure as ApplicationFailure).message).toContain('asha.patel@nhs.example (550 5.1.1');
    expect(h.sink.messages).toHaveLength(0);

    // Even a re-run (say after a workflow reset) repeats the refusal from the log, without SMTP.
    await h.sink.stop();
    await expect(h.attempt(activities.sendNotification, reminder())).rejects.toMatchObject({ type: UNDELIVERABLE_RECIPIENT });
  });

  test('when one of two partners is refused with 550, then the other gets the message once and the failure names the refused address', async () => {
    h.sink.reject.add('carla.jones@council.example');
    const activities = h.activities();

    const failure = await h.attempt(activities.sendNotification, roDecision()).catch((err: unknown) => err);
    const retried = await h.attempt(activities.sendNotification, roDecision()).catch((err: unknown) => err);

    for (const f of [failure, retried]) {
      expect(f).toMatchObject({ type: UNDELIVERABLE_RECIPIENT, nonRetryable: true });
      expect((f as Error).message).toMatch(/carla\.jones@council\.example .*delivered to ben\.okafor@icb\.example/);
    }
    expect(h.sink.messages.map((m) => m.envelope.to)).toEqual([['ben.okafor@icb.example']]);
  });

  test('when a partner is deferred with 451, then the retry sends to that partner only, with the same Message-ID', async () => {
    h.sink.defer.add('carla.jones@council.example');
    const activities = h.activities();

    await expect(h.attempt(activities.sendNotification, roDecision())).rejects.not.toBeInstanceOf(ApplicationFailure);
    h.sink.defer.clear();
    const receipt = await h.attempt(activities.sendNotification, roDecision());

    expect(receipt.status).toBe('sent');
    expect(h.sink.messages.map((m) => m.envelope.to)).toEqual([['ben.okafor@icb.example'], ['carla.jones@council.example']]);
    expect(new Set(h.sink.messages.map((m) => m.parsed.messageId))).toEqual(new Set([messageIdFor(roDecision().key)]));
    expect(addresses(h.sink.messages[1]!.parsed.to)).toEqual(['ben.okafor@icb.example', 'carla.jones@council.example']);
  });

  test('when one partner is deferred and another refused, then the deferred partner still gets it before the refusal is reported', async () => {
    const ro = { name: 'Regional Office (London)', email: 'ro.london@nhs.example', role: 'regionalOffice' as const };
    const decision = roDecision({ recipients: [...roDecision().recipients, ro] });
    h.sink.defer.add('carla.jones@council.example');
    h.sink.reject.add('ro.london@nhs.example');
    const activities = h.activities();

    await expect(h.attempt(activities.sendNotification, decision)).rejects.not.toBeInstanceOf(ApplicationFailure);
    h.sink.defer.clear();
    const failure = await h.attempt(activities.sendNotification, decision).catch((err: unknown) => err);

    expect(failure).toMatchObject({ type: UNDELIVERABLE_RECIPIENT, nonRetryable: true });
    expect((failure as Error).message).toContain('ro.london@nhs.example (550');
    expect(h.sink.messages.map((m) => m.envelope.to)).toEqual([['ben.okafor@icb.example'], ['carla.jones@council.example']]);
  });

  test('when no recipient has an email address, then the failure is non-retryable and nothing is sent', async () => {
    const n = reminder({ recipients: [{ name: 'Vacant post', email: '', role: 'responsible' }] });

    await expect(h.attempt(h.activities().sendNotification, n)).rejects.toMatchObject({
      type: UNDELIVERABLE_RECIPIENT,
      nonRetryable: true,
    });
    expect(h.sink.messages).toHaveLength(0);
  });
});
