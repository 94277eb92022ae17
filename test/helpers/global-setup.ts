/**
 * Runs once per `jest` run: provisions both Temporal servers, starts one dev server for the whole
 * run, and bundles the workflow code once. Test files reach all three through environment
 * variables, which jest's workers inherit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules } from '@temporalio/testing';
import { startDevServer } from '../../scripts/temporal/dev-server';
import { provisionTool, TEMPORAL_TEST_SERVER } from '../../scripts/temporal/provision';
import { TEST_ENV } from './test-env';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  const testServer = await provisionTool(TEMPORAL_TEST_SERVER, { log });
  const devServer = await startDevServer({ log, stdio: 'ignore' });
  (globalThis as { __hapaDevServer?: typeof devServer }).__hapaDevServer = devServer;

  const artifacts = path.resolve(__dirname, '../../.test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // Makes a failed assert fail the workflow instead of retrying the task forever.
    workflowInterceptorModules,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  const bundlePath = path.join(artifacts, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);

  process.env[TEST_ENV.temporalAddress] = devServer.address;
  process.env[TEST_ENV.testServerPath] = testServer.path;
  process.env[TEST_ENV.bundlePath] = bundlePath;
  log(`dev server ${devServer.address}, test server ${testServer.path}, ready in ${Date.now() - started} ms`);
}
