/**
 * A cancellation sent from outside hapa (Temporal Web UI, `temporal workflow cancel`) closes the
 * arrangement consistently before the workflow ends: audited, abandoned (before it came into force) or
 * closed (after), no obligation left open, no reminder sent afterwards, and later actions refused as closed.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { CANCELLED_ACTION } from '../../domain';
import { whyWaitingQuery } from '../../workflows/contract';
import { officerOf } from '../domain/fixtures';
import {
  act,
  eventually,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  runUntilActive,
  stateOf,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { skipTo } from '../helpers/temporal';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = leadCommissioningTermsForFinancialYear(2040);
const proposer = officerOf(terms.partners[0]?.id ?? '');

describe('a cancellation from the Web UI or CLI (time-skipping server)', () => {
  test('when an arrangement in consultation is cancelled, then it is abandoned, audited, nothing is left open and no reminder follows', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle }) => {
      expect((await act(handle, { command: { type: 'submitProposal' }, actor: proposer })).status).toBe('consultationOpen');
      // The consultation notice is sent first. A cancellation whose workflow task cancels a send that
      // completes meanwhile is refused by the time-skipping test server (ACTIVITY_UNKNOWN, sdk-java#2391;
      // Temporal's server takes the completion), and the workflow hangs there: wait for the send to finish.
      await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toEqual([]));
      const sentBefore = activities.sent.length;
      await handle.cancel();
      const ended = await handle.result().catch((err: unknown) => err);
      expect(ended).toBeInstanceOf(WorkflowFailedError);
      expect((ended as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

      const state = await stateOf(handle);
      expect(state.status).toBe('abandoned');
      expect(state.closedAt).toBeDefined();
      expect(state.audit.at(-1)).toMatchObject({
        action: CANCELLED_ACTION,
        actorId: 'system',
        details: { previousStatus: 'consultationOpen', cancelledObligations: expect.arrayContaining([expect.any(String)]) },
      });
      expect(state.obligations.filter((o) => o.status === 'open')).toEqual([]);
      const why = await handle.query(whyWaitingQuery);
      expect(why.status).toBe('abandoned');
      expect(why.nextDeadline).toBeUndefined();
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      await recordHistoryFixture(handle, 'cancelled-in-consultation');

      // The server's clock has run on for years meanwhile (nothing left to wait for): no reminder went out.
      expect(activities.sent.slice(sentBefore).filter((s) => s.notification.obligationId !== undefined)).toEqual([]);
    });
  });

  test('when an active arrangement is cancelled, then it is closed and its liability note keeps its period to that day', async () => {
    await withArrangement(env(), recordingActivities(), terms, async (arrangement) => {
      await runUntilActive(env(), arrangement);
      await skipTo(env(), '2040-05-15T12:00');
      await arrangement.handle.cancel();
      await arrangement.handle.result().catch(() => undefined);
      const state = await stateOf(arrangement.handle);
      expect(state.status).toBe('closed');
      expect(state.liabilityNote).toMatchObject({ periodFrom: '2040-04-01', periodTo: '2040-05-15' });
      expect(state.obligations.filter((o) => o.status === 'open')).toEqual([]);
    });
  });
});
