import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createMailTransport } from '../../activities/mail-transport';
import { UNDELIVERABLE_RECIPIENT } from '../../activities/send-notification';
import { loadConfig, NOTIFY_TEMPLATE_KINDS } from '../../config';
import { startNotifyServer, type NotifyServer } from '../helpers/notify-server';
import { sampleNotifications } from '../helpers/sample-notifications';
import { createHarness, reminder, roDecision, type Harness } from './harness';

const templates = { reminder: randomUUID(), roDecision: randomUUID(), default: randomUUID() };

let h: Harness;
let notify: NotifyServer;
beforeEach(async () => {
  h = await createHarness();
  notify = await startNotifyServer(Object.values(templates));
});
afterEach(async () => {
  await h.close();
  await notify.close();
});

/** The worker's activities with Notify chosen by configuration, as `npm run worker` builds them. */
const notifyActivities = (apiKey = notify.apiKey) => {
  const config = loadConfig({
    MAIL_TRANSPORT: 'notify',
    NOTIFY_API_KEY: apiKey,
    NOTIFY_BASE_URL: notify.url,
    NOTIFY_TEMPLATE_IDS: JSON.stringify(templates),
    HAPA_DATA_DIR: h.dataDir,
  });
  return h.activities({ transport: createMailTransport(config) });
};

describe('sendNotification through GOV.UK Notify', () => {
  test('when a reminder is sent, then Notify gets its template, the rendered words and the notification key as reference', async () => {
    const receipt = await h.attempt(notifyActivities().sendNotification, reminder());

    expect(receipt).toMatchObject({ key: reminder().key, status: 'sent' });
    expect(notify.accepted).toEqual([
      {
        email_address: 'asha.patel@nhs.example',
        template_id: templates.reminder,
        reference: reminder().key,
        personalisation: {
          subject: 'Reminder: Annual review of the arrangement, due Tuesday 30 June 2026 (S31-2026-007)',
          body: expect.stringContaining('Due by: Tuesday 30 June 2026'),
          arrangement_ref: 'S31-2026-007',
          arrangement_partners: 'Northbridge Integrated Care Board and Northbridge City Council',
          due_date: 'Tuesday 30 June 2026',
          link: 'https://hapa.example/arrangements/S31-2026-007',
          legal_basis: 'NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, regulation 7(3)(f), 9(3)(f)',
          reasons: '',
        },
      },
    ]);
    expect(h.sink.messages).toHaveLength(0);
    expect(await h.sentLog().lookup(reminder().key)).toMatchObject({ accepted: ['asha.patel@nhs.example'], refused: [] });
  });

  test('when a kind has no template of its own, then the default template is used', async () => {
    const n = sampleNotifications().ending;
    await h.attempt(notifyActivities().sendNotification, n);

    expect(new Set(notify.accepted.map((e) => e.template_id))).toEqual(new Set([templates.default]));
    expect(notify.accepted.map((e) => e.reference)).toEqual(n.recipients.map(() => n.key));
  });

  test('when the same notification is sent again, then Notify is not asked twice', async () => {
    const activities = notifyActivities();
    await h.attempt(activities.sendNotification, roDecision());
    const again = await h.attempt(activities.sendNotification, roDecision());

    expect(again.status).toBe('alreadySent');
    expect(notify.accepted.map((e) => e.email_address)).toEqual(['ben.okafor@icb.example', 'carla.jones@council.example']);
  });

  test('when Notify fails part-way (500), then the retry reaches only the partner not yet reached, each exactly once', async () => {
    const activities = notifyActivities();
    notify.failNext(500, 1, 1);

    const failure = await h.attempt(activities.sendNotification, roDecision()).catch((err: unknown) => err);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect((failure as Error).message).toContain('deferred for carla.jones@council.example');
    expect(await h.sentLog().lookup(roDecision().key)).toMatchObject({ accepted: ['ben.okafor@icb.example'] });

    expect(await h.attempt(activities.sendNotification, roDecision())).toMatchObject({ status: 'sent' });
    expect(notify.accepted.map((e) => e.email_address)).toEqual(['ben.okafor@icb.example', 'carla.jones@council.example']);
    expect(notify.statuses).toEqual([201, 500, 201]);
  });

  test('when Notify is down (500, then 429), then nothing is recorded and a later attempt sends once', async () => {
    const activities = notifyActivities();
    notify.failNext(500);
    await expect(h.attempt(activities.sendNotification, reminder())).rejects.toThrow(
      /could not be handed to the mail server \(NOTIFY_500\)/,
    );
    notify.failNext(429);
    await expect(h.attempt(activities.sendNotification, reminder())).rejects.not.toBeInstanceOf(ApplicationFailure);
    expect(await h.sentLog().lookup(reminder().key)).toBeUndefined();

    await h.attempt(activities.sendNotification, reminder());
    expect(notify.accepted).toHaveLength(1);
    expect(notify.statuses).toEqual([500, 429, 201]);
  });

  test('when Notify refuses one address (400), then the other partner gets it once and the failure names the refused address', async () => {
    notify.invalid.add('carla.jones@council.example');
    const activities = notifyActivities();

    const failure = await h.attempt(activities.sendNotification, roDecision()).catch((err: unknown) => err);
    const retried = await h.attempt(activities.sendNotification, roDecision()).catch((err: unknown) => err);

    for (const f of [failure, retried]) {
      expect(f).toMatchObject({ type: UNDELIVERABLE_RECIPIENT, nonRetryable: true });
      expect((f as Error).message).toMatch(/carla\.jones@council\.example \(ValidationError: email_address Not a valid email address\)/);
      expect((f as Error).message).toContain('delivered to ben.okafor@icb.example');
    }
    expect(notify.accepted.map((e) => e.email_address)).toEqual(['ben.okafor@icb.example']);
  });

  test('when the API key is wrong, then Notify answers 403 and the send is retried, not given up', async () => {
    const wrongKey = `hapa_test-${notify.serviceId}-${randomUUID()}`;
    const failure = await h.attempt(notifyActivities(wrongKey).sendNotification, reminder()).catch((err: unknown) => err);

    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect((failure as Error).message).toContain('NOTIFY_403');
    expect(notify.statuses).toEqual([403]);
    expect(notify.accepted).toHaveLength(0);
  });
});

describe('choosing GOV.UK Notify in configuration', () => {
  const base = { MAIL_TRANSPORT: 'notify', NOTIFY_API_KEY: `hapa-${randomUUID()}-${randomUUID()}` };

  test('when Notify is chosen without a key or templates, then start-up names both variables', () => {
    expect(() => loadConfig({ MAIL_TRANSPORT: 'notify' })).toThrow(
      /NOTIFY_API_KEY: is needed[\s\S]*NOTIFY_TEMPLATE_IDS: has no GOV.UK Notify template/,
    );
  });

  test('when a message kind has no template and there is no default, then start-up names the kind', () => {
    const ids = Object.fromEntries(NOTIFY_TEMPLATE_KINDS.filter((k) => k !== 'overdue').map((k) => [k, randomUUID()]));
    expect(() => loadConfig({ ...base, NOTIFY_TEMPLATE_IDS: JSON.stringify(ids) })).toThrow(
      'NOTIFY_TEMPLATE_IDS: has no GOV.UK Notify template for overdue',
    );
  });

  test.each([
    [{ NOTIFY_API_KEY: 'not-a-key' }, /NOTIFY_API_KEY: must be a GOV.UK Notify API key/],
    [{ NOTIFY_TEMPLATE_IDS: '{"reminder": "x"}' }, /NOTIFY_TEMPLATE_IDS/],
    [{ NOTIFY_TEMPLATE_IDS: `{"default": "${randomUUID()}", "remindr": "${randomUUID()}"}` }, /NOTIFY_TEMPLATE_IDS/],
  ])('when %j, then start-up refuses it', (env, message) => {
    expect(() => loadConfig({ ...base, NOTIFY_TEMPLATE_IDS: `{"default": "${randomUUID()}"}`, ...env })).toThrow(message);
  });
});
