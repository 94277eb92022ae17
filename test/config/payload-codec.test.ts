/**
 * The payload codec (issue 16 §4): AES-256-GCM over every payload, the key id in the metadata, old
 * keys kept for decrypting after a rotation, payloads recorded before it passed through; and, on the
 * real dev server, no officer's address left readable in a history.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import {
  codecKeysOf,
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  LOCAL_CODEC_KEY_FILE,
  parseCodecKeys,
  type CodecKey,
} from '../../config/payload-codec';
import { loadConfig } from '../../config';
import { stateQuery } from '../../workflows/contract';
import { officerOf } from '../domain/fixtures';
import { leadCommissioningTermsForFinancialYear, recordingActivities, startArrangement } from '../helpers/arrangements';
import { devServerEnv, uniqueRef, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

const key = (id: string): CodecKey => ({ id, key: randomBytes(32) });
const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('the encrypting payload codec', () => {
  test('when a payload is encoded, then only the encoding and the key id show, and decoding gives it back', async () => {
    const codec = new EncryptionCodec([key('k2026')]);
    const [encoded] = await codec.encode([payload({ email: 'asha.patel@nhs.example' })]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata![KEY_ID_METADATA])).toBe('k2026');
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('asha');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ email: 'asha.patel@nhs.example' });
  });

  test('when the key is rotated, then the old key still decrypts what it encrypted and the new one encrypts', async () => {
    const old = key('old');
    const [byOld] = await new EncryptionCodec([old]).encode([payload('before')]);
    const rotated = new EncryptionCodec([key('new'), old]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([byOld!]))[0]!)).toBe('before');
    expect(text((await rotated.encode([payload('after')]))[0]!.metadata![KEY_ID_METADATA])).toBe('new');
  });

  test('when a payload was recorded without the codec, then it passes through unchanged (old histories replay)', async () => {
    const plain = payload({ ref: 'ARR-1' });
    expect(await new EncryptionCodec([key('k')]).decode([plain])).toEqual([plain]);
  });

  test('when the key is unknown or the data was tampered with, then decoding fails naming the key id only', async () => {
    const [encoded] = await new EncryptionCodec([key('gone')]).encode([payload('secret words')]);
    await expect(new EncryptionCodec([key('other')]).decode([encoded!])).rejects.toThrow(/key 'gone'.*no such key/);
    const data = Buffer.from(encoded!.data!);
    data[20] = (data[20] ?? 0) ^ 1;
    const tampered = { ...encoded!, data };
    const failure = await new EncryptionCodec([key('gone')]).decode([tampered]).then(
      () => 'decoded',
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/authentication failed/);
    expect(failure).not.toContain('secret');
  });

  test('when keys are configured, then bad entries are refused naming the variable; unset, a local owner-only key is made once', () => {
    const good = `a:${randomBytes(32).toString('base64')},b:${randomBytes(32).toString('base64')}`;
    expect(parseCodecKeys(good).map((k) => k.id)).toEqual(['a', 'b']);
    expect(() => loadConfig({ HAPA_CODEC_KEYS: 'a:short' })).toThrow(/HAPA_CODEC_KEYS: key 'a': must be 32 bytes/);
    expect(() => loadConfig({ HAPA_CODEC_KEYS: `${good},a:${randomBytes(32).toString('base64')}` })).toThrow(/unique/);
    const dir = mkdtempSync(path.join(tmpdir(), 'hapa-codec-'));
    try {
      const first = codecKeysOf({ HAPA_DATA_DIR: dir, HAPA_CODEC_KEYS: undefined });
      expect(statSync(path.join(dir, LOCAL_CODEC_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(codecKeysOf({ HAPA_DATA_DIR: dir, HAPA_CODEC_KEYS: undefined })[0]!.key.equals(first[0]!.key)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('when a worker and a client use the codec, then the history holds no officer address and the client still reads the state', async () => {
  const env = await devServerEnv();
  const dataConverter = { payloadCodecs: [new EncryptionCodec([key('test')])] };
  const terms = leadCommissioningTermsForFinancialYear(2040);
  const taskQueue = uniqueTaskQueue();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: recordingActivities(),
      workflowBundle: { codePath: testEnv('bundlePath') },
      dataConverter,
    });
    const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter });
    await worker.runUntil(async () => {
      const ref = uniqueRef('CODEC');
      const handle = await startArrangement(client, taskQueue, { ref, terms }, officerOf(terms.partners[0]!.id));
      expect((await handle.query(stateQuery)).terms.partners[0]!.contactOfficer.email).toBe(terms.partners[0]!.contactOfficer.email);
      // Read raw, as the unauthenticated Web UI would without the codec endpoint.
      const history = await env.client.workflow.getHandle(handle.workflowId).fetchHistory();
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
      expect(raw).toContain(ref); // the workflow id and search attributes stay readable
      for (const partner of terms.partners) expect(raw).not.toContain(partner.contactOfficer.email);
    });
  } finally {
    await env.teardown();
  }
}, 60_000);
