/**
 * The HTTP API as an Express 5 app: JSON only with a size limit, a request id on every log line,
 * bearer-token authentication on everything but the operational routes (health, metrics, the
 * documents), zod at the edge, request metrics, and one error middleware. Express 5 passes rejected promises from handlers to that middleware.
 */
import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { jsonOnly } from './json-only';
import { createMetrics } from './metrics';
import { requestLogger } from './request-logger';
import { actionRoutes } from './routes/actions';
import { arrangementRoutes } from './routes/arrangements';
import { calendarFeedRoutes } from './routes/calendar-feeds';
import { codecRoutes } from './routes/codec';
import { deadlineRoutes } from './routes/deadlines';
import { metaRoutes } from './routes/meta';
import { preferenceRoutes } from './routes/preferences';
import { referenceRoutes } from './routes/reference';
import { reportRoutes } from './routes/reports';

export type { ApiDeps } from './deps';

/** Default body limit: the largest real body (full terms with a pooled fund) is a few kilobytes. */
export const DEFAULT_BODY_LIMIT = '256kb';

/** Builds the app; it holds no state of its own, so tests can build one per case. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const metrics = createMetrics(deps);
  app.use(requestLogger(deps.logger));
  app.use(metrics.timeRequests);
  app.get('/metrics', metrics.serve);
  // The web pages answer browsers (no bearer token, a page or a form); every other request goes on to the API.
  if (deps.web) app.use(deps.web);
  app.use(jsonOnly);
  app.use(express.json({ limit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT, strict: true }));
  app.use(metaRoutes(deps));
  if (deps.codec) app.use(codecRoutes({ ...deps, codec: deps.codec }));
  app.use(referenceRoutes());
  // The feed itself is read by calendar clients without a bearer token: its secret URL is the credential.
  if (deps.calendarFeeds && deps.readModel) app.use(calendarFeedRoutes(deps, deps.calendarFeeds, deps.readModel));
  app.use(['/arrangements', '/deadlines', '/reports', '/me'], authenticate(deps.auth));
  app.use(arrangementRoutes(deps));
  app.use(actionRoutes(deps));
  app.use(deadlineRoutes(deps));
  app.use(reportRoutes(deps));
  app.use(preferenceRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorMiddleware);
  return app;
}
