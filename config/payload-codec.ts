/**
 * The Temporal payload codec that keeps personal data out of histories: every payload (workflow
 * input, activity inputs and results, memo, query and update results) is encrypted with AES-256-GCM
 * under the current key, its id in the metadata. Old keys stay configured to decrypt what they
 * encrypted, so keys rotate without losing histories. Payloads without the codec's encoding (histories
 * recorded before it, search attributes) pass through unchanged, so those histories still replay.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from './index';

/** The `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key holding the id of the key a payload was encrypted with. */
export const KEY_ID_METADATA = 'encryption-key-id';

/** One AES-256 key and its id; the first of a list encrypts, all decrypt. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** A payload that cannot be decrypted: names the key id only, never any content. */
export class PayloadDecryptionError extends Error {
  constructor(keyId: string | undefined, reason: string) {
    super(`Cannot decrypt a payload encrypted with key '${keyId ?? '(none)'}': ${reason}`);
    this.name = 'PayloadDecryptionError';
  }
}

/** AES-256-GCM over the whole serialised payload (metadata included), so nothing but the key id shows. */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: CodecKey;

  /** `keys[0]` encrypts; every key decrypts. Throws when the list is empty or a key is not 32 bytes. */
  constructor(keys: readonly CodecKey[]) {
    const [current] = keys;
    if (!current) throw new Error('EncryptionCodec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`Codec key '${k.id}' must be 32 bytes (AES-256)`);
    this.current = current;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((payload) => {
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
        const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(this.current.id) }, data };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((payload) => {
        // Recorded before the codec (or never encoded by it): passed through, so old histories replay.
        if (str(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
        const keyId = str(payload.metadata?.[KEY_ID_METADATA]);
        const key = keyId === undefined ? undefined : this.byId.get(keyId);
        if (!key) throw new PayloadDecryptionError(keyId, 'no such key configured (keep old keys in HAPA_CODEC_KEYS after rotating)');
        const data = Buffer.from(payload.data ?? []);
        if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(keyId, 'too short');
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
          decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
          const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
          return temporal.api.common.v1.Payload.decode(plain);
        } catch {
          throw new PayloadDecryptionError(keyId, 'authentication failed');
        }
      }),
    );
  }
}

/** `id:base64key,…` (first encrypts) into keys; throws naming the entry at fault, never its key. */
export function parseCodecKeys(value: string): CodecKey[] {
  const keys = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, i) => {
      const cut = entry.indexOf(':');
      const id = cut > 0 ? entry.slice(0, cut) : '';
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`entry ${i + 1}: expected <id>:<base64 key>, id of letters, digits, . _ -`);
      const key = Buffer.from(entry.slice(cut + 1), 'base64');
      if (key.length !== 32) throw new Error(`key '${id}': must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('give at least one key');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

/** File name of the local codec key inside HAPA_DATA_DIR, used when HAPA_CODEC_KEYS is unset. */
export const LOCAL_CODEC_KEY_FILE = 'codec-key';

/**
 * The local key (`local-<date>:<base64>`), created owner-only on first use, so `npm start` encrypts
 * histories with no set-up; the worker and the API share it through the data directory.
 */
export function loadOrCreateLocalCodecKeys(dataDir: string): CodecKey[] {
  const file = path.join(dataDir, LOCAL_CODEC_KEY_FILE);
  try {
    return parseCodecKeys(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const entry = `local-${new Date().toISOString().slice(0, 10)}:${randomBytes(32).toString('base64')}`;
  // Written whole under a temporary name, then linked into place: the worker and the API start
  // together, and neither may read a half-written key or replace the other's.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${entry}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  chmodSync(file, 0o600);
  return parseCodecKeys(readFileSync(file, 'utf8'));
}

/** The codec keys of this deployment: HAPA_CODEC_KEYS, or the local key in the data directory. */
export function codecKeysOf(config: Pick<Config, 'HAPA_CODEC_KEYS' | 'HAPA_DATA_DIR'>): CodecKey[] {
  return config.HAPA_CODEC_KEYS ? parseCodecKeys(config.HAPA_CODEC_KEYS) : loadOrCreateLocalCodecKeys(config.HAPA_DATA_DIR);
}

/** The data converter every hapa client and worker uses: the default converter, payloads encrypted. */
export function dataConverterOf(config: Pick<Config, 'HAPA_CODEC_KEYS' | 'HAPA_DATA_DIR'>): { payloadCodecs: PayloadCodec[] } {
  return { payloadCodecs: [new EncryptionCodec(codecKeysOf(config))] };
}
