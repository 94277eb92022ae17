/**
 * Replays every history JSON in a folder against the current workflow code and names each that
 * diverges (docs/workflow-versioning.md). Used to audit a change against histories written by older
 * code, e.g. the workflow tests of an earlier commit with their histories dumped:
 *
 *   npx tsx scripts/replay-histories.ts /tmp/old-histories
 *
 * Exits 1 when any history diverges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx scripts/replay-histories.ts <folder of history JSON files>');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quiet });
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = files.map((f) => ({ workflowId: f, history: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown }));
  let diverged = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
    if (!result.error) continue;
    diverged += 1;
    console.log(`diverged: ${result.workflowId}: ${result.error.name}: ${result.error.message.slice(0, 400)}`);
  }
  console.log(`${files.length - diverged} of ${files.length} histories replayed`);
  process.exitCode = diverged > 0 ? 1 : 0;
}

void main();
