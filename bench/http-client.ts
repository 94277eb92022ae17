/**
 * A lean HTTP/1.1 client for the API: node:http with keep-alive sockets, JSON in and out, so that
 * the client's own overhead stays small next to what is measured.
 */
import http from 'node:http';

/** A response: status, parsed JSON body (undefined when empty; the text when not JSON), and headers. */
export interface HttpResponse {
  status: number;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** What a request may carry: a bearer token, a JSON body or an HTML form's fields, and more headers. */
export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (as a browser posts a form) instead of `body`. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Thrown for an unexpected status, with the API's error body. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body)?.slice(0, 300) ?? ''}`);
    this.name = 'HttpStatusError';
  }
}

/** Talks to one API instance over keep-alive connections. */
export class HttpApi {
  private readonly agent: http.Agent;

  constructor(
    private readonly host: string,
    private readonly port: number,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Sends one request; resolves with any status. */
  request(method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const payload = options.form
      ? Buffer.from(new URLSearchParams(options.form).toString())
      : options.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload) {
      headers['content-type'] = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, method, path: pathAndQuery, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends one request and throws `HttpStatusError` unless the status is one of `expected`. */
  async expect(expected: readonly number[], method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const res = await this.request(method, pathAndQuery, options);
    if (!expected.includes(res.status)) throw new HttpStatusError(res.status, res.body, `${method} ${pathAndQuery}`);
    return res;
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
