/**
 * The one harness the API tests share: an app on port 0 (with a fake or a real Temporal gateway),
 * tokens for each kind of principal, a JSON `fetch` wrapper, and log capture.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createApp, type ApiDeps } from '../../api/app';
import { createTokenVerifier, type PrincipalRole, type TokenVerifier } from '../../api/auth';
import { mintToken, type TokenSubject } from '../../api/tokens';
import type { TemporalGateway } from '../../api/temporal-gateway';

/** Signing settings shared by the app under test and the tokens the tests mint. */
export const TEST_AUTH = { secret: 'test-secret-that-is-at-least-32-characters-long', issuer: 'hapa-test', audience: 'hapa' } as const;

/** The verifier of the tokens `tokenFor` mints. */
export function testVerifier(): TokenVerifier {
  return createTokenVerifier({
    keys: { kind: 'secret', secret: TEST_AUTH.secret },
    issuer: TEST_AUTH.issuer,
    audience: TEST_AUTH.audience,
  });
}

/** A running app and how to talk to it. */
export interface RunningApi {
  baseUrl: string;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Starts `createApp` on 127.0.0.1, port 0, capturing its JSON log lines. */
export async function startApi(temporal: TemporalGateway, options: Partial<ApiDeps> = {}): Promise<RunningApi> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger: Logger = pino({ level: 'debug' }, sink);
  const app = createApp({
    temporal,
    namespace: 'default',
    taskQueue: 'tq-test',
    auth: testVerifier(),
    logger,
    ...options,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Mints a token for the test app. */
export function tokenFor(
  subject: TokenSubject,
  overrides: Partial<{ secret: string; issuer: string; audience: string; expiresIn: string }> = {},
): Promise<string> {
  return mintToken(subject, { ...TEST_AUTH, ...overrides });
}

/** The six principals of the authorisation matrix, given two partner ids and a region. */
export type PrincipalName = 'anonymous' | 'partnerA' | 'partnerB' | 'roOfRegion' | 'roOtherRegion' | 'administrator';

/** Every principal name, in table order. */
export const PRINCIPALS: PrincipalName[] = ['anonymous', 'partnerA', 'partnerB', 'roOfRegion', 'roOtherRegion', 'administrator'];

/** Tokens (or none) for each principal. */
export async function principalTokens(ids: {
  partnerA: string;
  partnerB: string;
  region: string;
}): Promise<Record<PrincipalName, string | undefined>> {
  const subject = (sub: string, role: PrincipalRole, extra: Partial<TokenSubject> = {}): TokenSubject => ({ sub, role, ...extra });
  return {
    anonymous: undefined,
    partnerA: await tokenFor(subject('alice', 'partnerOfficer', { org: ids.partnerA })),
    partnerB: await tokenFor(subject('bob', 'partnerOfficer', { org: ids.partnerB })),
    roOfRegion: await tokenFor(subject('rita', 'regionalOfficeOfficer', { region: ids.region })),
    roOtherRegion: await tokenFor(subject('otto', 'regionalOfficeOfficer', { region: `${ids.region}-other` })),
    administrator: await tokenFor(subject('ada', 'administrator')),
  };
}

/** The JSON bodies the API answers with, loosely: tests assert the shapes with `expect`. */
export interface ApiBody {
  [key: string]: unknown;
  error?: string;
  message?: string;
  details?: { path: string; message: string }[];
  citation?: string;
  ref?: string;
  workflowId?: string;
  created?: boolean;
  status?: string;
  version?: number;
  auditIndex?: number;
  items?: { ref: string; overdue?: boolean; [key: string]: unknown }[];
  entries?: { actorId: string; action: string; [key: string]: unknown }[];
  audit?: unknown[];
  terms?: { aims?: string[] };
  current?: number;
  versions?: { n: number; effectiveDate: string; changes: unknown[]; [key: string]: unknown }[];
  n?: number;
  changes?: unknown[];
  openapi?: string;
  paths?: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: unknown }> } }>>;
}

/** A response: status, headers, the raw text and, when it is JSON, the parsed body. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: ApiBody;
}

/** Sends a request; objects are sent as JSON, strings as they are. */
export async function call(
  api: RunningApi,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: ApiBody = {};
  if (response.headers.get('content-type')?.includes('application/json') && text) parsed = JSON.parse(text) as ApiBody;
  return { status: response.status, headers: response.headers, text, body: parsed };
}
