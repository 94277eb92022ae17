/**
 * The same change as `unguarded-change.ts`, made the right way: behind `patched()`, so histories
 * recorded before it replay without it.
 */
import * as wf from '@temporalio/workflow';
import { arrangementWorkflow as current } from '../../../workflows/arrangement-workflow';

export async function arrangementWorkflow(...args: Parameters<typeof current>): ReturnType<typeof current> {
  if (wf.patched('replay-suite-example-timer')) await wf.sleep('1 minute');
  return current(...args);
}
