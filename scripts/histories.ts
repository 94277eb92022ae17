/**
 * What the replay scripts share: recorded histories read from a folder, and the current workflow code
 * bundled without the bundler's chatter, in a process whose Runtime logs errors only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/workflow-bundle';

/** A history as `Worker.runReplayHistories` takes it (the JSON form), named by its file without `.json`. */
export interface RecordedHistory {
  workflowId: string;
  history: unknown;
}

/** Every `*.json` history in `dir` whose file name starts with `prefix`. */
export function readHistories(dir: string, prefix = ''): RecordedHistory[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f.startsWith(prefix))
    .map((f) => ({ workflowId: path.basename(f, '.json'), history: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown }));
}

/** Quietens the Runtime and bundles `workflows/` as the worker would: the bundle's code. */
export async function bundleWorkflowsQuietly(): Promise<string> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  return (await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quiet })).code;
}
