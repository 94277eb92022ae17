/**
 * A new arrangement records one patch marker, the patch set's (PATCH_SET_2026_12), instead of one per
 * patch: each marker the SDK records also upserts the `TemporalChangeVersion` search attribute, a
 * visibility write on the server, and a new arrangement made nine of each in its first workflow task
 * (issue 17: the reminder storm). The rules the patches guard still apply, as the other workflow tests
 * show; here, that they all count as present. Uses the pooled-fund fixture of 2040/41, set-up on 2 Jan 2040.
 */
import { PATCH_SET_2026_12, PATCHES } from '../../workflows/patches';
import { commandsToReachReady } from '../domain/fixtures';
import {
  actAll,
  recordingActivities,
  stateOf,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { recordHistoryFixture } from '../helpers/history-fixtures';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);

test('when a new arrangement is driven to ready, then its history records the patch set once and no patch of the set on its own', async () => {
  await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
    expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');
    const events = (await handle.fetchHistory()).events ?? [];
    const patchIds = events
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => {
        const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
        return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id;
      });
    // The set first; after it only the patches made since, each once (here the first send's).
    expect(patchIds).toEqual([PATCH_SET_2026_12.id, PATCHES.sendLocallyFirst]);
    const changeVersionUpserts = events.filter(
      (e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion !== undefined,
    );
    expect(changeVersionUpserts).toHaveLength(patchIds.length);
    // The rules that patches brought in at the start hold: days in England, the eligibility and checklist rules.
    const state = await stateOf(handle);
    expect(state.dayRule).not.toBe('utc');
    expect(state.eligibilityRule).not.toBe('failOnSubmit');
    expect(state.checklistRule).not.toBe('ticksOnly');
    expect(state.startDatePassedNotice).toBe(true);
    await recordHistoryFixture(handle, 'ready-patch-set-2026-12');
  });
});
