/**
 * "Your calendar" (issue 15 §3) on the real templates and a PostgreSQL database of its own: a partner
 * officer gets its organisation's calendar link (with the CSRF token, like every form), sees it once,
 * opens it as a calendar client or a browser would, and revokes it.
 */
import { load } from 'cheerio';
import session from 'express-session';
import { pino } from 'pino';
import request from 'supertest';
import { createApp, type ApiDeps } from '../../api/app';
import { createCalendarFeeds } from '../../store/calendar-feeds';
import { createReadModelQueries } from '../../store/read-model-queries';
import { webApp } from '../../web/app';
import { DEMO_IDENTITIES, DEMO_ORGANISATIONS } from '../../web/demo-directory';
import { testVerifier } from '../api/api-harness';
import { fakeTemporal } from '../api/fake-temporal';
import { testDatabase, type TestDatabase } from '../helpers/database';

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let database: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await testDatabase();
  const api: ApiDeps = {
    temporal: fakeTemporal(),
    namespace: 'default',
    taskQueue: 'tq-web',
    auth: testVerifier(),
    logger: pino({ level: 'silent' }),
    readModel: createReadModelQueries(database.db),
    calendarFeeds: {
      feeds: createCalendarFeeds(database.db),
      arrangementUrl: (ref) => `https://hapa.example/arrangements/${ref}`,
      publicBaseUrl: 'https://hapa.example',
    },
  };
  const web = webApp({
    api,
    sessionStore: new session.MemoryStore(),
    sessionSecret: 'a-test-session-secret-of-at-least-32-characters',
    secureCookies: false,
    signIn: { kind: 'local', identities: DEMO_IDENTITIES },
    lists: { within: () => Promise.resolve([]) },
    organisations: DEMO_ORGANISATIONS,
  });
  app = createApp({ ...api, web });
});
afterAll(() => database?.drop());

/** Signs in as the demo identity `id`; returns the agent with its cookies. */
async function signIn(id: string) {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in').set(BROWSER);
  const csrf = load(page.text)('input[name=_csrf]').val() as string;
  expect((await agent.post('/sign-in/local').type('form').send({ _csrf: csrf, identity: id })).status).toBe(303);
  return agent;
}

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
