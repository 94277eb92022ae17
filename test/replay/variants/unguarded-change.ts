/**
 * The arrangement workflow with a change made the wrong way: a new timer before anything else, with no
 * `patched()` guard. Bundled by the replay test to prove the replay suite catches such a change.
 */
import * as wf from '@temporalio/workflow';
import { arrangementWorkflow as current } from '../../../workflows/arrangement-workflow';

export async function arrangementWorkflow(...args: Parameters<typeof current>): ReturnType<typeof current> {
  await wf.sleep('1 minute');
  return current(...args);
}
