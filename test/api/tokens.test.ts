/**
 * Local tokens: the development secret is created once and shared, and `scripts/issue-token.ts`
 * prints tokens that the API's verifier (configured the way api/main.ts configures it) accepts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTokenVerifier } from '../../api/auth';
import { DEV_SECRET_FILE, loadOrCreateDevSecret, verificationKeys } from '../../api/dev-secret';
import { loadConfig } from '../../config';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hapa-token-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

test('when no secret is configured, then a development secret is created once, private, and reused', () => {
  const first = loadOrCreateDevSecret(dataDir);
  expect(first.length).toBeGreaterThanOrEqual(32);
  expect(statSync(path.join(dataDir, DEV_SECRET_FILE)).mode & 0o777).toBe(0o600);
  expect(loadOrCreateDevSecret(dataDir)).toBe(first);
  expect(verificationKeys(loadConfig({ HAPA_DATA_DIR: dataDir }))).toEqual({ kind: 'secret', secret: first });
});

test('when AUTH_JWT_SECRET is configured, then it is used and no file is written', () => {
  const secret = 's'.repeat(40);
  expect(verificationKeys(loadConfig({ HAPA_DATA_DIR: dataDir, AUTH_JWT_SECRET: secret }))).toEqual({ kind: 'secret', secret });
  expect(() => readFileSync(path.join(dataDir, DEV_SECRET_FILE))).toThrow();
});

test('when the token script runs, then the API (same data directory) accepts its token as the named principal', async () => {
  const env = { ...process.env, HAPA_DATA_DIR: dataDir, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: '' };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/issue-token.ts', '--role', 'partnerOfficer', '--org', 'pct-riverside'],
    { cwd: root, env },
  );
  const config = loadConfig({ HAPA_DATA_DIR: dataDir });
  const verifier = createTokenVerifier({ keys: verificationKeys(config), issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  await expect(verifier.verify(stdout.trim())).resolves.toEqual({
    id: 'partnerOfficer-pct-riverside',
    role: 'partnerOfficer',
    organisationId: 'pct-riverside',
  });
}, 30_000);

test('when the token script lacks a scope its role needs, then it explains and exits 1', async () => {
  const env = { ...process.env, HAPA_DATA_DIR: dataDir };
  await expect(
    run(process.execPath, ['--import', 'tsx', 'scripts/issue-token.ts', '--role', 'regionalOfficeOfficer'], { cwd: root, env }),
  ).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('--region is required'),
  });
}, 30_000);
