import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import { act, actAll, recordingActivities, startArrangement, stateOf, termsForFinancialYear } from '../helpers/arrangements';
import { skipTo, timeSkippingEnv, uniqueRef, withWorker } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';

// The test server's clock starts at today's date; every test first skips to a fixed date in the
// future so that the calendar (weekends, bank holidays, financial years) is the same on every run.
const TODAY = '2040-01-02';
const terms = () => termsForFinancialYear(2040);
const proposer = officerOf(PARTNERS.ha.id);

let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await timeSkippingEnv();
  await skipTo(env, TODAY);
});
afterEach(async () => {
  await env?.teardown();
});

describe('arrangement workflow lifecycle (time-skipping server)', () => {
  test('when every step before the start date is done, then the arrangement is ready and becomes active on its start date', async () => {
    const activities = recordingActivities();
    await withWorker(env, activities, async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef(), terms: terms() }, proposer);
      const result = await actAll(handle, commandsToReachReady(terms()));
      expect(result?.status).toBe('ready');
      await skipTo(env, '2040-03-31');
      expect((await stateOf(handle)).status).toBe('ready');
      await skipTo(env, '2040-04-01');
      await env.sleep('1 minute');
      const state = await stateOf(handle);
      expect(state.status).toBe('active');
      expect(state.audit.map((a) => a.action)).toContain('submitNotification');
    });
  });

  test('when consultation is closed early before every group responded, then the update is refused with the rule and its citation', async () => {
    await withWorker(env, recordingActivities(), async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef(), terms: terms() }, proposer);
      await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
      const before = await stateOf(handle);
      const refused = await act(handle, { command: { type: 'closeConsultation' }, actor: proposer }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (refused as WorkflowUpdateFailedError).cause;
      expect(failure).toBeInstanceOf(ApplicationFailure);
      const refusal = (failure as ApplicationFailure).details?.[0] as { code: string; citation: string };
      expect((failure as ApplicationFailure).type).toBe(refusal.code);
      expect(refusal.citation).toMatch(/HSC/);
      const after = await stateOf(handle);
      expect(after.status).toBe('consultationOpen');
      expect(after.audit).toHaveLength(before.audit.length);
    });
  });

  test('when nobody closes the consultation, then reminders go out 14 and 3 days before the close date and it lapses on the date', async () => {
    const activities = recordingActivities();
    await withWorker(env, activities, async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef(), terms: terms() }, proposer);
      await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
      // 12 weeks from 2 Jan 2040 is 26 Mar 2040.
      const waiting = await handle.query(whyWaitingQuery);
      expect(waiting.nextDeadline?.dueDate).toBe('2040-03-26');
      await skipTo(env, '2040-03-27');
      await env.sleep('1 minute');
      const reminders = activities.sent
        .filter((s) => s.notification.key.includes('consultation'))
        .map((s) => [s.notification.ladderStep, new Date(s.scheduledAt).toISOString().slice(0, 10)]);
      expect(reminders).toEqual(
        expect.arrayContaining([
          ['R0', '2040-03-12'],
          ['R1', '2040-03-23'],
        ]),
      );
      const state = await stateOf(handle);
      expect(state.status).toBe('consultationClosed');
      expect(state.audit.some((a) => a.actorId === 'system' && /lapse/i.test(a.action))).toBe(true);
    });
  });

  test('when a proposal is abandoned before it is active, then the workflow completes as abandoned with the reason on record', async () => {
    await withWorker(env, recordingActivities(), async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef(), terms: terms() }, proposer);
      await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
      await act(handle, { command: { type: 'abandon', reason: 'Partners chose a s28A transfer instead' }, actor: proposer });
      const final = await handle.result();
      expect(final.status).toBe('abandoned');
      expect(final.audit.at(-1)).toMatchObject({
        action: 'abandon',
        reason: 'Partners chose a s28A transfer instead',
        actorId: proposer.id,
      });
    });
  });
});
