/**
 * A small chaos run (issue 16 §5): `npm run chaos` with two lifecycles, two worker kills (SIGKILL)
 * and one restart of the dev server must lose, strand, miss and duplicate nothing.
 */
import { formatChaosReport, runChaos } from '../../bench/chaos';

test('when the worker is killed at random moments and the server restarted once during lifecycles, then nothing is lost, stuck, missing or duplicated', async () => {
  const lines: string[] = [];
  const report = await runChaos({
    lifecycles: 2,
    kills: 2,
    seed: 16,
    restartServer: true,
    deadlineMs: 240_000,
    log: (line) => lines.push(line),
  });
  const printed = formatChaosReport(report, 16);
  expect(report).toMatchObject({ kills: 2, serverRestarts: 1 });
  expect(report.emails).toBeGreaterThan(0);
  expect(printed).toMatch(/arrangements lost +0\n +arrangements stuck +0\n +emails missing +0\n +emails duplicated +0\n/);
}, 420_000);
