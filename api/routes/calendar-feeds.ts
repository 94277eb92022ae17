/**
 * Calendar feeds (issue 15 §3). Authenticated: `POST /calendar-feeds` makes (or rotates) the secret URL
 * of my deadlines or of my organisation's, `GET /calendar-feeds` lists the feeds I hold without their
 * secrets, `DELETE /calendar-feeds/{id}` revokes one. Public: `GET /calendar/{token}.ics`, the feed
 * itself, read by calendar clients that carry no bearer token; an unknown and a revoked token answer
 * the same 404.
 */
import { Router, type Request } from 'express';
import {
  calendarFeedOrganisationsOf,
  calendarFeedScope,
  holdsCalendarFeed,
  whyActorMayNotHoldOrganisationFeed,
  type Actor,
  type CalendarFeedOwner,
} from '../../domain';
import type { CalendarFeed } from '../../store/calendar-feeds';
import type { ReadModelQueries } from '../../store/read-model-queries';
import { authenticate, actorOf } from '../auth';
import { calendarFeedText } from '../calendar-feed';
import type { ApiDeps, CalendarFeedDeps } from '../deps';
import { ApiError } from '../errors';
import { apiErrorOfRefusal } from '../refusal-errors';
import { calendarFeedBodySchema, calendarFeedParamsSchema, calendarFileParamsSchema } from '../schemas';
import { parseRequestPart } from '../validate';

/** Most events one feed lists; a calendar is no place for more. */
export const MAX_FEED_EVENTS = 1000;

/** A token as `store/calendar-feeds.ts` makes them: 43 base64url characters. */
const TOKEN = /^([A-Za-z0-9_-]{43})\.ics$/;

/** A feed as the API shows it: the person by id only, never their token or claims. */
function viewOf(feed: CalendarFeed) {
  return {
    id: feed.id,
    owner:
      feed.owner.kind === 'person'
        ? { kind: 'person' as const, personId: feed.owner.actor.id }
        : { kind: 'organisation' as const, organisationId: feed.owner.organisationId },
    createdBy: feed.createdBy,
    createdAt: feed.createdAt,
  };
}

/** The owner a create request names, or the 400/403 that refuses it. */
function ownerOfRequest(actor: Actor, body: unknown): CalendarFeedOwner {
  const request = parseRequestPart(calendarFeedBodySchema, body, 'body');
  if (request.for === 'me') return { kind: 'person', actor };
  const organisationId = request.organisationId ?? (actor.role === 'partnerOfficer' ? actor.organisationId : undefined);
  if (organisationId === undefined)
    throw new ApiError('invalidRequest', 'Name the organisation whose calendar feed you want.', [
      { path: 'body.organisationId', message: 'Required unless you are an officer of a partner organisation' },
    ]);
  const refusal = whyActorMayNotHoldOrganisationFeed(actor, organisationId);
  if (refusal) throw apiErrorOfRefusal(refusal);
  return { kind: 'organisation', organisationId };
}

/** A feed's secret URL: `{PUBLIC_BASE_URL}/calendar/{token}.ics` (the request's own origin when no base is configured). */
export function calendarFeedUrl(calendar: CalendarFeedDeps, req: Request, token: string): string {
  const base = calendar.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${base.replace(/\/+$/, '')}/calendar/${token}.ics`;
}

const feedNotFound = () => new ApiError('notFound', 'No such calendar feed. It may have been revoked; ask for a new link.');

/** The feed routes; mount before the API's 404. */
export function calendarFeedRoutes(deps: ApiDeps, calendar: CalendarFeedDeps, readModel: ReadModelQueries): Router {
  const router = Router();
  const feeds = calendar.feeds;

  router.get('/calendar/:file', async (req, res) => {
    const { file } = parseRequestPart(calendarFileParamsSchema, req.params, 'params');
    const token = TOKEN.exec(file)?.[1];
    const owner = token === undefined ? undefined : await feeds.ownerOfToken(token);
    if (owner === undefined) throw feedNotFound();
    const { items } = await readModel.openObligationsFor({ scope: calendarFeedScope(owner), limit: MAX_FEED_EVENTS });
    const name =
      owner.kind === 'person'
        ? `hapa deadlines: ${owner.actor.id}`
        : `hapa deadlines: ${items.flatMap((o) => o.owners).find((p) => p.id === owner.organisationId)?.name ?? owner.organisationId}`;
    const now = (deps.now ?? Date.now)();
    res
      .status(200)
      .set({
        'content-type': 'text/calendar; charset=utf-8',
        'cache-control': 'private, no-cache',
        // The URL is the secret: never pass it on to a page linked from an event.
        'referrer-policy': 'no-referrer',
      })
      .send(calendarFeedText({ name, obligations: items, arrangementUrl: calendar.arrangementUrl, now }));
  });

  router.use('/calendar-feeds', authenticate(deps.auth));
  router.post('/calendar-feeds', async (req, res) => {
    const actor = actorOf(req);
    const owner = ownerOfRequest(actor, req.body);
    const { token, ...feed } = await feeds.create(owner, actor.id);
    res
      .status(201)
      .set('cache-control', 'no-store')
      .json({ ...viewOf(feed), url: calendarFeedUrl(calendar, req, token) });
  });
  router.get('/calendar-feeds', async (req, res) => {
    const actor = actorOf(req);
    res.json({ items: (await feeds.list(actor.id, calendarFeedOrganisationsOf(actor))).map(viewOf) });
  });
  router.delete('/calendar-feeds/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseRequestPart(calendarFeedParamsSchema, req.params, 'params');
    const feed = await feeds.get(id);
    // Someone else's feed is answered as unknown: its existence is not theirs to learn.
    if (feed === undefined || !holdsCalendarFeed(actor, feed.owner) || !(await feeds.revoke(id))) throw feedNotFound();
    res.status(204).end();
  });
  return router;
}
