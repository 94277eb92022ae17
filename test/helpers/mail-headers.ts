/**
 * Reads a few header fields of a raw message without parsing the rest of it, for a sink that must
 * keep up with a storm: the header block ends at the first empty line (CRLF CRLF, RFC 5322 §2.1),
 * folded lines are unfolded (§2.2.3: a CRLF followed by a space or tab), and field names compare
 * without regard to case (§1.2.2).
 */

/**
 * The first value of each field of `names` (any case) in the header block of `raw`, keyed by the
 * name in lower case, unfolded and trimmed but not decoded (no RFC 2047 encoded words, no comments
 * removed). A field that is absent is absent from the map.
 */
export function readHeaderFields(raw: Buffer, names: readonly string[]): Map<string, string> {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const found = new Map<string, string>();
  const end = raw.indexOf('\r\n\r\n');
  const block = raw.toString('utf8', 0, end === -1 ? raw.length : end).replace(/\r\n(?=[ \t])/g, '');
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (wanted.has(name) && !found.has(name)) {
      found.set(name, line.slice(colon + 1).trim());
      if (found.size === wanted.size) break;
    }
  }
  return found;
}
