/**
 * What the HTTP API needs from the outside world, passed in by `api/main.ts` (real Temporal, jose,
 * pino) or by tests (a fake gateway, a test secret, a silent logger).
 */
import type { PayloadCodec } from '@temporalio/common';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ArrangementPolicyInput, PolicyBounds } from '../domain';
import type { ReadModelQueries } from '../store/read-model-queries';
import type { ReadModelCounts } from '../store/read-model-metrics';
import type { CalendarFeeds } from '../store/calendar-feeds';
import type { Register } from '../store/register';
import type { TokenVerifier } from './auth';
import type { MessagePreferenceDeps } from './routes/preferences';
import type { TemporalGateway } from './temporal-gateway';

/** The API's dependencies. */
export interface ApiDeps {
  temporal: TemporalGateway;
  /** Temporal namespace, shown on /readyz. */
  namespace: string;
  /** Task queue new arrangements start on; lists are restricted to it. */
  taskQueue: string;
  auth: TokenVerifier;
  logger: Logger;
  /** Largest JSON body accepted (express/bytes syntax, e.g. '256kb'). */
  bodyLimit?: string;
  /** Deployment-wide policy overrides (HAPA_POLICY) carried into each new workflow's input. */
  policy?: ArrangementPolicyInput;
  /**
   * The register in PostgreSQL (api/main.ts always passes it): references are reserved there at
   * create and never reused, and closed arrangements are read from it once Temporal forgets them.
   * Tests of the HTTP layer alone may leave it out.
   */
  register?: Register;
  /**
   * The read model in PostgreSQL (api/main.ts always passes it): lists, deadlines, reports and single
   * reads are served from it. Without it (tests of the HTTP layer alone) they fall back on Temporal's
   * visibility and Queries.
   */
  readModel?: ReadModelQueries;
  /** How far an administrator's create request may override the policy (HAPA_POLICY_BOUNDS); none when absent. */
  policyBounds?: PolicyBounds;
  /** Key sealing the list's page tokens; API processes behind one address must share it. Random when absent. */
  pageTokenKey?: Uint8Array;
  /** The payload codec of the deployment: serves /codec/encode and /codec/decode for the Temporal Web UI. */
  codec?: PayloadCodec;
  /** Origin of the Temporal Web UI allowed to call /codec (CORS); none when absent. */
  codecCorsOrigin?: string;
  /** The web pages (`web/app.ts`), mounted before the API in the same application; none when absent. */
  web?: RequestHandler;
  /** The read model's counts for `/metrics` (arrangements by status, overdue); absent: those gauges are left out. */
  readModelCounts?: () => Promise<ReadModelCounts>;
  /** Whether `/metrics` includes the process's own metrics (CPU, memory, event loop): `api/main.ts` only. */
  processMetrics?: boolean;
  /**
   * The secret calendar URLs and what their feeds link to (api/main.ts passes them with the read
   * model); without them the calendar routes are not mounted.
   */
  calendarFeeds?: CalendarFeedDeps;
  /** People's choices of immediate messages or digests (issue 15 §2); api/main.ts always passes it. */
  messagePreferences?: MessagePreferenceDeps;
  /** Clock for "upcoming" windows; tests pin it. */
  now?: () => number;
}

/** What the calendar feeds need: the store of feeds, and the links they write. */
export interface CalendarFeedDeps {
  feeds: CalendarFeeds;
  /** Link to an arrangement's page (`arrangementPageUrl(config)`). */
  arrangementUrl: (ref: string) => string;
  /** Where the feed URLs point (`publicBaseUrl(config)`); the request's own origin when absent. */
  publicBaseUrl?: string;
}
