/**
 * Builds the web pages from the configuration, for `api/main.ts`: sessions in PostgreSQL (through
 * `connect-pg-simple` on a small pool of its own, in the `web_session` table of migration 0005), the
 * session secret, secure cookies when people reach hapa over HTTPS, and the sign-in: the identity
 * provider when OIDC_ISSUER is set, else the local sign-in page on loopback only, else no web pages.
 */
import { createHash } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import pg from 'pg';
import type { RequestHandler } from 'express';
import type { ApiDeps } from '../api/deps';
import { loadOrCreateDevSecret } from '../api/dev-secret';
import { localSignInAllowed, publicBaseUrl, type Config } from '../config';
import type { Db } from '../store/database';
import { webApp } from './app';
import { createReadModelQueries } from '../store/read-model-queries';
import { DEMO_IDENTITIES, DEMO_ORGANISATIONS } from './demo-directory';
import { discoverOidcProvider, type SignInMethod } from './sign-in';

/** The web pages and how to stop what they hold open, or why there are none. */
export type WebSetUp = { web: RequestHandler; close(): Promise<void>; signIn: SignInMethod['kind'] } | { web?: undefined; reason: string };

/** Sets up the web pages for this process (discovering the identity provider, if any). */
export async function setUpWeb(config: Config, api: ApiDeps, db: Db, databaseUrl: string): Promise<WebSetUp> {
  const base = publicBaseUrl(config);
  let signIn: SignInMethod;
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    signIn = {
      kind: 'oidc',
      provider: await discoverOidcProvider({
        issuer: config.OIDC_ISSUER,
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        redirectUri: new URL('/sign-in/callback', base).href,
        scope: config.OIDC_SCOPE,
        claims: { role: config.OIDC_ROLE_CLAIM, organisation: config.OIDC_ORGANISATION_CLAIM, region: config.OIDC_REGION_CLAIM },
      }),
    };
  } else if (localSignInAllowed(config)) {
    signIn = { kind: 'local', identities: DEMO_IDENTITIES };
  } else {
    return { reason: 'no OIDC_ISSUER is set and the API does not listen on loopback, so nobody could sign in to the web pages' };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on('error', () => {});
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'web_session', createTableIfMissing: false });
  const sessionSecret =
    config.WEB_SESSION_SECRET ??
    createHash('sha256')
      .update(`hapa web sessions\n${loadOrCreateDevSecret(config.HAPA_DATA_DIR)}`)
      .digest('base64url');
  const web = webApp({
    api,
    sessionStore: store,
    sessionSecret,
    secureCookies: base.startsWith('https:'),
    signIn,
    readModel: createReadModelQueries(db),
    organisations: DEMO_ORGANISATIONS,
  });
  return {
    web,
    signIn: signIn.kind,
    async close() {
      store.close();
      await pool.end();
    },
  };
}
