import { createHash } from 'node:crypto';

/**
 * The Message-ID of a notification, derived from its key alone, so every attempt to send the same
 * notification carries the same id and a receiver can recognise a duplicate.
 */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key, 'utf8').digest('hex')}@hapa>`;
}
