/**
 * The web pages in the same app as the API, over the run's real dev server, a real worker and a
 * PostgreSQL database of their own (sessions, register, read model): what the browser tests drive.
 * Local sign-in with the demo identities, as on the embedded default.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../../api/app';
import { createTokenVerifier } from '../../api/auth';
import type { ApiDeps } from '../../api/deps';
import { clientGateway } from '../../api/temporal-gateway';
import { createRegister } from '../../store/register';
import { webApp } from '../../web/app';
import { createReadModelQueries } from '../../store/read-model-queries';
import { DEMO_IDENTITIES, DEMO_ORGANISATIONS } from '../../web/demo-directory';
import { TEST_AUTH } from '../api/api-harness';
import { startLiveApi, type LiveApi } from '../api/live-api';

/** A running web application and how to stop it. */
export interface LiveWeb {
  baseUrl: string;
  live: LiveApi;
  stop(): Promise<void>;
}

/** Starts the worker, then the API with the web pages on 127.0.0.1, port 0. */
export async function startLiveWeb(): Promise<LiveWeb> {
  const live = await startLiveApi();
  const namespace = live.env.namespace ?? 'default';
  const api: ApiDeps = {
    temporal: clientGateway(live.env.client, { namespace, callTimeoutMs: 15_000, queryTimeoutMs: 15_000 }),
    namespace,
    taskQueue: live.taskQueue,
    register: createRegister(live.database.db),
    auth: createTokenVerifier({
      keys: { kind: 'secret', secret: TEST_AUTH.secret },
      issuer: TEST_AUTH.issuer,
      audience: TEST_AUTH.audience,
    }),
    logger: pino({ level: 'warn' }),
  };
  const pool = new pg.Pool({ connectionString: live.database.url, max: 3 });
  const store = new (connectPgSimple(session))({ pool, tableName: 'web_session', createTableIfMissing: false });
  const app = createApp({
    ...api,
    web: webApp({
      api,
      sessionStore: store,
      sessionSecret: 'a-test-session-secret-of-at-least-32-characters',
      secureCookies: false,
      signIn: { kind: 'local', identities: DEMO_IDENTITIES },
      readModel: createReadModelQueries(live.database.db),
      organisations: DEMO_ORGANISATIONS,
    }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    live,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      await pool.end();
      await live.stop();
    },
  };
}
