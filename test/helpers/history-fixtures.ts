/**
 * Saves a workflow's real history as a replay fixture when HAPA_RECORD_HISTORIES=1, so the replay
 * test can catch a workflow change that old arrangements could not survive.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Writes `test/replay/histories/<name>.json` from the handle's history, if recording is on. */
export async function recordHistoryFixture(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.HAPA_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(path.join(__dirname, '../replay/histories', `${name}.json`), historyToJSON(history));
}
