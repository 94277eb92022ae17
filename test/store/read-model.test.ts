import { createReadModel, type ArrangementSummary } from '../../store/read-model';
import { testDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

const summary = (revision: number, overrides: Partial<ArrangementSummary> = {}): ArrangementSummary => ({
  ref: 'NW-2028-001',
  workflowId: 'arrangement:NW-2028-001',
  revision,
  status: 'draft',
  region: 'northWest',
  types: ['pooledFund'],
  partners: [
    { id: 'pct-riverside', name: 'Riverside PCT' },
    { id: 'la-riverside', name: 'Riverside Council' },
  ],
  startDate: '2028-04-01',
  endDate: '2031-03-31',
  reviewDate: '2029-09-30',
  updatedAt: '2027-11-02T09:00:00.000Z',
  ...overrides,
});

describe('read model summaries', () => {
  test('when a summary is written, then it reads back whole, dates as the domain writes them', async () => {
    const readModel = createReadModel(t.db);
    const written = summary(1, { nextDeadlineAt: '2027-12-01T00:00:00.000Z', notifiedAt: '2027-11-20T10:30:00.000Z' });
    expect(await readModel.writeSummary(written)).toBe(true);
    expect(await readModel.summaryOf('NW-2028-001')).toEqual(written);
  });

  test('when an older revision lands after a newer one, then it changes nothing', async () => {
    const readModel = createReadModel(t.db);
    await readModel.writeSummary(summary(3, { status: 'consultationOpen' }));
    expect(await readModel.writeSummary(summary(2, { status: 'draft' }))).toBe(false);
    expect(await readModel.summaryOf('NW-2028-001')).toMatchObject({ revision: 3, status: 'consultationOpen' });
  });

  test('when a write is retried, then the second changes nothing, and the next revision replaces the row', async () => {
    const readModel = createReadModel(t.db);
    expect(await readModel.writeSummary(summary(1))).toBe(true);
    expect(await readModel.writeSummary(summary(1, { status: 'abandoned' }))).toBe(false);
    expect(await readModel.writeSummary(summary(2, { status: 'consultationOpen', reviewDate: undefined }))).toBe(true);
    const row = await readModel.summaryOf('NW-2028-001');
    expect(row).toMatchObject({ revision: 2, status: 'consultationOpen' });
    expect(row).not.toHaveProperty('reviewDate');
  });
});
