import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { EncryptionCodec } from '../../config/payload-codec';
import { testEnv } from '../helpers/test-env';
import { quietRuntime } from '../helpers/temporal';

const dir = path.join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded arrangement histories', () => {
  test('when the fixtures are listed, then every lifecycle path has a recorded history', () => {
    // Recorded from real runs on the dev server: HAPA_RECORD_HISTORIES=1 npx jest test/e2e
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      expect.arrayContaining(['abandoned-draft', 'abandoned-draft-register-closure', 'abandoned-draft-read-model', 'full-life']),
    );
  });

  test('when recorded histories are replayed against the current workflow bundle, then none diverges', async () => {
    quietRuntime();
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      // The worker reads the JSON form itself (Worker.runReplayHistories converts it).
      history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testEnv('bundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
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
