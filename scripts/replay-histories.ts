/**
 * Replays every history JSON in a folder against the current workflow code and names each that
 * diverges (docs/workflow-versioning.md). Used to audit a change against histories written by older
 * code, e.g. the workflow tests of an earlier commit with their histories dumped:
 *
 *   npx tsx scripts/replay-histories.ts /tmp/old-histories
 *
 * Exits 1 when any history diverges.
 */
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsQuietly, readHistories } from './histories';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx scripts/replay-histories.ts <folder of history JSON files>');
  const code = await bundleWorkflowsQuietly();
  const histories = readHistories(dir);
  let diverged = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
    if (!result.error) continue;
    diverged += 1;
    console.log(`diverged: ${result.workflowId}: ${result.error.name}: ${result.error.message.slice(0, 400)}`);
  }
  console.log(`${histories.length - diverged} of ${histories.length} histories replayed`);
  process.exitCode = diverged > 0 ? 1 : 0;
}

void main();
