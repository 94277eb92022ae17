/**
 * An in-memory stand-in for the Temporal gateway, for tests of the HTTP layer alone: it keeps the
 * workflows "started", records every call, and can be told to fail the next call with a real
 * Temporal error class so the error mapping is tested against what the client actually throws.
 * Like the server, it refuses to start a taken ID (conflict policy FAIL), answers an Update to a
 * closed workflow as not found, and, like the workflow's validator, refuses an Update whose actor
 * the domain's `whyActorIsRefused` refuses.
 */
/* eslint-disable @typescript-eslint/require-await -- the fake answers at once, but keeps the gateway's async signatures */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ArrangementState } from '../../domain';
import { whyActorIsRefused } from '../../domain';
import type { CommandRequest, CommandResult } from '../../workflows/contract';
import type { ExecutionDescription, ExecutionPage, StartArrangementRequest, TemporalGateway } from '../../api/temporal-gateway';

/** One recorded gateway call. */
export type RecordedCall =
  | { op: 'start'; request: StartArrangementRequest }
  | { op: 'update'; workflowId: string; request: CommandRequest; updateId?: string }
  | { op: 'query'; workflowId: string; query: 'state' | 'whyWaiting' }
  | { op: 'list'; query: string; pageSize: number; nextPageToken?: Uint8Array }
  | { op: 'describe'; workflowId: string };

/** The fake and its controls. */
export interface FakeTemporal extends TemporalGateway {
  calls: RecordedCall[];
  workflows: Map<string, FakeWorkflow>;
  /** The next call of this kind throws `err` instead. */
  failNext(op: RecordedCall['op'] | 'ping', err: unknown): void;
  /** Results `list` returns. */
  listResult: ExecutionPage;
  /** Workers `workersPolling` reports (1 unless a test sets it). */
  workers: number;
  /** Marks a workflow closed (as if it had completed). */
  close(workflowId: string): void;
}

/** One fake workflow: its description, its input, and the commands it accepted. */
export type FakeWorkflow = ExecutionDescription & { input: StartArrangementRequest['input']; applied: CommandRequest[] };

/** The state a fake workflow reports: its creation input in `draft`. */
function stateOf(wf: FakeWorkflow): ArrangementState {
  return {
    ref: wf.input.create.ref,
    version: 1,
    status: 'draft',
    terms: wf.input.create.terms,
    obligations: [],
    audit: [{ at: 0, actorId: wf.input.createdBy.id, role: wf.input.createdBy.role, action: 'created' }],
  } as unknown as ArrangementState;
}

/** A fake whose workflows never run: updates succeed with a canned result unless told otherwise. */
export function fakeTemporal(): FakeTemporal {
  const calls: RecordedCall[] = [];
  const workflows: FakeTemporal['workflows'] = new Map();
  const failures = new Map<string, unknown>();
  const maybeFail = (op: string) => {
    if (failures.has(op)) {
      const err = failures.get(op);
      failures.delete(op);
      throw err;
    }
  };
  const find = (workflowId: string) => {
    const wf = workflows.get(workflowId);
    if (!wf) throw new WorkflowNotFoundError('not found', workflowId, undefined);
    return wf;
  };
  const fake: FakeTemporal = {
    calls,
    workflows,
    listResult: { executions: [] },
    workers: 1,
    failNext: (op, err) => failures.set(op, err),
    close: (workflowId) => {
      find(workflowId).executionStatus = 'COMPLETED';
    },
    async startArrangement(request) {
      calls.push({ op: 'start', request });
      maybeFail('start');
      if (workflows.has(request.workflowId))
        throw new WorkflowExecutionAlreadyStartedError('exists', request.workflowId, 'arrangementWorkflow');
      const terms = request.input.create.terms;
      workflows.set(request.workflowId, {
        workflowId: request.workflowId,
        executionStatus: 'RUNNING',
        memo: request.memo,
        status: 'draft',
        region: terms.regionalOffice.region,
        partnerIds: terms.partners.map((p) => p.id),
        types: [...terms.types],
        input: request.input,
        applied: [],
      });
      return { runId: 'run-1' };
    },
    async describe(workflowId) {
      calls.push({ op: 'describe', workflowId });
      maybeFail('describe');
      return find(workflowId);
    },
    async executeCommand(workflowId, request, updateId): Promise<CommandResult> {
      calls.push({ op: 'update', workflowId, request, ...(updateId ? { updateId } : {}) });
      maybeFail('update');
      const wf = find(workflowId);
      if (wf.executionStatus !== 'RUNNING') throw new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined);
      const refusal = whyActorIsRefused(stateOf(wf), request.command, request.actor);
      if (refusal) {
        const failure = ApplicationFailure.create({ type: refusal.code, message: refusal.message, details: [refusal], nonRetryable: true });
        throw new WorkflowUpdateFailedError('Workflow Update failed', failure);
      }
      wf.applied.push(request);
      return { status: 'draft', version: 1, auditIndex: 1 };
    },
    async queryState(workflowId) {
      calls.push({ op: 'query', workflowId, query: 'state' });
      maybeFail('query');
      return stateOf(find(workflowId));
    },
    async queryWhyWaiting(workflowId) {
      calls.push({ op: 'query', workflowId, query: 'whyWaiting' });
      maybeFail('query');
      find(workflowId);
      return { waitingFor: [] } as never;
    },
    async list(query, pageSize, nextPageToken) {
      calls.push({ op: 'list', query, pageSize, ...(nextPageToken ? { nextPageToken } : {}) });
      maybeFail('list');
      return fake.listResult;
    },
    async ping() {
      maybeFail('ping');
    },
    async workersPolling() {
      maybeFail('ping');
      return fake.workers;
    },
  };
  return fake;
}

/** The operations the API asked of the gateway, in order. */
export const callOps = (fake: FakeTemporal): RecordedCall['op'][] => fake.calls.map((c) => c.op);

/** The number of workflows the API asked to start (identical retries included). */
export const startCalls = (fake: FakeTemporal): number => fake.calls.filter((c) => c.op === 'start').length;
