/**
 * How many PostgreSQL round trips each write on a reminder's path makes (issue 17, the B3 storm): each
 * one wakes a backend and costs a context switch on both sides, and a storm of 1,000 reminders makes
 * them all at once on 2 cores.
 */
import type { ProjectionDetails } from '../../domain';
import { createSentLog } from '../../activities/sent-log';
import { chooseDeliveries, type DigestItem } from '../../store/digests';
import { writeSummary, writeSummaryIn, type ArrangementSummary } from '../../store/read-model';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { roundTrips } from '../helpers/round-trips';

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

const details: ProjectionDetails = {
  obligations: [
    {
      obligationId: 'annualReport:2029',
      kind: 'annualReport',
      title: 'Annual report',
      dueDate: '2029-03-31',
      dueAt: '2029-03-30T23:00:00.000Z',
      status: 'open',
      responsibleRole: 'allPartners',
      ownerIds: ['pct-a', 'la-a'],
      citation: 'SI 2000/617 reg 7(4)',
      createdAt: '2028-04-01T00:00:00.000Z',
      remindersSent: [],
    },
  ],
  decisions: [{ round: 1, notifiedAt: '2028-01-10T10:00:00.000Z' }],
  versions: [],
};

const summary = (revision: number): ArrangementSummary => ({
  ref: 'NW-2028-001',
  workflowId: 'arrangement:NW-2028-001',
  revision,
  status: 'active',
  region: 'northWest',
  types: ['pooledFund'],
  partners: [{ id: 'pct-a', name: 'A PCT' }],
  startDate: '2028-04-01',
  updatedAt: '2028-04-01T09:00:00.000Z',
  details,
});

const item = (email: string): DigestItem => ({
  email,
  name: 'Asha Patel',
  notificationKey: 'NW-2028-001:annualReport:2029:-14',
  arrangementRef: 'NW-2028-001',
  messageKind: 'reminder',
  subject: 'Annual report (NW-2028-001)',
  dueDate: '2029-03-31',
  obligationId: 'annualReport:2029',
});

describe('round trips per call', () => {
  test('when a summary is written with its details, alone or in a rebuild’s transaction, then it takes one round trip', async () => {
    expect(await roundTrips(() => writeSummary(t.db, summary(1)))).toBe(1);
    expect(await roundTrips(() => writeSummary(t.db, summary(1)))).toBe(1);
    expect(await roundTrips(() => t.db.transaction().execute((tx) => writeSummaryIn(tx, summary(2))))).toBe(3);
  });

  test('when deliveries are chosen for a notification, then it takes five round trips, four on a retry', async () => {
    const items = [item('asha.patel@nhs.example'), item('ben.okafor@council.example')];
    expect(await roundTrips(() => chooseDeliveries(t.db, items, 60_000, () => 'immediate'))).toBe(5);
    expect(await roundTrips(() => chooseDeliveries(t.db, items, 60_000, () => 'immediate'))).toBe(4);
  });

  test('when a notification is looked up and recorded under its key, then it takes four round trips', async () => {
    const sentLog = createSentLog(t.db);
    const record = { key: 'k', messageId: '<k@hapa>', accepted: ['a@example.org'], refused: [], at: '2029-03-17T09:00:00.000Z' };
    expect(
      await roundTrips(() =>
        sentLog.exclusively('k', async (held) => {
          await held.lookup('k');
          await held.record(record);
        }),
      ),
    ).toBe(4);
  });
});
