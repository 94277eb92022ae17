/**
 * How people sign in to the web pages: OpenID Connect against the organisation's identity provider
 * (`openid-client`: authorisation code with PKCE, state and nonce kept in the session and checked on
 * the callback), or, on the embedded default only, a local page to choose a demo identity. Either way
 * the person becomes the domain's `Actor`, with the same claim rules as the API's bearer tokens.
 */
import type { JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import { actorFromClaims } from '../api/auth';
import type { Actor } from '../domain';
import type { DemoIdentity } from './demo-directory';

/** The claim names an identity provider puts role, organisation and region in (OIDC_*_CLAIM). */
export interface ClaimNames {
  role: string;
  organisation: string;
  region: string;
}

/** What a sign-in with the provider keeps in the session between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** An OpenID Connect provider, discovered from its issuer. */
export interface OidcProvider {
  /** The provider's authorisation URL to send the person to, and what to keep for the callback. */
  begin(): Promise<{ url: URL; pending: PendingSignIn }>;
  /** Checks the callback's query string (code, state, nonce, PKCE) and returns the person it names; throws when any check fails. */
  finish(callbackQuery: string, pending: PendingSignIn): Promise<Actor>;
}

/** How this deployment signs people in. */
export type SignInMethod = { kind: 'local'; identities: readonly DemoIdentity[] } | { kind: 'oidc'; provider: OidcProvider };

/** Options of `discoverOidcProvider`. */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the person back: `<public base>/sign-in/callback`. */
  redirectUri: string;
  scope: string;
  claims: ClaimNames;
  /** Allows an http issuer (tests with a local provider only). */
  allowInsecure?: boolean;
}

/**
 * The actor an ID token names, reading role, organisation and region from the configured claims and
 * applying the bearer tokens' rules (`actorFromClaims`); throws `ApiError('unauthenticated')` when
 * they do not name a role hapa knows.
 */
export function actorFromIdToken(claims: JWTPayload, names: ClaimNames): Actor {
  return actorFromClaims({ sub: claims.sub, role: claims[names.role], org: claims[names.organisation], region: claims[names.region] });
}

/** Discovers the provider (its `.well-known/openid-configuration`) once, at start-up. */
export async function discoverOidcProvider(options: OidcOptions): Promise<OidcProvider> {
  const config = await oidc.discovery(
    new URL(options.issuer),
    options.clientId,
    options.clientSecret,
    undefined,
    options.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  return {
    async begin() {
      const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },
    async finish(callbackQuery, pending) {
      // The redirect URI as registered, not as the request arrived (a proxy may change host or scheme).
      const callbackUrl = new URL(options.redirectUri);
      callbackUrl.search = callbackQuery;
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider returned no ID token');
      return actorFromIdToken(claims, options.claims);
    },
  };
}
