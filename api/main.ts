/**
 * The API process: config → logger → PostgreSQL (migrated) → Temporal connection → client → app →
 * listen. Start-up failures print one readable paragraph and exit 1; SIGINT/SIGTERM close the
 * server, the connection and the database pool, then exit 0.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { arrangementPageUrl, databaseUrl, loadConfig, publicBaseUrl } from '../config';
import { batchedStdout, createLogger } from '../config/logger';
import { dataConverterOf } from '../config/payload-codec';
import { describeStartupError } from '../config/startup-error';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createCalendarFeeds } from '../store/calendar-feeds';
import { openStore } from '../store/database';
import { createReadModelQueries } from '../store/read-model-queries';
import { readModelCounts } from '../store/read-model-metrics';
import { createRegister } from '../store/register';
import { setUpWeb } from '../web';
import { createApp, type ApiDeps } from './app';
import { createTokenVerifier } from './auth';
import { verificationKeys } from './dev-secret';
import { clientGateway } from './temporal-gateway';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('hapa-api', config.LOG_LEVEL, batchedStdout());
  const keys = verificationKeys(config);
  if (!config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
    logger.warn(
      { dataDir: config.HAPA_DATA_DIR },
      'no AUTH_JWT_SECRET or AUTH_JWKS_URL: using the local development secret (npm run token mints tokens for it)',
    );
  }

  const db = await openStore(databaseUrl(config));
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const dataConverter = dataConverterOf(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const apiDeps: ApiDeps = {
    temporal: clientGateway(client, { namespace: config.TEMPORAL_NAMESPACE }),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    auth: createTokenVerifier({
      keys,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    }),
    logger,
    register: createRegister(db),
    readModel: createReadModelQueries(db),
    readModelCounts: () => readModelCounts(db, Date.now()),
    processMetrics: true,
    calendarFeeds: { feeds: createCalendarFeeds(db), arrangementUrl: arrangementPageUrl(config), publicBaseUrl: publicBaseUrl(config) },
    messagePreferences: { db, defaultDelivery: config.HAPA_DIGEST_DEFAULT },
    ...(config.HAPA_POLICY ? { policy: config.HAPA_POLICY } : {}),
    // Page tokens hold across API processes that share the token secret; with a JWKS, within one process.
    ...(keys.kind === 'secret' ? { pageTokenKey: createHash('sha256').update(`hapa page tokens\n${keys.secret}`).digest() } : {}),
    codec: dataConverter.payloadCodecs[0],
    ...(config.HAPA_CODEC_CORS_ORIGIN ? { codecCorsOrigin: new URL(config.HAPA_CODEC_CORS_ORIGIN).origin } : {}),
    ...(config.HAPA_POLICY_BOUNDS ? { policyBounds: config.HAPA_POLICY_BOUNDS } : {}),
  };
  const pages = await setUpWeb(config, apiDeps, db, databaseUrl(config));
  if (!pages.web) logger.warn({ reason: pages.reason }, 'web pages off');
  const app = createApp({ ...apiDeps, ...(pages.web ? { web: pages.web } : {}) });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.API_PORT, config.API_HOST, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  logger.info(
    {
      host: config.API_HOST,
      port: config.API_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      web: pages.web
        ? `${publicBaseUrl(config)}/ (sign-in: ${pages.signIn === 'local' ? 'local demo identities' : 'identity provider'})`
        : 'off',
    },
    'api listening',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
    server.close(() => {
      void Promise.allSettled([connection.close(), db.destroy(), ...(pages.web ? [pages.close()] : [])]).finally(() => process.exit(0));
    });
    // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err, 'hapa api'));
  process.exit(1);
});
