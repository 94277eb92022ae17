/**
 * Who is calling: bearer tokens (JWT) checked with jose against a shared secret (local use) or an
 * identity provider's JWKS (production), turned into the domain's `Actor`. The actor recorded in
 * the audit trail always comes from here, never from a request body.
 */
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
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

/** Builds a verifier with jose; JWKS keys are fetched lazily and cached by jose. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey =
    options.keys.kind === 'secret' ? new TextEncoder().encode(options.keys.secret) : createRemoteJWKSet(new URL(options.keys.url));
  const algorithms = options.keys.kind === 'secret' ? ['HS256'] : ['RS256', 'ES256', 'PS256', 'EdDSA'];
  // A token without `exp` would be accepted for ever: every token must say when it ends.
  const checks = { issuer: options.issuer, audience: options.audience, algorithms, requiredClaims: ['exp'] };
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return {
    async verify(token) {
      try {
        const { payload } = key instanceof Uint8Array ? await jwtVerify(token, key, checks) : await jwtVerify(token, key, checks);
        assertLifetime(payload, maxLifetime);
        return actorFromClaims(payload);
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
