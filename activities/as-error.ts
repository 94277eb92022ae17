import { types } from 'node:util';

/**
 * Treats any thrown value as an Error. `instanceof Error` is not enough: errors raised by Node's own
 * modules come from another realm under some runners (jest's sandbox), and are still real errors.
 */
export function asError(err: unknown): Error {
  return err instanceof Error || types.isNativeError(err) ? err : new Error(String(err));
}
