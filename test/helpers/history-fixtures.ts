/**
 * Saves a workflow's real history as a replay fixture when HAPA_RECORD_HISTORIES=1, so the replay
 * test can catch a workflow change that old arrangements could not survive.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import * as proto from '@temporalio/proto';
import type { Root } from 'protobufjs';
import { toJson } from 'protobufjs/ext/protojson';

/** Writes `test/replay/histories/<name>.json` from the handle's history, if recording is on. */
export async function recordHistoryFixture(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.HAPA_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(path.join(__dirname, '../replay/histories', `${name}.json`), historyToJSON(history));
}

/**
 * The proto3 JSON form other Temporal tools write (what the SDK's internal `historyToJSON` produces),
 * built from the SDK's public proto root and protobufjs's own JSON codec.
 */
function historyToJSON(history: proto.temporal.api.history.v1.IHistory): string {
  // The package's export is a reflection Root at run time, though its typings show only the namespaces.
  const historyType = (proto as unknown as Root).lookupType('temporal.api.history.v1.History');
  const json = toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
  return JSON.stringify(json, null, 2);
}
