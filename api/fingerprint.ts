/**
 * A stable fingerprint of a create request, kept in the workflow's memo, so a retried create with
 * the same body is recognised (200, same arrangement) and a different body for the same reference
 * is refused (409) instead of silently returning someone else's terms.
 */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, so key order never changes the
 * fingerprint; fields whose value is `undefined` are left out. Built by appending to one string rather
 * than through entry arrays, as it runs on every create and action (issue 17 §3); the output is that of
 * the first version, byte for byte, since fingerprints already stored are compared with it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // A hole stays empty, as `map` and `join` left it.
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
