/**
 * The web application on a fake Temporal gateway (the API's services) for supertest, and signing in
 * on its local page as a demo identity: shared by the page tests.
 */
import { load } from 'cheerio';
import session from 'express-session';
import { pino } from 'pino';
import request from 'supertest';
import { createApp, type ApiDeps } from '../../api/app';
import type { CalendarFeedDeps } from '../../api/deps';
import { createTokenVerifier } from '../../api/auth';
import type { ReadModelQueries } from '../../store/read-model-queries';
import { webApp } from '../../web/app';
import type { SignInMethod } from '../../web/sign-in';
import { DEMO_IDENTITIES, DEMO_ORGANISATIONS } from '../../web/demo-directory';
import { TEST_AUTH } from '../api/api-harness';
import type { FakeTemporal } from '../api/fake-temporal';
import { emptyReadModel } from './empty-read-model';

/** What a test may change of the web application: its read model (empty by default), its clock, and how people sign in (locally by default). */
export interface WebOptions {
  readModel?: ReadModelQueries;
  now?: () => number;
  signIn?: SignInMethod;
  /** The secret calendar links (the "Your calendar" page and the feeds); absent: not mounted. */
  calendarFeeds?: CalendarFeedDeps;
}

/** The API with the web pages mounted, on `fake`. */
export function appWith(fake: FakeTemporal, options: WebOptions = {}) {
  const api: ApiDeps = {
    temporal: fake,
    namespace: 'default',
    taskQueue: 'tq-web',
    auth: createTokenVerifier({
      keys: { kind: 'secret', secret: TEST_AUTH.secret },
      issuer: TEST_AUTH.issuer,
      audience: TEST_AUTH.audience,
    }),
    logger: pino({ level: 'silent' }),
    ...(options.readModel ? { readModel: options.readModel } : {}),
    ...(options.calendarFeeds ? { calendarFeeds: options.calendarFeeds } : {}),
  };
  const web = webApp({
    api,
    sessionStore: new session.MemoryStore(),
    sessionSecret: 'a-test-session-secret-of-at-least-32-characters',
    secureCookies: false,
    signIn: options.signIn ?? { kind: 'local', identities: DEMO_IDENTITIES },
    readModel: options.readModel ?? emptyReadModel(),
    ...(options.now ? { now: options.now } : {}),
    organisations: DEMO_ORGANISATIONS,
  });
  return createApp({ ...api, web });
}

export const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Signs in on the local page as the demo identity `id`, returning the agent (cookies kept) and where it landed. */
export async function signIn(app: ReturnType<typeof appWith>, id: string, startAt = '/') {
  const agent = request.agent(app);
  const first = await agent.get(startAt).set(BROWSER);
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe('/sign-in');
  const page = await agent.get('/sign-in').set(BROWSER);
  const csrf = load(page.text)('input[name=_csrf]').val() as string;
  const signedIn = await agent.post('/sign-in/local').type('form').send({ _csrf: csrf, identity: id });
  return { agent, location: signedIn.headers.location as string, signedIn };
}
