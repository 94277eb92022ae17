/**
 * Prometheus metrics of the API at `/metrics` (prom-client): requests by route, method and status
 * (rate and errors), their latency, and from the read model the arrangements by status and those
 * with an overdue obligation. The worker's own metrics (task latencies, slots, cache) come from the
 * Temporal SDK's exporter on the worker's port (`HAPA_WORKER_METRICS_PORT`).
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReadModelCounts } from '../store/read-model-metrics';

/** What the metrics need: the read model's counts (absent in tests of the HTTP layer alone). */
export interface MetricsOptions {
  readModelCounts?: () => Promise<ReadModelCounts>;
  /** The process's own (CPU, memory, event loop): once per process, so `api/main.ts` only. */
  processMetrics?: boolean;
}

/** The API's registry, the middleware that times each request, and the `/metrics` handler. */
export interface ApiMetrics {
  registry: Registry;
  timeRequests: RequestHandler;
  serve: RequestHandler;
}

/** The route's pattern (`/arrangements/:ref/approve`), never the raw path: references would make labels unbounded. */
function routeOf(req: Parameters<RequestHandler>[0]): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

/** A registry of its own per app, so that tests can build many apps in one process. */
export function createMetrics(options: MetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'hapa_api_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'hapa_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const errors = new Counter({
    name: 'hapa_http_errors_total',
    help: 'HTTP requests answered with a 4xx or 5xx status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hapa_http_request_duration_seconds',
    help: 'Time from request to response',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  if (options.readModelCounts) {
    const counts = options.readModelCounts;
    let last: Promise<ReadModelCounts> | undefined;
    // Both gauges read one set of counts per scrape: the registry calls their collect() in one go.
    const current = () =>
      (last ??= counts().finally(() => {
        last = undefined;
      }));
    new Gauge({
      name: 'hapa_arrangements',
      help: 'Arrangements in the read model, by status',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [status, n] of Object.entries((await current()).byStatus)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'hapa_arrangements_overdue',
      help: "Arrangements with an overdue obligation (the read model's next deadline has passed)",
      registers: [registry],
      async collect() {
        this.set((await current()).overdue);
      },
    });
  }
  return {
    registry,
    timeRequests(req, res, next) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
        requests.inc(labels);
        if (res.statusCode >= 400) errors.inc(labels);
        latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    },
    async serve(_req, res) {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
