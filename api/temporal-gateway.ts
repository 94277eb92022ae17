/**
 * The small slice of Temporal the API uses: start, describe, update, query, list and a readiness
 * ping. Routes depend on this interface so tests can put a fake behind it; `clientGateway` backs it
 * with `@temporalio/client`. Errors pass through untouched: the error middleware maps them.
 */
import { Client, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  defaultPayloadConverter,
  SearchAttributeType,
  TypedSearchAttributes,
  type Payload,
  type SearchAttributePair,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ArrangementState, WhyWaiting } from '../domain';
import type { arrangementWorkflow } from '../workflows/arrangement-workflow';
import {
  ARRANGEMENT_WORKFLOW_TYPE,
  actionUpdate,
  stateQuery,
  whyWaitingQuery,
  type ArrangementWorkflowInput,
  type CommandRequest,
  type CommandResult,
} from '../workflows/contract';
import { listingFromSearchAttributes, type ListingAttributes } from '../workflows/listing';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/** What `describe` tells the API about one arrangement's workflow. */
export interface ExecutionDescription extends ListingAttributes {
  workflowId: string;
  /** Temporal's execution status, e.g. RUNNING, COMPLETED. */
  executionStatus: string;
  memo: Record<string, unknown>;
}

/** One row of a visibility listing. */
export interface ListedExecution extends ListingAttributes {
  workflowId: string;
  executionStatus: string;
  startTime?: Date;
}

/** One page of a visibility listing; `nextPageToken` is opaque and absent on the last page. */
export interface ExecutionPage {
  executions: ListedExecution[];
  nextPageToken?: Uint8Array;
}

/** How to start an arrangement's workflow. */
export interface StartArrangementRequest {
  workflowId: string;
  taskQueue: string;
  input: ArrangementWorkflowInput;
  memo: Record<string, unknown>;
  searchAttributes: SearchAttributePair[];
}

/** The Temporal operations the API needs, one method each. */
export interface TemporalGateway {
  /**
   * Starts the workflow; throws `WorkflowExecutionAlreadyStartedError` when the ID is taken, by a running
   * arrangement or a closed one (never restarted), so a caller knows it started the workflow without asking again.
   */
  startArrangement(request: StartArrangementRequest): Promise<{ runId: string }>;
  describe(workflowId: string): Promise<ExecutionDescription>;
  /**
   * Sends the command Update. Throws `WorkflowUpdateFailedError` carrying the refusal when the workflow
   * refuses, and `WorkflowNotFoundError` when no such workflow runs (never started, or closed).
   */
  executeCommand(workflowId: string, request: CommandRequest, updateId?: string): Promise<CommandResult>;
  queryState(workflowId: string): Promise<ArrangementState>;
  queryWhyWaiting(workflowId: string): Promise<WhyWaiting>;
  list(query: string, pageSize: number, nextPageToken?: Uint8Array): Promise<ExecutionPage>;
  /** Resolves when the namespace answers; throws when Temporal cannot be reached. */
  ping(): Promise<void>;
  /**
   * How many workers have polled the task queue for workflow tasks within the last
   * `POLLER_FRESH_MS` (Temporal's DescribeTaskQueue pollers): 0 means nobody would run a command.
   */
  workersPolling(taskQueue: string): Promise<number>;
}

/**
 * How recent a poll must be for its worker to count as alive. An idle worker's long poll returns
 * empty after a minute and is renewed at once, so a live worker has always polled within about 60 s;
 * Temporal keeps a dead one in the list for minutes, so its last poll's age is what tells them apart.
 */
export const POLLER_FRESH_MS = 90_000;

/** Options of the client-backed gateway. */
export interface ClientGatewayOptions {
  namespace: string;
  /** Deadline of each call, so a request never hangs on a missing worker or a lost server (default 10 s). */
  callTimeoutMs?: number;
  /**
   * Deadline of a Query (default 5 s, at most `callTimeoutMs`): with no worker polling, the server holds a
   * Query until the deadline, so this is how long a read takes to answer 503 then.
   */
  queryTimeoutMs?: number;
  /** Shorter deadline of the readiness ping. */
  pingTimeoutMs?: number;
}

/**
 * Decodes hapa's own search attributes from a raw visibility record (the list call returns payloads,
 * not typed attributes). Values are JSON; a Datetime arrives as an ISO string, and a single-valued
 * attribute may arrive wrapped in a one-element array (older servers). Unknown or malformed values
 * are left out, as the SDK's own decoder does.
 */
function listingAttributes(indexed: Record<string, Payload> | null | undefined): ListingAttributes {
  const pairs = ALL_SEARCH_ATTRIBUTES.flatMap((key): SearchAttributePair[] => {
    const payload = indexed?.[key.name];
    if (!payload) return [];
    let value: unknown = defaultPayloadConverter.fromPayload(payload);
    if (key.type !== SearchAttributeType.KEYWORD_LIST && Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
    if (key.type === SearchAttributeType.DATETIME && typeof value === 'string') value = new Date(value);
    const valid = key.type === SearchAttributeType.KEYWORD_LIST ? Array.isArray(value) : typeof value === 'string' || value instanceof Date;
    return valid ? [{ key, value } as SearchAttributePair] : [];
  });
  return listingFromSearchAttributes(new TypedSearchAttributes(pairs));
}

/** Backs the gateway with a Temporal client. */
export function clientGateway(client: Client, options: ClientGatewayOptions): TemporalGateway {
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const queryTimeoutMs = Math.min(options.queryTimeoutMs ?? 5_000, callTimeoutMs);
  const pingTimeoutMs = options.pingTimeoutMs ?? 3_000;
  const withDeadline = <T>(fn: () => Promise<T>, ms = callTimeoutMs): Promise<T> => client.withDeadline(Date.now() + ms, fn);
  return {
    async startArrangement(request) {
      const handle = await withDeadline(() =>
        client.workflow.start<typeof arrangementWorkflow>(ARRANGEMENT_WORKFLOW_TYPE, {
          workflowId: request.workflowId,
          taskQueue: request.taskQueue,
          args: [request.input],
          memo: request.memo,
          typedSearchAttributes: request.searchAttributes,
          // FAIL: success means this call started it; a retried POST learns otherwise and compares
          // fingerprints. A closed arrangement is never restarted.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      );
      return { runId: handle.firstExecutionRunId };
    },
    async describe(workflowId) {
      const description = await withDeadline(() => client.workflow.getHandle(workflowId).describe());
      return {
        workflowId,
        executionStatus: description.status.name,
        memo: description.memo ?? {},
        ...listingAttributes(description.raw.workflowExecutionInfo?.searchAttributes?.indexedFields),
      };
    },
    async executeCommand(workflowId, request, updateId) {
      const handle = client.workflow.getHandle<typeof arrangementWorkflow>(workflowId);
      return withDeadline(() =>
        handle.executeUpdate(actionUpdate(request.command.type), { args: [request], ...(updateId ? { updateId } : {}) }),
      );
    },
    async queryState(workflowId) {
      return withDeadline(() => client.workflow.getHandle(workflowId).query(stateQuery), queryTimeoutMs);
    },
    async queryWhyWaiting(workflowId) {
      return withDeadline(() => client.workflow.getHandle(workflowId).query(whyWaitingQuery), queryTimeoutMs);
    },
    async list(query, pageSize, nextPageToken) {
      const response = await withDeadline(() =>
        client.workflowService.listWorkflowExecutions({ namespace: options.namespace, query, pageSize, nextPageToken }),
      );
      return {
        executions: response.executions.map((raw) => ({
          workflowId: raw.execution?.workflowId ?? '',
          executionStatus: statusName(raw.status),
          startTime: raw.startTime?.seconds != null ? new Date(Number(raw.startTime.seconds) * 1000) : undefined,
          ...listingAttributes(raw.searchAttributes?.indexedFields),
        })),
        nextPageToken: response.nextPageToken && response.nextPageToken.length > 0 ? response.nextPageToken : undefined,
      };
    },
    async ping() {
      await withDeadline(() => client.workflowService.describeNamespace({ namespace: options.namespace }), pingTimeoutMs);
    },
    async workersPolling(taskQueue) {
      const { TASK_QUEUE_KIND_NORMAL } = temporal.api.enums.v1.TaskQueueKind;
      const { TASK_QUEUE_TYPE_WORKFLOW } = temporal.api.enums.v1.TaskQueueType;
      const response = await withDeadline(
        () =>
          client.workflowService.describeTaskQueue({
            namespace: options.namespace,
            taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
            taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
          }),
        pingTimeoutMs,
      );
      const since = Date.now() - POLLER_FRESH_MS;
      return response.pollers.filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since).length;
    },
  };
}

const STATUS_NAMES: Record<number, string> = {
  1: 'RUNNING',
  2: 'COMPLETED',
  3: 'FAILED',
  4: 'CANCELLED',
  5: 'TERMINATED',
  6: 'CONTINUED_AS_NEW',
  7: 'TIMED_OUT',
};

function statusName(code: number | null | undefined): string {
  return (code != null && STATUS_NAMES[code]) || 'UNSPECIFIED';
}
