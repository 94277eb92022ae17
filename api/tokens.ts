/**
 * Mints HS256 bearer tokens in the shape `auth.ts` accepts. Used by `scripts/issue-token.ts` for
 * local use and by the API tests; production tokens come from an identity provider instead.
 */
import { SignJWT } from 'jose';
import type { PrincipalRole } from './auth';

/** Who a token speaks for. */
export interface TokenSubject {
  sub: string;
  role: PrincipalRole;
  /** Partner officers: the partner organisation's id. */
  org?: string;
  /** Regional Office officers: their region. */
  region?: string;
  /** The person's email address: whose message preference `/me/message-preference` reads and sets. */
  email?: string;
}

/** How a token is signed and for whom it is meant. */
export interface MintOptions {
  secret: string;
  issuer: string;
  audience: string;
  /** jose duration, e.g. '8h'. */
  expiresIn?: string;
}

/** Signs a token for `subject`. */
export async function mintToken(subject: TokenSubject, options: MintOptions): Promise<string> {
  const claims: Record<string, string> = { role: subject.role };
  if (subject.org !== undefined) claims.org = subject.org;
  if (subject.region !== undefined) claims.region = subject.region;
  if (subject.email !== undefined) claims.email = subject.email;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(options.secret));
}
