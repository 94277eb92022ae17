/**
 * One pooled-fund arrangement lives three financial years (2040/41 to 2042/43) on the time-skipping
 * server, with the real email activities sending to a real SMTP server: two years of quarterly
 * reports, annual reports, returns and certifications (some late, to climb the escalation ladder),
 * a review, a material variation, notice, wind-up and closure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, type Activities } from '../../activities/activities';
import { createMailTransport } from '../../activities/mail-transport';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { createSentLog } from '../../activities/sent-log';
import { createRegister } from '../../store/register';
import { createReadModel } from '../../store/read-model';
import { addDays, englandDateOf, englandMidnight, type ArrangementState, type Obligation } from '../../domain';
import { commandsToReachReady, PARTNERS } from '../domain/fixtures';
import { act, actAll, startArrangement, stateOf } from '../helpers/arrangements';
import { ha, host, threeYearLife } from '../helpers/lives';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { serverTimeOfActivity, skipTo, timeSkippingEnv, uniqueRef, withWorker } from '../helpers/temporal';

const life = threeYearLife();
const { terms } = life;

/**
 * Due dates of the reporting duties. Quarterly reports are due 20 working days after quarter end
 * (England bank holidays excluded); these dates were checked against the `holidays` Python package.
 */
const EXPECTED_DUE_DATES: Record<string, string> = {
  'quarterlyReport:2040Q1': '2040-07-27',
  'quarterlyReport:2040Q2': '2040-10-26',
  'quarterlyReport:2040Q3': '2041-01-29',
  'quarterlyReport:2040Q4': '2041-04-30',
  'annualReport:2040': '2041-06-30',
  'annualReturn:2040': '2041-06-30',
  'auditCertification:2040': '2041-09-30',
  'quarterlyReport:2041Q1': '2041-07-26',
  'quarterlyReport:2041Q2': '2041-10-28',
  'quarterlyReport:2041Q3': '2042-01-29',
  'quarterlyReport:2041Q4': '2042-04-30',
  'annualReport:2041': '2042-06-30',
  'annualReturn:2041': '2042-06-30',
  'auditCertification:2041': '2042-09-30',
  'quarterlyReport:2042Q1': '2042-07-28',
};

/** The escalation ladder of section31.md §13.4 (days from the due date), written out independently of domain/. */
const LADDER: Record<string, number> = { R0: -14, R1: -3, D0: 0, E1: 1, E2: 14, E3: 30 };

/** The reminders an obligation should have produced, given when it existed and when it ended. */
function expectedReminders(o: Obligation): string[] {
  const steps: [string, number][] =
    o.kind === 'reviewDate'
      ? [['RV-90', -90], ['RV-30', -30], ['RV-7', -7], ...Object.entries(LADDER).filter(([, d]) => d >= 0)]
      : o.kind === 'durationEnd'
        ? [
            ['END-180', -180],
            ['END-90', -90],
            ['END-30', -30],
          ]
        : o.kind === 'consultationClose'
          ? Object.entries(LADDER).filter(([, d]) => d < 0)
          : Object.entries(LADDER);
  const endedAt = o.doneAt ?? o.cancelledAt ?? Number.POSITIVE_INFINITY;
  return steps
    .map(([step, offset]) => ({ step, offset, at: englandMidnight(addDays(o.dueDate, offset)) }))
    .filter(({ offset, at }) => (offset >= 0 || at >= o.createdAt) && at < endedAt)
    .map(({ step, at }) => `${o.id} ${step} ${englandDateOf(at)}`);
}

let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let dataDir: string;
let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  env = await timeSkippingEnv();
  sink = await startSmtpSink();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hapa-life-'));
});
afterAll(async () => {
  await env?.teardown();
  await database?.drop();
  await sink?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('when an arrangement lives three financial years, then every reminder and escalation goes out on its date, once, by real email', async () => {
  const real = createActivities({
    transport: createMailTransport({ SMTP_URL: sink.url(), HAPA_DATA_DIR: dataDir }),
    sentLog: createSentLog(database.db),
    register: createRegister(database.db),
    readModel: createReadModel(database.db),
    from: 'hapa <no-reply@hapa.example>',
    arrangementUrl: (ref) => `https://hapa.example/arrangements/${ref}`,
  });
  const scheduled: { key: string; kind: string; step?: string; at: number }[] = [];
  const activities: Activities = {
    recordClosure: real.recordClosure,
    projectSummary: real.projectSummary,
    async sendNotification(n) {
      scheduled.push({ key: n.key, kind: n.kind, step: n.ladderStep, at: await serverTimeOfActivity() });
      return real.sendNotification(n);
    },
  };
  const ref = uniqueRef('LIFE');
  await skipTo(env, life.setUpAt);
  const final: ArrangementState = await withWorker(env, activities, async ({ taskQueue }) => {
    const handle = await startArrangement(env.client, taskQueue, { ref, terms }, ha);
    expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');
    for (const [when, step] of life.timeline) {
      await skipTo(env, when);
      await act(handle, step);
    }
    const terminating = await stateOf(handle);
    expect(terminating.status).toBe('terminating');
    for (const o of terminating.obligations.filter((x) => x.kind === 'windUp' && x.status === 'open')) {
      await act(handle, { command: { type: 'completeWindUpItem', itemId: o.id.replace('windUp:', '') as never }, actor: host });
    }
    const result = await handle.result(); // time skips to the termination date, then the workflow closes
    const history = await handle.fetchHistory();
    console.log(`three-year life: ${history.events?.length} history events, ${scheduled.length} notifications`);
    await recordHistoryFixture(handle, 'full-life');
    return result;
  });

  expect(final.status).toBe('closed');
  expect(final.terms.pooledFund?.contributions.filter((c) => c.financialYear === 2041)).toHaveLength(4); // the variation took effect
  expect(final.audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['completeReview', 'proposeVariation', 'acknowledgeReceipt', 'giveNotice']),
  );

  const due = Object.fromEntries(final.obligations.filter((o) => o.id in EXPECTED_DUE_DATES).map((o) => [o.id, o.dueDate]));
  expect(due).toEqual(EXPECTED_DUE_DATES);

  const sentReminders = scheduled
    .filter((s) => s.step !== undefined)
    .map((s) => `${s.key.slice(ref.length + 1, s.key.lastIndexOf(':'))} ${s.step} ${englandDateOf(s.at)}`)
    .sort();
  const expected = final.obligations.flatMap(expectedReminders).sort();
  expect(sentReminders).toEqual(expected);
  // The late reports climbed the whole ladder; the early ones stopped once filed.
  expect(sentReminders.filter((r) => r.startsWith('quarterlyReport:2040Q4 '))).toHaveLength(6);
  expect(sentReminders.filter((r) => r.startsWith('quarterlyReport:2040Q1 '))).toEqual([
    'quarterlyReport:2040Q1 R0 2040-07-13',
    'quarterlyReport:2040Q1 R1 2040-07-24',
  ]);

  // Every notification reached the SMTP server exactly once, to the right people.
  const keys = sink.messages.map((m) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()) as string);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(keys)).toEqual(new Set(scheduled.map((s) => s.key)));
  const e3 = sink.messages.find((m) => keys[sink.messages.indexOf(m)] === `${ref}:quarterlyReport:2040Q4:E3`)!;
  expect(e3.envelope.to).toEqual(
    expect.arrayContaining([terms.regionalOffice.officer.email, PARTNERS.ha.chiefOfficer.email, PARTNERS.county.chiefOfficer.email]),
  );
  expect(e3.parsed.text).toContain('30 April 2041');
  const r0 = sink.messages[keys.indexOf(`${ref}:quarterlyReport:2040Q1:R0`)]!;
  expect(r0.envelope.to).not.toContain(terms.regionalOffice.officer.email);
});
