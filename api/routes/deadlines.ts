/**
 * The caller's deadlines: with the read model, one row per open obligation the caller owes or
 * oversees (a partner its organisation's duties, never the Regional Office's; a Regional Office its
 * region's; an administrator all), soonest first, as JSON or CSV. Without it (tests of the HTTP layer
 * alone), one row per arrangement from a visibility query on NextDeadline.
 */
import { Router } from 'express';
import { hasPassed, listScopeOf } from '../../domain';
import { refOfWorkflowId } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { sendList, type CsvColumn } from '../csv';
import { deadlinesQuerySchema } from '../schemas';
import type { OpenObligation } from '../../store/read-model-queries';
import type { ListedExecution } from '../temporal-gateway';
import { parseRequestPart } from '../validate';
import { arrangementQuery } from '../visibility-query';

/** Default look-ahead when `before` is not given. */
export const DEFAULT_DEADLINE_WINDOW_DAYS = 90;

/** Most arrangements one answer reads (pages of 100), so a large region cannot make it unbounded. */
export const MAX_DEADLINE_ROWS = 500;

/** One row of `GET /deadlines`: an open obligation, who owes it, when it is due, whether it is overdue, and its arrangement. */
export function deadlineRowOf(o: OpenObligation, now: number) {
  return {
    ref: o.ref,
    obligationId: o.obligationId,
    kind: o.kind,
    title: o.title,
    owners: o.owners,
    responsibleRole: o.responsibleRole,
    dueDate: o.dueDate,
    dueAt: o.dueAt,
    overdue: hasPassed(Date.parse(o.dueAt), now),
    region: o.region,
    status: o.arrangementStatus,
    remindersSent: o.stepsSent,
  };
}

const DEADLINE_COLUMNS: CsvColumn<ReturnType<typeof deadlineRowOf>>[] = [
  { header: 'ref', cell: (r) => r.ref },
  { header: 'obligationId', cell: (r) => r.obligationId },
  { header: 'title', cell: (r) => r.title },
  { header: 'owners', cell: (r) => (r.owners.length > 0 ? r.owners.map((o) => o.name).join(';') : r.responsibleRole) },
  { header: 'dueDate', cell: (r) => r.dueDate },
  { header: 'overdue', cell: (r) => r.overdue },
  { header: 'region', cell: (r) => r.region },
  { header: 'status', cell: (r) => r.status },
];

/** The GET /deadlines route. */
export function deadlineRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/deadlines', async (req, res) => {
    const actor = actorOf(req);
    const query = parseRequestPart(deadlinesQuerySchema, req.query, 'query');
    const now = (deps.now ?? Date.now)();
    const before = query.before ?? new Date(now + DEFAULT_DEADLINE_WINDOW_DAYS * 86_400_000);
    if (deps.readModel) {
      const { items, truncated } = await deps.readModel.openObligationsFor({
        scope: listScopeOf(actor),
        dueBefore: before,
        ...(query.after ? { dueAfter: query.after } : {}),
        limit: MAX_DEADLINE_ROWS,
      });
      const rows = items.map((o) => deadlineRowOf(o, now));
      return void sendList(req, res, { json: { items: rows, truncated }, rows, columns: DEADLINE_COLUMNS });
    }
    const visibility = arrangementQuery(deps.taskQueue, listScopeOf(actor), {
      deadlineBefore: before,
      deadlineAfter: query.after,
      running: true,
    });

    const rows: ListedExecution[] = [];
    let token: Uint8Array | undefined;
    let truncated = false;
    do {
      const page = await deps.temporal.list(visibility, 100, token);
      rows.push(...page.executions);
      token = page.nextPageToken;
      if (rows.length >= MAX_DEADLINE_ROWS && token) truncated = true;
    } while (token && !truncated);

    const items = rows
      .filter((r): r is ListedExecution & { nextDeadlineAt: Date } => r.nextDeadlineAt !== undefined)
      .sort((a, b) => a.nextDeadlineAt.getTime() - b.nextDeadlineAt.getTime())
      .map((r) => ({
        ref: refOfWorkflowId(r.workflowId),
        status: r.status,
        dueAt: r.nextDeadlineAt.toISOString(),
        overdue: hasPassed(r.nextDeadlineAt.getTime(), now),
      }));
    res.json({ items, truncated });
  });
  return router;
}
