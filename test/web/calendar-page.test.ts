/**
 * "Your calendar" (issue 15 §3) on the real templates and a PostgreSQL database of its own: a partner
 * officer gets its organisation's calendar link (with the CSRF token, like every form), sees it once,
 * opens it as a calendar client or a browser would, and revokes it.
 */
import { load } from 'cheerio';
import request from 'supertest';
import { createCalendarFeeds } from '../../store/calendar-feeds';
import { createReadModelQueries } from '../../store/read-model-queries';
import { fakeTemporal } from '../api/fake-temporal';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { appWith, BROWSER, signIn as signInOn } from './web-harness';

let database: TestDatabase;
let app: ReturnType<typeof appWith>;

beforeAll(async () => {
  database = await testDatabase();
  app = appWith(fakeTemporal(), {
    readModel: createReadModelQueries(database.db),
    calendarFeeds: {
      feeds: createCalendarFeeds(database.db),
      arrangementUrl: (ref) => `https://hapa.example/arrangements/${ref}`,
      publicBaseUrl: 'https://hapa.example',
    },
  });
});
afterAll(() => database?.drop());

/** Signs in as the demo identity `id`; returns the agent with its cookies. */
const signIn = async (id: string) => (await signInOn(app, id)).agent;

test("when a partner officer gets its organisation's calendar link, then it is shown once, opens as a calendar, and stops working once revoked", async () => {
  const agent = await signIn('pct-riverside');
  const empty = load((await agent.get('/your-calendar').set(BROWSER)).text);
  expect(empty('h1').text()).toBe('Your calendar');
  expect(empty('.govuk-service-navigation').text()).toContain('Your calendar');
  expect(empty('main').text()).toContain('You have no calendar links.');

  const csrf = empty('form[action="/your-calendar"] input[name=_csrf]').val() as string;
  expect((await agent.post('/your-calendar').type('form').send({ for: 'organisation' })).status).toBe(403);
  const made = await agent.post('/your-calendar').type('form').send({ _csrf: csrf, for: 'organisation' });
  expect(made.status).toBe(303);

  const shown = load((await agent.get('/your-calendar').set(BROWSER)).text);
  const url = shown('#calendar-url').val() as string;
  expect(url).toMatch(/^https:\/\/hapa\.example\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  expect(shown('tbody tr').text()).toContain("Riverside Primary Care Trust's deadlines");
  // Shown once: the next view lists the link without its secret.
  const again = load((await agent.get('/your-calendar').set(BROWSER)).text);
  expect(again('#calendar-url')).toHaveLength(0);
  expect(again.html()).not.toContain(url.split('/').pop()!);

  // Opened from a browser (Accept: text/html, no session) or a calendar client, the link is the feed.
  const path = new URL(url).pathname;
  const opened = await request(app).get(path).set(BROWSER);
  expect(opened.status).toBe(200);
  expect(opened.headers['content-type']).toMatch(/^text\/calendar/);
  expect(opened.text).toContain('BEGIN:VCALENDAR');

  const revoke = again('form[action$="/revoke"]');
  const revoked = await agent
    .post(revoke.attr('action')!)
    .type('form')
    .send({ _csrf: revoke.find('input[name=_csrf]').val() as string });
  expect(revoked.status).toBe(303);
  expect((await request(app).get(path)).status).toBe(404);
  expect(load((await agent.get('/your-calendar').set(BROWSER)).text)('main').text()).toContain('You have no calendar links.');
});
