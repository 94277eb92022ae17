/**
 * Runs once per `jest` run: provisions both Temporal servers, starts one dev server and one
 * embedded PostgreSQL (a temporary folder, a free port, the schema migrated) for the whole run,
 * and bundles the workflow code once. Test files reach them through environment variables, which
 * jest's workers inherit.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules } from '@temporalio/testing';
import { startEmbeddedPostgres } from '../../scripts/postgres/embedded';
import { pickFreePort, startDevServer } from '../../scripts/temporal/dev-server';
import { migrateToLatest, openDatabase } from '../../store/database';
import { provisionTool, TEMPORAL_TEST_SERVER } from '../../scripts/temporal/provision';
import { TEST_ENV } from './test-env';
import { workflowBundleOptions } from '../../worker/workflow-bundle';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  const testServer = await provisionTool(TEMPORAL_TEST_SERVER, { log });
  const [devServer, postgres] = await Promise.all([startDevServer({ log, stdio: 'ignore' }), startTestPostgres()]);
  (globalThis as { __hapaDevServer?: typeof devServer }).__hapaDevServer = devServer;
  (globalThis as { __hapaPostgres?: typeof postgres }).__hapaPostgres = postgres;

  const artifacts = path.resolve(__dirname, '../../.test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    // Makes a failed assert fail the workflow instead of retrying the task forever.
    workflowInterceptorModules,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  const bundlePath = path.join(artifacts, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);

  process.env[TEST_ENV.temporalAddress] = devServer.address;
  process.env[TEST_ENV.testServerPath] = testServer.path;
  process.env[TEST_ENV.bundlePath] = bundlePath;
  process.env[TEST_ENV.databaseUrl] = postgres.url;
  log(
    `dev server ${devServer.address}, PostgreSQL ${postgres.url.replace(/:[^:@/]+@/, ':…@')}, test server ${testServer.path}, ready in ${Date.now() - started} ms`,
  );
}

/**
 * PostgreSQL in a fresh temporary folder. Run as root, the server runs as the `postgres` user, so
 * the folder is opened to it (mode 0755; mkdtemp makes 0700). The `hapa` database is migrated
 * once and then serves as the template each test's own database is copied from.
 */
async function startTestPostgres() {
  const base = mkdtempSync(path.join(os.tmpdir(), 'hapa-test-pg-'));
  chmodSync(base, 0o755);
  const server = await startEmbeddedPostgres({ dir: path.join(base, 'cluster'), port: await pickFreePort() }).catch((err: unknown) => {
    // No teardown runs after a failed set-up: leave no folder behind.
    rmSync(base, { recursive: true, force: true });
    throw err;
  });
  const db = openDatabase(server.url, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
