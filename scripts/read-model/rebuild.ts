/**
 * Rebuilds the read model from Temporal: asks every arrangement workflow on the task queue for the
 * read-model write it made last (the `readModel` Query, with its revision), and for workflows that
 * never wrote one (started before the read model) projects their state; arrangements Temporal no
 * longer holds are projected from their closure record in the register. Then, in one transaction, the
 * tables are emptied and written again, so readers never see them half built.
 *
 * A workflow answers Queries only while a worker polls its task queue: run the rebuild with one up.
 * A live write that lands while the rebuild runs is ordered by revision like any other.
 */
import type { Client } from '@temporalio/client';
import { projectionDetailsOf, type ArrangementState } from '../../domain';
import type { Db } from '../../store/database';
import { writeSummaryIn, type ArrangementSummary } from '../../store/read-model';
import { ARRANGEMENT_WORKFLOW_TYPE, readModelQuery, stateQuery } from '../../workflows/contract';
import { summaryOf } from '../../workflows/read-model';

/** What a rebuild wrote. */
export interface RebuildResult {
  /** Arrangements written from their workflow's last write. */
  fromWorkflows: number;
  /** Arrangements written from their state (workflows from before the read model). */
  fromState: number;
  /** Arrangements written from the register's closure record (no longer in Temporal). */
  fromRegister: number;
}

/** Options of a rebuild: the task queue whose arrangements to read, and how many Queries run at once (default 8). */
export interface RebuildOptions {
  taskQueue: string;
  concurrency?: number;
}

/** The projection a workflow holds, or one made from its state; revision 0 when it never wrote one. */
async function projectionOf(client: Client, workflowId: string): Promise<{ summary: ArrangementSummary; fromState: boolean }> {
  const handle = client.workflow.getHandle(workflowId);
  const last = await handle.query(readModelQuery);
  if (last) return { summary: last, fromState: false };
  return { summary: projectedState(await handle.query(stateQuery), workflowId, 0), fromState: true };
}

/** The read-model write for `state` at `revision`. */
function projectedState(state: ArrangementState, workflowId: string, revision: number): ArrangementSummary {
  return { ...summaryOf(state, workflowId), details: projectionDetailsOf(state), revision };
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Rebuilds every read-model table in `db` from the workflows on `options.taskQueue` and the register. */
export async function rebuildReadModel(client: Client, db: Db, options: RebuildOptions): Promise<RebuildResult> {
  const workflowIds: string[] = [];
  const query = `WorkflowType = '${ARRANGEMENT_WORKFLOW_TYPE}' AND TaskQueue = '${options.taskQueue.replace(/'/g, '')}'`;
  for await (const execution of client.workflow.list({ query })) workflowIds.push(execution.workflowId);
  const held = new Set(workflowIds);
  const projections = await mapLimited(workflowIds, options.concurrency ?? 8, (id) => projectionOf(client, id));

  // Closed arrangements Temporal no longer holds keep the revision the read model had for them.
  const closed = await db
    .selectFrom('arrangement_register')
    .leftJoin('arrangement_summary', 'arrangement_summary.ref', 'arrangement_register.ref')
    .select(['arrangement_register.workflow_id', 'arrangement_register.final_state', 'arrangement_summary.revision'])
    .where('arrangement_register.final_state', 'is not', null)
    .execute();
  const fromRegister = closed
    .filter((c) => !held.has(c.workflow_id) && c.final_state !== null)
    .map((c) => projectedState(c.final_state as ArrangementState, c.workflow_id, c.revision ?? 0));

  await db.transaction().execute(async (tx) => {
    for (const table of ['arrangement_obligation', 'arrangement_decision', 'arrangement_terms_version', 'arrangement_summary'] as const)
      await tx.deleteFrom(table).execute();
    for (const summary of [...projections.map((p) => p.summary), ...fromRegister]) await writeSummaryIn(tx, summary);
  });
  const fromState = projections.filter((p) => p.fromState).length;
  return { fromWorkflows: projections.length - fromState, fromState, fromRegister: fromRegister.length };
}
