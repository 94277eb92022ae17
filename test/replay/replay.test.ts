import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { EncryptionCodec } from '../../config/payload-codec';
import { testEnv } from '../helpers/test-env';
import { quietRuntime } from '../helpers/temporal';
import { workflowBundleOptions } from '../../worker/workflow-bundle';

const dir = path.join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** The lifecycle paths that must each have a recorded history (issue 12 §3), and the test that records it. */
const RECORDED_PATHS = [
  'abandoned-draft', // test/e2e/dev-server.test.ts
  'full-life', // test/workflows/three-year-life.test.ts
  'reminder-withdrawn-in-outage', // test/workflows/smtp-outage.test.ts
  'ro-refusal-and-resubmission', // test/workflows/regional-office.test.ts
  'request-for-information', // recorded before the working-day clock (ro-clock-working-days)
  'material-variation', // recorded before the signing rule (material-variation-signed)
  'notice', // test/workflows/ending.test.ts
  'withdrawal', // test/workflows/ending.test.ts
  'expiry-and-wind-up', // test/workflows/ending.test.ts
  'delivery-failure', // test/workflows/delivery-failures.test.ts
  'continue-as-new', // test/e2e/continue-as-new.test.ts
  'start-date-passed', // test/workflows/regional-office.test.ts (with the start-date-passed-notice marker)
  'variation-rederived', // test/workflows/variation-rederivation.test.ts (with the variation-from-effective-date marker)
  'abandoned-draft-register-closure', // with the register-closure marker
  'abandoned-draft-read-model', // test/e2e/dev-server.test.ts (with the read-model-summaries marker)
  'cancelled-in-consultation', // test/workflows/cancellation.test.ts (with the cancellation-closes marker)
  'ro-decision-read-model-details', // test/api/read-model-reads.test.ts (with the read-model-details marker)
  'request-for-information-clock-stopped', // test/workflows/regional-office.test.ts (with the ro-clock-working-days marker)
  'request-for-information-read-model-clock-stop', // the same path, with the read-model-clock-stop marker
  'material-variation-signed', // test/workflows/variation.test.ts (with the ro-clock-working-days and material-variation-signed markers)
  // Recorded by the code of 0062aa8 (22 Nov, before 7cb7adb refused a start date already past, unguarded): it replays
  // only behind patched('retrospective-start-refused'). The audit that found it: docs/workflow-versioning.md.
  'retrospective-start-accepted',
  // Recorded by the code of aeda1a2, before the patch set: each patch asked for on its own, read-model-local-write last.
  'ready-read-model-local-write', // test/workflows/read-model-writes.test.ts (with the read-model-local-write marker)
  'read-model-outage-local-write', // the same file, with the patch set: each failed local write handed to the activity
  'ready-patch-set-2026-12', // test/workflows/patch-set.test.ts (one patch-set-2026-12 marker for every patch before it)
  'ready-send-locally-first', // test/workflows/send-locally.test.ts (with the send-locally-first marker)
  'send-locally-first-smtp-away', // the same file: each first send failed in the worker, handed to the activity
  // Crosses the deploy, on the dev server: the code of 742a609 proposed it and sent the consultation invitation by an
  // activity; a worker of ffdc3ca's code then took it to ready, recording send-locally-first at its next send.
  'send-locally-first-crossing',
];

describe('replay of recorded arrangement histories', () => {
  test('when the fixtures are listed, then every lifecycle path has a recorded history', () => {
    // Recorded from real runs (dev server and time-skipping server): HAPA_RECORD_HISTORIES=1 npx jest test/e2e test/workflows
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(expect.arrayContaining(RECORDED_PATHS));
  });

  test('when recorded histories are replayed against the current workflow bundle, then none diverges', async () => {
    expect(await divergences({ codePath: testEnv('bundlePath') })).toEqual([]);
  });

  test('when the workflow changes what it does without a patched() guard, then every recorded history diverges; behind a guard, none does', async () => {
    const bundle = async (file: string) => ({
      code: (await bundleWorkflowCode({ ...workflowBundleOptions(require.resolve(`./variants/${file}`)), logger: quietLogger })).code,
    });
    const [unguarded, guarded] = [await bundle('unguarded-change'), await bundle('guarded-change')];
    const failures = await divergences(unguarded);
    expect(failures).toHaveLength(files.length);
    expect(failures.every((f) => f.includes('DeterminismViolationError'))).toBe(true);
    expect(await divergences(guarded)).toEqual([]);
  }, 180_000);
});

test('when histories recorded before the payload codec are replayed by a worker with it, then its pass-through keeps them replaying', async () => {
  quietRuntime();
  const dataConverter = { payloadCodecs: [new EncryptionCodec([{ id: 'replay', key: randomBytes(32) }])] };
  const histories = files
    .filter((file) => file.startsWith('abandoned-draft') || file.startsWith('cancelled'))
    .map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown,
    }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testEnv('bundlePath') }, dataConverter }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  expect(histories.length).toBeGreaterThan(0);
  expect(failures).toEqual([]);
});

const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Replays every recorded history against a workflow bundle; one line per history that diverged. */
async function divergences(workflowBundle: { codePath: string } | { code: string }): Promise<string[]> {
  quietRuntime();
  const histories = files.map((file) => ({
    workflowId: path.basename(file, '.json'),
    // The worker reads the JSON form itself (Worker.runReplayHistories converts it).
    history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown,
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  return failures;
}
