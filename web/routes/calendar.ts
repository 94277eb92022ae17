/**
 * "Your calendar" (issue 15 §3): the person's secret calendar links, for their own deadlines and, for
 * a partner officer, their organisation's. Get a link (which replaces the old one), copy it into
 * Outlook or Google Calendar, or revoke it. The link is shown once, right after it is made; only its
 * hash is kept. Forms carry the CSRF token like every other form; the store is the API's own.
 */
import { Router } from 'express';
import type nunjucks from 'nunjucks';
import { calendarFeedOrganisationsOf, holdsCalendarFeed, whyActorMayNotHoldOrganisationFeed, type Actor } from '../../domain';
import type { CalendarFeedDeps } from '../../api/deps';
import { calendarFeedUrl } from '../../api/routes/calendar-feeds';
import type { WebDeps } from '../deps';
import { longDate } from '../format';
import { renderPage } from '../render';

/** The calendar page and its two forms; mounted only when the API has calendar feeds. */
export function calendarPages(deps: WebDeps, calendar: CalendarFeedDeps, views: nunjucks.Environment): Router {
  const router = Router();
  const nameOf = (id: string) => deps.organisations.find((o) => o.id === id)?.name ?? id;
  router.use((_req, res, next) => {
    res.locals.calendarOn = true;
    next();
  });

  router.get('/your-calendar', async (req, res) => {
    const user = req.session.user as Actor;
    const feeds = await calendar.feeds.list(user.id, calendarFeedOrganisationsOf(user));
    const organisationId = user.role === 'partnerOfficer' ? user.organisationId : undefined;
    renderPage(views, res, 'calendar.njk', {
      title: 'Your calendar',
      organisation: organisationId ? { id: organisationId, name: nameOf(organisationId) } : undefined,
      feeds: feeds.map((f) => ({
        id: f.id,
        whose: f.owner.kind === 'person' ? 'Your deadlines' : `${nameOf(f.owner.organisationId)}'s deadlines`,
        made: longDate(Date.parse(f.createdAt)),
      })),
      newUrl: (res.locals.answers as Record<string, unknown> | undefined)?.calendarUrl,
    });
  });

  router.post('/your-calendar', async (req, res) => {
    const user = req.session.user as Actor;
    const body = req.body as Record<string, unknown>;
    const organisationId = user.role === 'partnerOfficer' ? user.organisationId : undefined;
    const forOrganisation = body.for === 'organisation' && organisationId !== undefined;
    if (forOrganisation && whyActorMayNotHoldOrganisationFeed(user, organisationId)) return void res.redirect(303, '/your-calendar');
    const { token } = await calendar.feeds.create(
      forOrganisation ? { kind: 'organisation', organisationId } : { kind: 'person', actor: user },
      user.id,
    );
    req.session.flash = {
      success: 'Your calendar link is ready. Copy it now: it is shown only once.',
      answers: { calendarUrl: calendarFeedUrl(calendar, req, token) },
    };
    req.session.save(() => res.redirect(303, '/your-calendar'));
  });

  router.post('/your-calendar/:id/revoke', async (req, res) => {
    const user = req.session.user as Actor;
    const feed = await calendar.feeds.get(String(req.params.id));
    if (feed && holdsCalendarFeed(user, feed.owner) && (await calendar.feeds.revoke(feed.id)))
      req.session.flash = { success: 'The calendar link is revoked. Calendars that used it will stop showing its deadlines.' };
    req.session.save(() => res.redirect(303, '/your-calendar'));
  });
  return router;
}
