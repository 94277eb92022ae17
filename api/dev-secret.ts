/**
 * The local development signing secret. When neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set, the
 * API and `npm run token` share a random secret kept in the data directory, so tokens minted
 * locally work without any set-up and no secret is ever committed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { VerificationKeys } from './auth';

/** File name of the development secret inside HAPA_DATA_DIR. */
export const DEV_SECRET_FILE = 'dev-jwt-secret';

/** Reads the development secret, creating it on first use (0600, 48 random bytes, base64url). */
export function loadOrCreateDevSecret(dataDir: string): string {
  const file = path.join(dataDir, DEV_SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx' so two processes starting together agree on the first secret written.
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
}

/** The keys tokens are checked with: the configured secret, the JWKS URL, or the development secret. */
export function verificationKeys(config: Config): VerificationKeys {
  if (config.AUTH_JWT_SECRET) return { kind: 'secret', secret: config.AUTH_JWT_SECRET };
  if (config.AUTH_JWKS_URL) return { kind: 'jwks', url: config.AUTH_JWKS_URL };
  return { kind: 'secret', secret: loadOrCreateDevSecret(config.HAPA_DATA_DIR) };
}
