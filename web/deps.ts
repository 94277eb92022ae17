/**
 * What the web pages need, passed in by `api/main.ts` (or a test): the same services the JSON API
 * uses (so every action and create goes through the same code path), the session store, how people
 * sign in, and the read model the lists come from.
 */
import type { Store } from 'express-session';
import type { ApiDeps } from '../api/deps';
import type { Partner } from '../domain';
import type { ReadModelQueries } from '../store/read-model-queries';
import type { SignInMethod } from './sign-in';

/** The web application's dependencies. */
export interface WebDeps {
  api: ApiDeps;
  sessionStore: Store;
  /** Signs the session cookie (at least 32 characters); shared by web processes behind one address. */
  sessionSecret: string;
  /** True when people reach hapa over HTTPS: the cookie is then sent over HTTPS only. */
  secureCookies: boolean;
  signIn: SignInMethod;
  /** The read model's queries: the home pages' lists and counts, and the portfolio. */
  readModel: ReadModelQueries;
  /** The bodies the create journey offers as partners. */
  organisations: readonly Partner[];
  /** Clock for "now" on pages (working days waiting, what may be done); tests pin it. */
  now?: () => number;
}
