/**
 * The rebuild's register path: an arrangement Temporal no longer holds is rebuilt from its closure
 * record, keeping the revision the read model had for it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { closeOnCancellation } from '../../domain';
import { rebuildReadModel } from '../../scripts/read-model/rebuild';
import { createReadModel } from '../../store/read-model';
import { createReadModelQueries } from '../../store/read-model-queries';
import { createRegister } from '../../store/register';
import { at, driveToStatus } from '../domain/fixtures';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { devServerEnv, uniqueTaskQueue } from '../helpers/temporal';

let t: TestDatabase;
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(() => env?.teardown());
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

test('when a closed arrangement is gone from Temporal, then the rebuild writes it from the register at the revision the read model had', async () => {
  const closed = closeOnCancellation(driveToStatus('notified'), at('2000-12-20'));
  const workflowId = `arrangement:${closed.ref}`;
  await createRegister(t.db).recordClosure({
    ref: closed.ref,
    workflowId,
    outcome: closed.status,
    closedAt: new Date(at('2000-12-20')).toISOString(),
    finalState: closed,
  });
  await createReadModel(t.db).writeSummary({
    ref: closed.ref,
    workflowId,
    revision: 7,
    status: 'notified',
    region: 'northWest',
    types: [],
    partners: [],
    startDate: '2001-04-01',
    updatedAt: new Date(at('2000-12-01')).toISOString(),
  });

  const result = await rebuildReadModel(env.client, t.db, { taskQueue: uniqueTaskQueue() });

  expect(result).toEqual({ fromWorkflows: 0, fromState: 0, fromRegister: 1 });
  const read = await createReadModelQueries(t.db).readArrangement(closed.ref);
  expect(read).toMatchObject({ revision: 7, status: closed.status, region: closed.terms.regionalOffice.region });
  expect(read?.obligations.length).toBe(closed.obligations.length);
  expect(read?.obligations.every((o) => o.status !== 'open')).toBe(true);
  expect(read?.decisions).toEqual([{ round: 1, notifiedAt: new Date(at('2000-12-01')).toISOString() }]);
});
