/**
 * Digests instead of floods (issue 15 §2), against a real SMTP server and PostgreSQL: who gets a
 * notification at once and who in a digest, and a digest sent once per person and period however
 * many runs, retries or workers there are.
 */
import { createActivities, type Activities } from '../../activities/activities';
import { createDigestActivities, digestKey, type DigestActivities } from '../../activities/digests';
import type { DigestSettings } from '../../domain';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { createSentLog } from '../../activities/sent-log';
import { createReadModel } from '../../store/read-model';
import { createRegister } from '../../store/register';
import { setPreference } from '../../store/digests';
import { roundTrips } from '../helpers/round-trips';
import { arrangementUrl, createHarness, FROM, reminder, roDecision, type Harness } from './harness';

let h: Harness;
const transports: MailTransport[] = [];
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await h.close();
});

/** The activities of one worker process with digests on; call again for a restarted or second worker. */
function worker(settings: Partial<DigestSettings> = {}): Activities & DigestActivities {
  const transport = createMailTransport({ SMTP_URL: h.sink.url(), HAPA_DATA_DIR: h.dataDir });
  transports.push(transport);
  const email = { transport, sentLog: createSentLog(h.database.db), from: FROM, arrangementUrl };
  const digests = { db: h.database.db, defaultDelivery: 'weekly' as const, burstLimit: 3, ...settings };
  return {
    ...createActivities({ ...email, register: createRegister(h.database.db), readModel: createReadModel(h.database.db), digests }),
    ...createDigestActivities({ ...email, ...digests }),
  };
}

const MONDAY_7AM = Date.parse('2026-06-15T06:00:00Z');
const keyOf = (m: { parsed: { headers: Map<string, unknown> } }) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase());

test('when a person on the default weekly digest is sent two notifications, then nothing goes out until the weekly digest lists both', async () => {
  const w = worker();
  expect((await h.attempt(w.sendNotification, reminder())).status).toBe('held');
  expect(
    (await h.attempt(w.sendNotification, reminder({ key: 'S31-2026-008:annual-review:R0', arrangementRef: 'S31-2026-008' }))).status,
  ).toBe('held');
  expect(h.sink.messages).toHaveLength(0);

  const report = await h.attempt(w.sendDigests, { cadence: 'weekly', at: MONDAY_7AM });
  expect(report).toMatchObject({ period: 'weekly-2026-06-15', sent: 1 });
  const [digest] = h.sink.to('asha.patel@nhs.example');
  expect(h.sink.messages).toHaveLength(1);
  expect(digest?.parsed.subject).toBe('Your summary for the week to Monday 15 June 2026: 2 messages about 2 arrangements');
  expect(digest?.parsed.text).toContain(
    '- Annual review of the arrangement (S31-2026-007). It is due on Tuesday 30 June 2026. Open it: https://hapa.example/arrangements/S31-2026-007',
  );
  expect(digest?.parsed.text).toContain(arrangementUrl('S31-2026-008'));
  expect(keyOf(digest!)).toBe(digestKey('asha.patel@nhs.example', 'weekly-2026-06-15'));
  expect(String(keyOf(digest!))).not.toContain('asha');
});

test('when the digest of a period is run twice, by a restarted worker and by two workers at once, then each person gets it once', async () => {
  const first = worker();
  await h.attempt(first.sendNotification, reminder());
  await h.attempt(first.sendNotification, roDecision());
  expect(h.sink.messages).toHaveLength(0);

  const [a, b] = await Promise.all([
    h.attempt(first.sendDigests, { cadence: 'weekly', at: MONDAY_7AM }),
    h.attempt(worker().sendDigests, { cadence: 'weekly', at: MONDAY_7AM + 60_000 }),
  ]);
  expect(a.sent + b.sent).toBe(3);
  // A restarted worker, an hour later, for the same period.
  const again = await h.attempt(worker().sendDigests, { cadence: 'weekly', at: MONDAY_7AM + 3_600_000 });
  expect(again.sent).toBe(0);

  const people = h.sink.messages.map((m) => m.envelope.to.join(',')).sort();
  expect(people).toEqual(['asha.patel@nhs.example', 'ben.okafor@icb.example', 'carla.jones@council.example']);
});

test('when an overdue escalation reaches a chief officer who chose immediate messages, then it waits for their daily digest; other news still goes at once', async () => {
  await setPreference(h.database.db, 'Ben.Okafor@icb.example', 'immediate');
  const w = worker();
  const overdue = reminder({
    key: 'S31-2026-007:annual-review:E2',
    kind: 'overdue',
    message: 'overdue',
    ladderStep: 'E2',
    recipients: [{ name: 'Dr Ben Okafor', email: 'ben.okafor@icb.example', role: 'chiefOfficers' }],
  });
  expect((await h.attempt(w.sendNotification, overdue)).status).toBe('held');
  expect((await h.attempt(w.sendNotification, roDecision())).status).toBe('sent');
  // Carla kept the default (weekly): the decision went to Ben alone.
  expect(h.sink.messages.map((m) => m.envelope.to)).toEqual([['ben.okafor@icb.example']]);

  expect(await h.attempt(w.sendDigests, { cadence: 'daily', at: MONDAY_7AM })).toMatchObject({ sent: 1 });
  const digest = h.sink.messages[1];
  expect(digest?.envelope.to).toEqual(['ben.okafor@icb.example']);
  expect(digest?.parsed.text).toContain('- Annual review of the arrangement (S31-2026-007). It was due on Tuesday 30 June 2026.');
  // Carla's decision waits for the weekly digest, not the daily one.
  expect(h.sink.to('carla.jones@council.example')).toHaveLength(0);
});

test('when a person on immediate messages is sent a burst (a catch-up), then the first few go at once and the rest wait for the daily digest', async () => {
  const w = worker({ defaultDelivery: 'immediate', burstLimit: 3 });
  const burst = Array.from({ length: 6 }, (_v, i) =>
    reminder({ key: `S31-2026-007:quarterly-report:${i}`, obligationId: `quarterlyReport:${i}` }),
  );
  const receipts = await Promise.all(burst.map((n) => h.attempt(w.sendNotification, n)));
  expect(receipts.filter((r) => r.status === 'sent')).toHaveLength(3);
  expect(receipts.filter((r) => r.status === 'held')).toHaveLength(3);
  // A retried attempt keeps its first answer.
  for (const n of burst) await h.attempt(w.sendNotification, n);
  expect(h.sink.messages).toHaveLength(3);

  await h.attempt(w.sendDigests, { cadence: 'daily', at: MONDAY_7AM });
  expect(h.sink.messages).toHaveLength(4);
  expect(h.sink.messages[3]?.parsed.subject).toBe('Your summary for Monday 15 June 2026: 3 messages about 1 arrangement');
  expect(keyOf(h.sink.messages[3]!)).toMatch(/^digest:[0-9a-f]{16}:daily-2026-06-15$/);
});

test('when a deployment sets no burst limit (0), then a person on immediate messages gets every message of a burst at once', async () => {
  const w = worker({ defaultDelivery: 'immediate', burstLimit: 0 });
  const burst = Array.from({ length: 6 }, (_v, i) =>
    reminder({ key: `S31-2026-007:quarterly-report:${i}`, obligationId: `quarterlyReport:${i}` }),
  );
  const receipts = await Promise.all(burst.map((n) => h.attempt(w.sendNotification, n)));
  expect(receipts.map((r) => r.status)).toEqual(Array(6).fill('sent'));
  expect(h.sink.messages).toHaveLength(6);
});

test('when a reminder goes out at once with digests on, then it takes nine PostgreSQL round trips: five to choose, four under its sent-log key', async () => {
  const w = worker({ defaultDelivery: 'immediate' });
  let receipt: Awaited<ReturnType<typeof w.sendNotification>> | undefined;
  expect(await roundTrips(async () => (receipt = await h.attempt(w.sendNotification, reminder())))).toBe(9);
  expect(receipt?.status).toBe('sent');
  // A retry finds the decision and the sent-log record: nothing is inserted, nothing sent again.
  expect(await roundTrips(async () => (receipt = await h.attempt(w.sendNotification, reminder())))).toBe(7);
  expect(receipt?.status).toBe('alreadySent');
});
