/**
 * A local server that answers as GOV.UK Notify's API is documented to (docs.notifications.service.gov.uk,
 * "Send an email"), so the Notify transport is tested through the official client over real HTTP:
 * `POST /v2/notifications/email` with a JSON body, authorised by a JWT (HS256, `iss` the service id,
 * `iat` within 30 seconds, signed with the key's secret), answering 201 with the notification, or
 * `{status_code, errors: [{error, message}]}` with 400, 403, 429 or 500.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/** One email Notify accepted. */
export interface NotifyEmail {
  email_address: string;
  template_id: string;
  personalisation?: Record<string, string>;
  reference?: string;
  email_reply_to_id?: string;
}

/** The fake service, with its API key and what it received. */
export interface NotifyServer {
  url: string;
  serviceId: string;
  /** A key as Notify's API integration page shows it: `{name}-{service id}-{secret}`. */
  apiKey: string;
  /** Emails accepted, in order. */
  accepted: NotifyEmail[];
  /** Every request's status, in order. */
  statuses: number[];
  /** Addresses answered with 400 ValidationError, as Notify does for an address it cannot send to. */
  invalid: Set<string>;
  /** After `after` more requests pass, answers `times` requests with `status` (500 Exception or 429 RateLimitError). */
  failNext(status: 500 | 429, times?: number, after?: number): void;
  close(): Promise<void>;
}

const errorBody = (status: number, error: string, message: string) => JSON.stringify({ status_code: status, errors: [{ error, message }] });

/** Starts the fake Notify on a free loopback port; `templateIds` are the templates the service has. */
export async function startNotifyServer(templateIds: readonly string[]): Promise<NotifyServer> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const failures: (number | undefined)[] = [];
  const state = { accepted: [] as NotifyEmail[], statuses: [] as number[], invalid: new Set<string>() };

  const answer = (res: http.ServerResponse, status: number, body: string) => {
    state.statuses.push(status);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const authorised = async (header: string | undefined): Promise<string | undefined> => {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return 'Unauthorized: authentication token must be provided';
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer: serviceId });
      if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 30)
        return 'Error: Your system clock must be accurate to within 30 seconds';
      return undefined;
    } catch {
      return 'Invalid token: API key not found';
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== '/v2/notifications/email')
          return answer(res, 404, errorBody(404, 'NotFound', 'The requested URL was not found'));
        const denied = await authorised(req.headers.authorization);
        if (denied) return answer(res, 403, errorBody(403, 'AuthError', denied));
        const failure = failures.shift();
        if (failure === 500) return answer(res, 500, errorBody(500, 'Exception', 'Internal server error'));
        if (failure === 429)
          return answer(
            res,
            429,
            errorBody(429, 'RateLimitError', 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds'),
          );
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as NotifyEmail;
        if (!templateIds.includes(body.template_id)) return answer(res, 400, errorBody(400, 'BadRequestError', 'Template not found'));
        if (state.invalid.has(body.email_address))
          return answer(res, 400, errorBody(400, 'ValidationError', 'email_address Not a valid email address'));
        state.accepted.push(body);
        const id = randomUUID();
        const base = `http://${req.headers.host ?? 'localhost'}`;
        answer(
          res,
          201,
          JSON.stringify({
            id,
            reference: body.reference ?? null,
            content: {
              subject: body.personalisation?.subject ?? '',
              body: body.personalisation?.body ?? '',
              from_email: 'hapa@notifications.service.gov.uk',
            },
            uri: `${base}/v2/notifications/${id}`,
            template: { id: body.template_id, version: 1, uri: `${base}/v2/template/${body.template_id}` },
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serviceId,
    apiKey: `hapa_test-${serviceId}-${secret}`,
    ...state,
    failNext(status, times = 1, after = 0) {
      for (let i = 0; i < after; i += 1) failures.push(undefined);
      for (let i = 0; i < times; i += 1) failures.push(status);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
