/**
 * `npm run chaos [-- --lifecycles 10 --kills 5 --seed 16 --no-server-restart]`: runs bench/chaos.ts
 * and prints arrangements lost and stuck, emails missing and duplicated; exits 1 unless all are 0.
 */
import { parseArgs } from 'node:util';
import { formatChaosReport, runChaos } from './chaos';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lifecycles: { type: 'string', default: '10' },
      kills: { type: 'string', default: '5' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
      'no-server-restart': { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const report = await runChaos({
    lifecycles: Number(values.lifecycles),
    kills: Number(values.kills),
    seed,
    restartServer: !values['no-server-restart'],
    log: (line) => console.log(`  ${line}`),
  });
  console.log(formatChaosReport(report, seed));
  const failures = report.lost.length + report.stuck.length + report.missing.length + report.duplicated.length;
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`chaos failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
