/**
 * The caller's upcoming deadlines across every arrangement they may see: one visibility query on
 * NextDeadline (no Query fan-out), sorted soonest first here because the server cannot sort.
 */
import { Router } from 'express';
import { hasPassed, listScopeOf } from '../../domain';
import { refOfWorkflowId } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { deadlinesQuerySchema } from '../schemas';
import type { ListedExecution } from '../temporal-gateway';
import { parseRequestPart } from '../validate';
import { arrangementQuery } from '../visibility-query';

/** Default look-ahead when `before` is not given. */
export const DEFAULT_DEADLINE_WINDOW_DAYS = 90;

/** Most arrangements one answer reads (pages of 100), so a large region cannot make it unbounded. */
export const MAX_DEADLINE_ROWS = 500;

/** The GET /deadlines route. */
export function deadlineRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/deadlines', async (req, res) => {
    const actor = actorOf(req);
    const query = parseRequestPart(deadlinesQuerySchema, req.query, 'query');
    const now = (deps.now ?? Date.now)();
    const before = query.before ?? new Date(now + DEFAULT_DEADLINE_WINDOW_DAYS * 86_400_000);
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
