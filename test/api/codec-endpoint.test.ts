/**
 * The codec endpoint the Temporal Web UI calls to show encrypted histories: administrators only,
 * CORS for the configured UI origin alone, and nothing of a payload echoed in an error.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../config/payload-codec';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { FIXTURE } from './api-fixtures';
import { fakeTemporal } from './fake-temporal';

const UI = 'http://localhost:8233';
const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
let api: RunningApi;

beforeAll(async () => {
  api = await startApi(fakeTemporal(), { codec, codecCorsOrigin: UI });
});
afterAll(() => api?.close());

const asJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

test('when an administrator asks to decode an encrypted payload, then the UI gets the plain payload back', async () => {
  const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ email: 'asha.patel@nhs.example' })]);
  const token = await tokenFor({ sub: 'ops', role: 'administrator' });
  const res = await call(api, 'POST', '/codec/decode', { token, body: { payloads: [asJson(encrypted!)] }, headers: { origin: UI } });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(UI);
  const [plain] = (res.body as unknown as { payloads: { data: string }[] }).payloads;
  expect(JSON.parse(Buffer.from(plain!.data, 'base64').toString('utf8'))).toEqual({ email: 'asha.patel@nhs.example' });
});

test('when anyone but an administrator asks, then 401 without a token and 403 with another role', async () => {
  expect((await call(api, 'POST', '/codec/decode', { body: { payloads: [] } })).status).toBe(401);
  const partner = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(api, 'POST', '/codec/decode', { token: partner, body: { payloads: [] } })).status).toBe(403);
});

test('when the UI sends its preflight, then only the configured origin is allowed', async () => {
  const preflight = (origin: string) =>
    fetch(`${api.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
  const allowed = await preflight(UI);
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(UI);
  expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
  expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
});

test('when a payload cannot be decrypted, then 400 without echoing it', async () => {
  const token = await tokenFor({ sub: 'ops', role: 'administrator' });
  const [foreign] = await new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]).encode([defaultPayloadConverter.toPayload('x')]);
  const body = { payloads: [asJson(foreign!)] };
  const res = await call(api, 'POST', '/codec/decode', { token, body });
  expect(res).toMatchObject({ status: 400, body: { details: [{ path: 'body.payloads' }] } });
  expect(res.text).not.toContain(body.payloads[0]!.data);
});
