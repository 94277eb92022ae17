/**
 * `[REPLAY_ONLY=<prefix>] npx tsx scripts/replay-cost.ts [rounds]`: what one workflow creation and replay
 * costs the worker. Replays the recorded histories of test/replay (those whose name starts with the
 * prefix) `rounds` times in one replay worker and prints replays per second of this process's CPU.
 * A short history (`REPLAY_ONLY=cancelled`) is mostly the cost of creating the workflow, which every
 * cache miss pays (issue 17); a figure to compare before and after a change, on the same machine.
 */
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsQuietly, readHistories } from './histories';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 10);
  const histories = readHistories(path.resolve(__dirname, '../test/replay/histories'), process.env.REPLAY_ONLY);
  const code = await bundleWorkflowsQuietly();
  const all = Array.from({ length: rounds }, (_, r) => histories.map((h) => ({ ...h, workflowId: `${h.workflowId}-${r}` }))).flat();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let failed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, all)) if (result.error) failed += 1;
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${all.length} replays (${failed} failed), wall ${(wall / 1000).toFixed(1)} s, CPU ${cpuS.toFixed(1)} s, ${(all.length / cpuS).toFixed(1)} replays per CPU-second; heap ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB RSS`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
