/**
 * Sign-in with an OpenID Connect provider, through `openid-client` for real: discovery, the redirect
 * with state, nonce and a PKCE challenge, the code exchanged at the token endpoint, and the ID token's
 * signature, issuer, audience and nonce checked. The provider is a small one written here with jose
 * (RS256 keys), which checks the PKCE verifier and puts role and organisation in claims with the names
 * a deployment configures.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { load } from 'cheerio';
import request from 'supertest';
import { discoverOidcProvider } from '../../web/sign-in';
import { fakeTemporal } from '../api/fake-temporal';
import { appWith } from './web-harness';

const CLIENT = { id: 'hapa-web', secret: 'client-secret-of-the-test-provider' };
const REDIRECT = 'http://hapa.test/sign-in/callback';

/** A minimal OpenID Connect provider: one user, the authorisation code flow with PKCE. */
async function startProvider(claims: Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string }>();
  const app = express();
  let issuer = '';
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });
  app.get('/jwks', (_req, res) => res.json({ keys: [jwk] }));
  app.get('/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    const code = randomUUID();
    codes.set(code, { nonce: q.nonce ?? '', challenge: q.code_challenge ?? '' });
    res.redirect(302, `${q.redirect_uri}?code=${code}&state=${encodeURIComponent(q.state ?? '')}`);
  });
  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    const grant = codes.get(body.code ?? '');
    const verifier = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (!grant || grant.challenge !== verifier) return void res.status(400).json({ error: 'invalid_grant' });
    codes.delete(body.code ?? '');
    const idToken = await new SignJWT({ nonce: grant.nonce, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(CLIENT.id)
      .setSubject('priya.shah@riverside-pct.example.org.uk')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    res.json({ access_token: randomUUID(), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function hapaWith(issuer: string) {
  const provider = await discoverOidcProvider({
    issuer,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUri: REDIRECT,
    scope: 'openid',
    claims: { role: 'hapa_role', organisation: 'hapa_org', region: 'hapa_region' },
    allowInsecure: true,
  });
  return appWith(fakeTemporal(), { signIn: { kind: 'oidc', provider } });
}

const BROWSER = { Accept: 'text/html' };

/** Follows the sign-in to the provider and back; `tamper` may change the callback's query first. */
async function signInThroughProvider(agent: ReturnType<typeof request.agent>, tamper: (query: URLSearchParams) => void = () => {}) {
  const toProvider = await agent.get('/sign-in').set(BROWSER);
  expect(toProvider.status).toBe(303);
  const authorize = new URL(toProvider.headers.location as string);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const back = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(back.headers.get('location') ?? '');
  tamper(callback.searchParams);
  return agent.get(`/sign-in/callback?${callback.searchParams.toString()}`).set(BROWSER);
}

describe('sign-in with an OpenID Connect provider', () => {
  test('when the provider names a partner officer in the configured claims, then the person is signed in as that officer', async () => {
    const provider = await startProvider({ hapa_role: 'partnerOfficer', hapa_org: 'pct-riverside' });
    try {
      const agent = request.agent(await hapaWith(provider.issuer));
      expect((await agent.get('/').set(BROWSER)).headers.location).toBe('/sign-in');
      const signedIn = await signInThroughProvider(agent);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/');
      const home = load((await agent.get('/').set(BROWSER)).text);
      expect(home('h1').text()).toBe('Your arrangements');
      expect(home('main').text()).toContain('Riverside Primary Care Trust');
    } finally {
      await provider.close();
    }
  });

  test('when the callback’s state is not the one sent, then nobody is signed in', async () => {
    const provider = await startProvider({ hapa_role: 'partnerOfficer', hapa_org: 'pct-riverside' });
    try {
      const agent = request.agent(await hapaWith(provider.issuer));
      const refused = await signInThroughProvider(agent, (q) => q.set('state', 'forged'));
      expect(refused.status).toBe(401);
      expect(load(refused.text)('h1').text()).toBe('You could not be signed in');
      expect((await agent.get('/').set(BROWSER)).headers.location).toBe('/sign-in');
    } finally {
      await provider.close();
    }
  });

  test('when the token names no role hapa knows, then nobody is signed in', async () => {
    const provider = await startProvider({ hapa_role: 'superuser' });
    try {
      const agent = request.agent(await hapaWith(provider.issuer));
      const refused = await signInThroughProvider(agent);
      expect(refused.status).toBe(401);
      expect((await agent.get('/').set(BROWSER)).headers.location).toBe('/sign-in');
    } finally {
      await provider.close();
    }
  });
});
