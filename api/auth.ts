/**
 * Who is calling: bearer tokens (JWT) checked with jose against a shared secret (local use) or an
 * identity provider's JWKS (production), turned into the domain's `Actor`. The actor recorded in
 * the audit trail always comes from here, never from a request body.
 */
import { webcrypto } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type JWTVerifyResult } from 'jose';
import { z } from 'zod';
import type { Actor } from '../domain';
import { idSchema, referenceSchema, regionSchema } from '../domain/bounds';
import { ApiError } from './errors';

/** Roles a person can hold in a token; `system` is reserved for timers and never issued. */
export const PRINCIPAL_ROLES = ['partnerOfficer', 'regionalOfficeOfficer', 'administrator'] as const;

/** A role a token can carry. */
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

/**
 * The claims hapa reads from a token, beyond the registered ones (`sub`, `iss`, `aud`, `exp`), with
 * the same bounds as the ids and regions they are compared with: an organisation is a partner id, a
 * region a Regional Office region, and `sub` (kept in every audit entry) at most 200 characters.
 */
const subject = referenceSchema;
export const principalClaimsSchema = z.discriminatedUnion('role', [
  z.object({ sub: subject, role: z.literal('partnerOfficer'), org: idSchema }),
  z.object({ sub: subject, role: z.literal('regionalOfficeOfficer'), region: regionSchema }),
  z.object({ sub: subject, role: z.literal('administrator') }),
]);

/** Checks a bearer token and returns the actor it names; throws `ApiError('unauthenticated')` otherwise. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

/** Where signing keys come from: a shared HS256 secret or a JWKS URL. */
export type VerificationKeys = { kind: 'secret'; secret: string } | { kind: 'jwks'; url: string };

/** Options of the jose-backed verifier. */
export interface TokenVerifierOptions {
  keys: VerificationKeys;
  issuer: string;
  audience: string;
  /** Longest lifetime a token may have, in seconds: its `exp` at most this far after its `iat` and after now. Default 24 h. */
  maxLifetimeSeconds?: number;
}

/** Default longest token lifetime: a working day and a night, so a stolen token is not good for ever. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** Refuses a token that lives longer than `maxSeconds` (from its `iat`, or from now); `exp` is already required. */
function assertLifetime(payload: JWTPayload, maxSeconds: number): void {
  const exp = payload.exp ?? 0;
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (exp - from > maxSeconds) {
    throw new ApiError('unauthenticated', `Bearer token rejected: it lives longer than the ${maxSeconds} seconds this API accepts.`, [
      { path: 'token.exp', message: `At most ${maxSeconds} seconds after issue` },
    ]);
  }
}

/** Maps validated claims onto the domain's actor, keeping only the scope that matches the role. */
export function actorFromClaims(payload: JWTPayload): Actor {
  const parsed = principalClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(
      'unauthenticated',
      'The token does not name a role hapa knows: it needs sub, role (partnerOfficer with org, regionalOfficeOfficer with region, or administrator).',
      parsed.error.issues.map((i) => ({ path: ['token', ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  const claims = parsed.data;
  switch (claims.role) {
    case 'partnerOfficer':
      return { id: claims.sub, role: claims.role, organisationId: claims.org };
    case 'regionalOfficeOfficer':
      return { id: claims.sub, role: claims.role, region: claims.region };
    case 'administrator':
      return { id: claims.sub, role: claims.role };
  }
}

/**
 * The shared secret as an HMAC-SHA-256 verification key, imported once: given the raw bytes, jose
 * imports a key on every verification (2 % of the API's CPU under load, issue 17 §3).
 */
function hmacKeyOf(secret: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

type JwsVerify = (token: string) => Promise<JWTVerifyResult>;

/** jose's verification with the shared secret, imported at the first token, so a secret WebCrypto refuses fails that request (401), not the process. */
function secretVerifier(secret: string, checks: JWTVerifyOptions): JwsVerify {
  let key: Promise<webcrypto.CryptoKey> | undefined;
  return async (token) => jwtVerify(token, await (key ??= hmacKeyOf(secret)), checks);
}

/** jose's verification with an identity provider's JWKS, which jose fetches lazily and caches. */
function jwksVerifier(url: string, checks: JWTVerifyOptions): JwsVerify {
  const keys = createRemoteJWKSet(new URL(url));
  return (token) => jwtVerify(token, keys, checks);
}

/**
 * How many verified tokens a verifier remembers. A client sends the same token with every request
 * until it expires, and checking its signature again was 6 % of the API's CPU under load (issue 17 §3).
 */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Builds a verifier with jose; a shared secret is imported once, JWKS keys are fetched lazily and
 * cached by jose. A token that passed every check is remembered (the exact token string, so its
 * signature with it) until its `exp`, up to `VERIFIED_TOKENS_KEPT` tokens, the oldest forgotten first;
 * a token that failed is checked again each time.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { keys } = options;
  const algorithms = keys.kind === 'secret' ? ['HS256'] : ['RS256', 'ES256', 'PS256', 'EdDSA'];
  // A token without `exp` would be accepted for ever: every token must say when it ends.
  const checks = { issuer: options.issuer, audience: options.audience, algorithms, requiredClaims: ['exp'] };
  const verifyJws = keys.kind === 'secret' ? secretVerifier(keys.secret, checks) : jwksVerifier(keys.url, checks);
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const verified = new Map<string, { actor: Actor; expiresAtSeconds: number }>();
  const remember = (token: string, actor: Actor, expiresAtSeconds: number) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string);
    verified.set(token, { actor, expiresAtSeconds });
  };
  return {
    async verify(token) {
      const known = verified.get(token);
      // jose refuses a token at its `exp` second (no clock tolerance): so does the cache.
      if (known && Date.now() / 1000 < known.expiresAtSeconds) return known.actor;
      if (known) verified.delete(token);
      try {
        const { payload } = await verifyJws(token);
        assertLifetime(payload, maxLifetime);
        const actor = Object.freeze(actorFromClaims(payload));
        remember(token, actor, payload.exp ?? 0);
        return actor;
      } catch (err) {
        if (err instanceof ApiError) throw err;
        const reason =
          err instanceof joseErrors.JWTExpired
            ? 'the token has expired'
            : err instanceof joseErrors.JWTClaimValidationFailed
              ? err.reason === 'missing'
                ? `it has no ${err.claim} claim`
                : `claim ${err.claim} is not what this API expects`
              : err instanceof joseErrors.JOSEError
                ? 'the token is malformed or its signature does not verify'
                : 'the token could not be checked';
        throw new ApiError('unauthenticated', `Bearer token rejected: ${reason}.`, [], { cause: err });
      }
    },
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The authenticated actor, set by `authenticate`. */
    actor?: Actor;
  }
}

/** Express middleware: requires `Authorization: Bearer <jwt>` and sets `req.actor`. */
export function authenticate(verifier: TokenVerifier) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError('unauthenticated', 'Send a bearer token: Authorization: Bearer <token> (npm run token prints one for local use).');
    }
    req.actor = await verifier.verify(match[1]);
    next();
  };
}

/** The authenticated actor of a request that passed `authenticate`. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Error('actorOf called on a route without authenticate');
  return req.actor;
}
