/**
 * Citations as the legislation names them, for people (issue 15 §1). The domain's citation strings
 * (`CITATIONS` and the obligations') are written for us: abbreviations (SI 2000/617, HSC, EN), the
 * provenance markers of section31.md ([V], unverified, inferred) and our own design notes. Emails and
 * pages show the instruments' names and the provisions instead, through this one function.
 */

// Each instrument by the prefix our citations use; names as section31.md spells them out.
const INSTRUMENTS: readonly { prefix: RegExp; name: string }[] = [
  { prefix: /^SI 2000\/617\b/, name: 'NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000' },
  { prefix: /^SI 2000\/618\b/, name: 'Statutory Instrument 2000/618' },
  { prefix: /^HSC 2000\/010\b/, name: 'Health Service Circular HSC 2000/010' },
  { prefix: /^EN\b/, name: 'Explanatory Notes to the Health Act 1999' },
  { prefix: /^Health Act 1999\b/, name: 'Health Act 1999' },
  { prefix: /^Audit Commission Act 1998\b/, name: 'Audit Commission Act 1998' },
  {
    prefix: /^Cabinet Office Code of Practice on Written Consultation \(2000\)/,
    name: 'Cabinet Office Code of Practice on Written Consultation (2000)',
  },
];

// Provenance markers and design notes: true for us, noise for a reader of the law.
const MARKERS = [
  /\[V(-partial)?\]/g,
  /\((wording )?unverified[^)]*\)/g,
  /\(inferred[^)]*\)/g,
  /\(Health Authorities [^)]*\)/g,
  /,? assumed identical for .*$/,
];

/** Writes out our abbreviations of provisions: 'reg 7(3)' → 'regulation 7(3)', 's31(5)' → 'section 31(5)'. */
function provisions(text: string, instrument: string): string {
  const words = text
    .replace(/\bregs\b/g, 'regulations')
    .replace(/\breg\b/g, 'regulation')
    .replace(/\bparas\b/g, 'paragraphs')
    .replace(/\bpara\b/g, 'paragraph')
    .replace(/\bss(\d)/g, 'sections $1')
    .replace(/\bs(\d)/g, 'section $1')
    .replace(/\s+/g, ' ')
    .replace(/ ,/g, ',')
    .trim();
  // The Explanatory Notes are cited by paragraph number alone ('EN 239').
  return instrument.startsWith('Explanatory Notes') && /^\d/.test(words) ? `paragraph ${words}` : words;
}

/**
 * One of the domain's citation strings as people read it, e.g. 'SI 2000/617 reg 7(2), 9(2) [V];
 * reg 8 (unverified)' → 'NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000,
 * regulation 7(2), 9(2) and regulation 8'. Parts are separated by '; '; a part without an instrument
 * belongs to the one before; an instrument not known here is shown as written. Our own notes ('hapa …', 'section31.md …', 'DH slides', a bare
 * 'inferred') are left out; an empty string when nothing is left. Never throws.
 */
export function citationForPeople(citation: string): string {
  const byInstrument = new Map<string, string[]>();
  let current: string | undefined;
  for (const raw of citation.split(';')) {
    let part = raw.trim();
    for (const marker of MARKERS) part = part.replace(marker, '');
    part = part.trim();
    if (part === '' || /^(hapa|inferred|DH slides)\b|section31\.md|domain\//.test(part)) continue;
    const known = INSTRUMENTS.find((i) => i.prefix.test(part));
    if (known) {
      current = known.name;
      part = part.replace(known.prefix, '').trim();
    } else if (!/^(regs?|paras?|ss?\d|\d)/.test(part)) {
      // An instrument we have no name for: shown as written, and the provisions after it are its own.
      current = part;
      part = '';
    }
    if (current === undefined) continue;
    const list = byInstrument.get(current) ?? [];
    const words = provisions(part.replace(/^,\s*/, ''), current);
    if (words !== '' && !list.includes(words)) list.push(words);
    byInstrument.set(current, list);
  }
  return [...byInstrument].map(([name, parts]) => (parts.length === 0 ? name : `${name}, ${parts.join(' and ')}`)).join('; ');
}
