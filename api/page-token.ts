/**
 * The list's page tokens, sealed: Temporal's own token with an HMAC over it and the visibility query
 * it pages through. A token the API did not issue for this very query (garbage, edited, or from
 * other filters) is refused with a 400 at once; sent on, the server would answer UNKNOWN, which the
 * client retries for twenty seconds before failing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of the HMAC kept in a token (128 bits). */
const MAC_BYTES = 16;

/** Seals and opens page tokens with one key. */
export interface PageTokens {
  /** The token a client sends back for the next page of `query`. */
  seal(query: string, serverToken: Uint8Array): string;
  /** Temporal's token inside `sealed`, or undefined when this API did not issue it for `query`. */
  open(query: string, sealed: string): Uint8Array | undefined;
}

/**
 * Page tokens under `key` (any length; several API processes must share it, e.g. derived from the token
 * secret). Without a key, a random one: tokens then hold within this process only.
 */
export function pageTokens(key: Uint8Array = randomBytes(32)): PageTokens {
  const mac = (query: string, token: Uint8Array) =>
    createHmac('sha256', key).update(query).update('\n').update(token).digest().subarray(0, MAC_BYTES);
  return {
    seal(query, serverToken) {
      return Buffer.concat([Buffer.from(serverToken), mac(query, serverToken)]).toString('base64url');
    },
    open(query, sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length <= MAC_BYTES) return undefined;
      const token = bytes.subarray(0, bytes.length - MAC_BYTES);
      return timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), mac(query, token)) ? token : undefined;
    },
  };
}
