/**
 * Operational routes that need no token: liveness, readiness (Temporal answers and a worker polls
 * the task queue), the OpenAPI document and its readable page.
 */
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { renderDocsPage } from '../docs-page';
import { ApiError } from '../errors';
import { buildOpenApiDocument } from '../openapi';
import { RETRY_AFTER_SECONDS } from '../temporal-errors';

/** /healthz, /readyz, /openapi.json and /docs. */
export function metaRoutes(deps: ApiDeps): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  const page = renderDocsPage(document);

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    let workers: number;
    try {
      await deps.temporal.ping();
      workers = await deps.temporal.workersPolling(deps.taskQueue);
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      throw new ApiError('temporalUnavailable', `Temporal namespace '${deps.namespace}' does not answer.`, [], {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        cause: err,
      });
    }
    // Temporal answering is not enough: with no worker, every command and read would wait and fail.
    if (workers === 0) {
      throw new ApiError('temporalUnavailable', `No worker polls task queue '${deps.taskQueue}' in namespace '${deps.namespace}'.`, [], {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    res.json({ status: 'ready', namespace: deps.namespace, taskQueue: deps.taskQueue, workers });
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });

  return router;
}
