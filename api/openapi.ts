/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with, so the
 * published contract cannot drift from what the API accepts.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { actionRequiresRole, COMMAND_TYPES, REFUSAL_CODE_LIST, REFUSAL_CODES, type CommandType } from '../domain';
import { ERROR_STATUS } from './errors';
import { messagePreferenceBodySchema, messagePreferenceSchema } from './routes/preferences';
import { referenceSchema } from './routes/reference';
import {
  actionBodySchemas,
  calendarFeedBodySchema,
  calendarFeedParamsSchema,
  calendarFeedsSchema,
  calendarFileParamsSchema,
  createdCalendarFeedSchema,
  arrangementReadModelSchema,
  arrangementStateSchema,
  auditSchema,
  commandResultSchema,
  createBodySchema,
  createdSchema,
  deadlinesQuerySchema,
  errorBodySchema,
  listPageSchema,
  listQuerySchema,
  deadlinesSchema,
  readQuerySchema,
  refParamsSchema,
  timeToDecisionQuerySchema,
  timeToDecisionSchema,
  termsVersionSchema,
  termsVersionsSchema,
  versionParamsSchema,
  requestHeadersSchema,
  whyWaitingSchema,
} from './schemas';

const json = (schema: z.ZodType, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

const idempotencyHeader = requestHeadersSchema;

/** A list's 200: JSON, or CSV with a header line when the request asks `Accept: text/csv`. */
const jsonOrCsv = (schema: z.ZodType, description: string): ResponseConfig => ({
  description: `${description}; as CSV (a header line, then one line per row) with Accept: text/csv`,
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

/** Error responses every authenticated route can give. */
function errors(...statuses: number[]): Record<string, ResponseConfig> {
  const text: Record<number, string> = {
    400: 'Invalid input: details name each field at fault',
    401: 'No bearer token, or it does not verify',
    403: 'Your role may not do this',
    404: 'No such arrangement that you can see',
    409: 'Refused by a rule (error is the rule code, with its citation), or a conflicting create',
    413: 'Body larger than the limit',
    415: 'Body is not application/json',
    422: 'The Idempotency-Key was already used with a different body',
    503: 'Temporal or its workers did not answer; retry after Retry-After seconds',
  };
  return Object.fromEntries(statuses.map((s) => [String(s), json(errorBodySchema, text[s] ?? 'Error')]));
}

/**
 * The closed lists of error codes, as schema components: the API's own (`ERROR_STATUS`) and the
 * domain's refusal codes, generated from `REFUSAL_CODES` with each one's meaning and default citation.
 */
export function errorCodeComponents(): Record<'ApiErrorCode' | 'RefusalCode', { type: 'string'; enum: string[]; description: string }> {
  // `ruleRefused` never reaches a body: a refusal's body carries the rule's own code instead.
  const apiCodes = Object.entries(ERROR_STATUS).filter(([code]) => code !== 'ruleRefused');
  return {
    ApiErrorCode: {
      type: 'string',
      enum: apiCodes.map(([code]) => code),
      description: `The API's own error codes, each with its status: ${apiCodes.map(([code, status]) => `${code} ${status}`).join(', ')}.`,
    },
    RefusalCode: {
      type: 'string',
      enum: [...REFUSAL_CODE_LIST],
      description: [
        'The rule codes the domain refuses with; the error body carries the citation of the rule that applied.',
        ...REFUSAL_CODE_LIST.map((code) => `- \`${code}\`: ${REFUSAL_CODES[code].description} (${REFUSAL_CODES[code].citation})`),
      ].join('\n'),
    },
  };
}

function actionRoute(type: CommandType): RouteConfig {
  const roles = actionRequiresRole(type);
  return {
    method: 'post',
    path: `/arrangements/{ref}/${type}`,
    operationId: type,
    tags: ['Actions'],
    summary: `Action: ${type}`,
    description: `Issues the \`${type}\` command. Roles: ${roles.join(', ')} (partner officers of a party, Regional Office officers of its region). The workflow's rules decide; a refusal is a 409 with the rule's citation.`,
    security: [{ bearerAuth: [] }],
    request: {
      params: refParamsSchema,
      headers: idempotencyHeader,
      body: { required: false, content: { 'application/json': { schema: actionBodySchemas[type] } } },
    },
    responses: {
      '200': json(commandResultSchema, 'Accepted: the new status and the audit entry written'),
      ...errors(400, 401, 403, 404, 409, 413, 415, 422, 503),
    },
  };
}

/** Every documented route (the app test checks this matches the routes Express serves). */
export function documentedRoutes(): RouteConfig[] {
  const ref = { params: refParamsSchema };
  const secured = { security: [{ bearerAuth: [] }] };
  return [
    {
      method: 'post',
      path: '/arrangements',
      operationId: 'createArrangement',
      tags: ['Arrangements'],
      summary: 'Create an arrangement (starts its workflow)',
      description:
        'Idempotent by reference: an identical retry answers 200 with the same arrangement; a different body for the same reference answers 409. Partner officers may create arrangements their organisation is party to; administrators any.',
      ...secured,
      request: { headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: createBodySchema } } } },
      responses: {
        '201': json(createdSchema, 'Created; Location names it'),
        '200': json(createdSchema, 'An identical earlier request created it'),
        ...errors(400, 401, 403, 409, 413, 415, 422, 503),
      },
    },
    {
      method: 'get',
      path: '/arrangements',
      operationId: 'listArrangements',
      tags: ['Arrangements'],
      summary: 'List the arrangements you can see',
      description:
        'From the read model in PostgreSQL, sorted by next deadline, notified-at, reference or start date. Page with nextPageToken (in a Link header for CSV).',
      ...secured,
      request: { query: listQuerySchema },
      responses: { '200': jsonOrCsv(listPageSchema, 'A page of arrangements'), ...errors(400, 401, 503) },
    },
    {
      method: 'get',
      path: '/arrangements/{ref}',
      operationId: 'getArrangement',
      tags: ['Arrangements'],
      summary: 'One arrangement: from the read model with its revision, or its whole state with consistent=true',
      description:
        'Without consistent=true: the read model (summary, revision, terms in force, obligations, decisions, versions; source "readModel"); a consenting Health Authority that is no party, or an arrangement not yet projected, gets the whole state.',
      ...secured,
      request: { params: refParamsSchema, query: readQuerySchema },
      responses: {
        '200': json(z.union([arrangementReadModelSchema, arrangementStateSchema]), 'From the read model, or its whole state'),
        ...errors(400, 401, 404, 503),
      },
    },
    {
      method: 'get',
      path: '/arrangements/{ref}/why-waiting',
      operationId: 'whyWaiting',
      tags: ['Arrangements'],
      summary: 'What the arrangement is waiting for, who must act, by when, and the rule behind it',
      ...secured,
      request: ref,
      responses: { '200': json(whyWaitingSchema, 'What it waits for'), ...errors(400, 401, 404, 503) },
    },
    {
      method: 'get',
      path: '/arrangements/{ref}/audit',
      operationId: 'auditTrail',
      tags: ['Arrangements'],
      summary: 'The audit trail: who did what, when and why',
      ...secured,
      request: ref,
      responses: { '200': json(auditSchema, 'Every entry, oldest first'), ...errors(400, 401, 404, 503) },
    },
    {
      method: 'get',
      path: '/arrangements/{ref}/versions',
      operationId: 'termsVersions',
      tags: ['Arrangements'],
      summary: 'Every version of the terms: effective date, what changed, minor or material and why, who authorised it',
      ...secured,
      request: ref,
      responses: { '200': json(termsVersionsSchema, 'Every version, oldest first'), ...errors(400, 401, 404, 503) },
    },
    {
      method: 'get',
      path: '/arrangements/{ref}/versions/{n}',
      operationId: 'termsVersion',
      tags: ['Arrangements'],
      summary: 'One version of the terms',
      ...secured,
      request: { params: versionParamsSchema },
      responses: { '200': json(termsVersionSchema.extend({ ref: z.string() }), 'The version'), ...errors(400, 401, 404, 503) },
    },
    ...COMMAND_TYPES.map(actionRoute),
    {
      method: 'get',
      path: '/deadlines',
      operationId: 'upcomingDeadlines',
      tags: ['Deadlines'],
      summary: 'One row per open obligation you owe or oversee, soonest first',
      description:
        "A partner officer: what its organisation owes (never the Regional Office's duties); a Regional Office officer: every open obligation in its region; an administrator: all.",
      ...secured,
      request: { query: deadlinesQuerySchema },
      responses: { '200': jsonOrCsv(deadlinesSchema, 'Deadlines, soonest first'), ...errors(400, 401, 503) },
    },
    {
      method: 'post',
      path: '/calendar-feeds',
      operationId: 'createCalendarFeed',
      tags: ['Calendar feeds'],
      summary: "Make the secret calendar URL of my deadlines or of my organisation's; replaces (revokes) the one it had",
      description:
        "`for: me` lists what you may list (a partner officer: its organisation's duties; a Regional Office officer: its region's; an administrator: all). `for: organisation` lists what the organisation owes, for everyone who acts for it: an officer of that organisation or an administrator (who names it). The URL is shown only in this answer; only a hash of its token is kept.",
      ...secured,
      request: { body: { content: { 'application/json': { schema: calendarFeedBodySchema } } } },
      responses: { '201': json(createdCalendarFeedSchema, 'The feed and its secret URL'), ...errors(400, 401, 403, 415, 503) },
    },
    {
      method: 'get',
      path: '/calendar-feeds',
      operationId: 'listCalendarFeeds',
      tags: ['Calendar feeds'],
      summary: "The live calendar feeds I hold (mine, and my organisation's), without their secrets",
      ...secured,
      responses: { '200': json(calendarFeedsSchema, 'Oldest first'), ...errors(401, 503) },
    },
    {
      method: 'delete',
      path: '/calendar-feeds/{id}',
      operationId: 'revokeCalendarFeed',
      tags: ['Calendar feeds'],
      summary: 'Revoke a calendar feed: its URL answers 404 from now on',
      ...secured,
      request: { params: calendarFeedParamsSchema },
      responses: { '204': { description: 'Revoked' }, ...errors(400, 401, 404, 503) },
    },
    {
      method: 'get',
      path: '/calendar/{file}',
      operationId: 'calendarFeed',
      tags: ['Calendar feeds'],
      summary: 'The calendar feed itself (iCalendar, RFC 5545), for calendar clients: no bearer token, the secret URL is the credential',
      description:
        "One all-day event per open obligation in the feed's scope, on its due date in England, with a display alarm its lead time before, what to do, and the arrangement page's link. Each event's UID is the deadline emails' attachment's, so dates that move update the event. An unknown or revoked URL answers 404.",
      request: { params: calendarFileParamsSchema },
      responses: {
        '200': { description: 'The feed', content: { 'text/calendar': { schema: z.string() } } },
        '404': json(errorBodySchema, 'No such feed (unknown or revoked)'),
      },
    },
    {
      method: 'get',
      path: '/reports/time-to-decision',
      operationId: 'timeToDecision',
      tags: ['Reports'],
      summary:
        'Per region: notifications waiting (aged in working days) and working days to decision (median, 90th percentile) over a period',
      description:
        'For Regional Office officers (their region) and administrators (every region). Working days exclude weekends and England & Wales bank holidays.',
      ...secured,
      request: { query: timeToDecisionQuerySchema },
      responses: { '200': jsonOrCsv(timeToDecisionSchema, 'The report'), ...errors(400, 401, 403, 503) },
    },
    {
      method: 'get',
      path: '/reference',
      operationId: 'reference',
      tags: ['Reference'],
      summary: 'The function catalogue, partner kinds and written-agreement checklist items, with labels and citations',
      responses: { '200': json(referenceSchema, 'The reference lists; every id is an enum') },
    },
    {
      method: 'get',
      path: '/healthz',
      operationId: 'healthz',
      tags: ['Operations'],
      summary: 'Liveness: the process answers',
      responses: { '200': json(z.object({ status: z.literal('ok') }), 'Alive') },
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      tags: ['Operations'],
      summary: 'Readiness: Temporal answers and a worker polls the task queue',
      responses: {
        '200': json(
          z.object({ status: z.literal('ready'), namespace: z.string(), taskQueue: z.string(), workers: z.number().int().positive() }),
          'Ready',
        ),
        ...errors(503),
      },
    },
    {
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      tags: ['Operations'],
      summary: 'Prometheus metrics: requests by route and status, their latency, arrangements by status and overdue',
      responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
    {
      method: 'get',
      path: '/me/message-preference',
      operationId: 'getMessagePreference',
      tags: ['Messages'],
      summary: 'How your messages reach you: at once, or in a daily or weekly digest',
      description:
        "You are the email address in your token's email claim (403 without one). Escalations of overdue work to chief officers and the Regional Office always come in a daily digest; a burst of messages within a minute is collected into the next daily digest.",
      ...secured,
      responses: { '200': json(messagePreferenceSchema, 'Your delivery, whether you chose it, and the default'), ...errors(401, 403, 503) },
    },
    {
      method: 'put',
      path: '/me/message-preference',
      operationId: 'setMessagePreference',
      tags: ['Messages'],
      summary: 'Choose how your messages reach you',
      description: "Sets the delivery for the email address in your token's email claim (403 without one).",
      ...secured,
      request: { body: { required: true, content: { 'application/json': { schema: messagePreferenceBodySchema } } } },
      responses: { '200': json(messagePreferenceSchema, 'Your delivery, as now set'), ...errors(400, 401, 403, 413, 415, 503) },
    },
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tags: ['Operations'],
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
    {
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      tags: ['Operations'],
      summary: 'Readable API documentation (self-contained HTML, works offline)',
      responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  ];
}

/** The generated document's type (from the generator, so no extra dependency is needed). */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document, generated once per process (the schemas never change while it runs). */
export function buildOpenApiDocument(): OpenApiDocument {
  cached ??= generate();
  return cached;
}

function generate(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Claims: sub, role (partnerOfficer + org | regionalOfficeOfficer + region | administrator), iss, aud, exp. `npm run token` mints one locally.',
  });
  for (const [name, schema] of Object.entries(errorCodeComponents())) registry.registerComponent('schemas', name, schema);
  for (const route of documentedRoutes()) registry.registerPath(route);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'hapa: Health Act Partnership Arrangements API',
      version: '0.1.0',
      description:
        'Runs section 31 (Health Act 1999) partnership arrangements as durable workflows. Every error has the body {error, message, details: [{path, message}], citation?}.',
    },
    servers: [{ url: '/' }],
  });
}
