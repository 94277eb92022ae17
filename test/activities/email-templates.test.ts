import { COMMAND_TYPES, MESSAGE_KINDS, type MessageKind, type Notification } from '../../domain';
import { digestItemsOf, renderDigest } from '../../activities/digests';
import { humanDate, renderNotification } from '../../activities/render-notification';
import { sampleNotifications, sampleVariants } from '../helpers/sample-notifications';

const link = 'https://hapa.example/arrangements/NW-2001-007';
const samples = sampleNotifications();
const render = (n: Notification) => renderNotification(n, link);

// What a council officer must never have to decode (issue 15 §1): our API's command names, the ladder's
// step codes, the provenance marks and file sections of section31.md, identifiers, raw dates and quarters.
const LEAKS: readonly [string, RegExp][] = [
  // 'approve', 'refuse' and 'abandon' are also plain English; the API-looking names are the camelCase ones.
  ['a command name', new RegExp(`\\b(${COMMAND_TYPES.filter((t) => /[A-Z]/.test(t)).join('|')})\\b`)],
  ['a ladder step code', /\b(R\d|D0|E\d|RV-?\d+|END-?\d+)\b/],
  ['a provenance mark', /\[V|unverified|inferred/i],
  ['a reference to our files', /section31\.md|§|\.ts\b|hapa reminder ladder/i],
  ['an identifier', /\b[a-z]+[A-Z][A-Za-z]*\b/],
  ['a date not written out', /\b\d{4}-\d{2}-\d{2}\b/],
  ['a quarter code', /\b20\d\dQ[1-4]\b/],
  ['an abbreviated citation', /\b(SI 2000\/617|HSC 2000\/010 para|EN \d|reg \d)/],
];

// The text people read, from the HTML: tags dropped, entities decoded, whitespace collapsed.
const wordsOfHtml = (html: string) =>
  (/<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ')
    .trim();
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('every email, rendered from its template, in words a person uses', () => {
  test('every message kind has a sample built by the domain', () => {
    expect(Object.keys(samples).sort()).toEqual([...MESSAGE_KINDS].sort());
  });

  describe.each(MESSAGE_KINDS.map((kind) => [kind] as const))('%s', (kind: MessageKind) => {
    const n = samples[kind];
    const { subject, text, html } = render(n);

    test('says which arrangement, whose it is, and links to its page', () => {
      expect(text).toContain(
        'Arrangement: NW-2001-007, between Northshire Health Authority, Riverside Primary Care Trust, City Community NHS Trust and Northshire County Council',
      );
      expect(text).toContain(link);
      expect(html).toContain(`<a href="${link}">${link}</a>`);
    });

    test('writes the due date out, once per sentence', () => {
      if (n.dueDate) expect(text).toContain(humanDate(n.dueDate));
      for (const sentence of text.split(/(?<=[.:])\s|\n/)) {
        const dates = sentence.match(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}/g) ?? [];
        expect(new Set(dates).size).toBe(dates.length);
      }
    });

    test.each(LEAKS)('shows no trace of %s', (_what, pattern) => {
      expect(subject).not.toMatch(pattern);
      expect(text).not.toMatch(pattern);
    });

    test('says what to do or that nothing is needed, and cites the law by name', () => {
      expect(text).toMatch(/What to do|How to respond|Nothing more|Open the arrangement to do this|can start on/);
      if (n.citation)
        expect(text).toMatch(
          /Legal basis: (NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000|Health|Explanatory Notes)/,
        );
    });

    test('has the same words in HTML as in plain text, and a one-line subject', () => {
      expect(wordsOfHtml(html)).toBe(words(text));
      expect(subject).not.toMatch(/\n/);
      expect(subject.length).toBeGreaterThan(10);
    });
  });
});

describe.each(sampleVariants())('%s', (_what, n) => {
  const { subject, text } = render(n);

  test.each(LEAKS)('shows no trace of %s', (_leak, pattern) => {
    expect(subject).not.toMatch(pattern);
    expect(text).not.toMatch(pattern);
  });

  test('links to the arrangement', () => {
    expect(text).toContain(link);
  });
});

describe('the defects people found in the emails (issue 15 §1)', () => {
  test('when consultees are invited, then they are told where and how to respond, and by when', () => {
    const { text } = render(samples.consultationInvitation);
    expect(text).toContain('Respond by: Friday 23 February 2001');
    expect(text).toContain(
      "How to respond: send your group's written response by email to Hannah Contact (hannah.contact@ha.example.org.uk) of Northshire Health Authority, who will record it.",
    );
  });

  test('when the Regional Office asks a question, then the question stands alone and the answer has a due date', () => {
    const { text } = render(samples.informationRequested);
    const paragraphs = text.split('\n\n');
    expect(paragraphs).toContain('How will the pool manager report overspends');
    expect(text).toContain('Please answer by: Sunday 31 December 2000');
    expect(text).toContain("What to do: answer the question on the arrangement's page");
  });

  test('when an administrator withdraws the approval, then the email says an administrator did', () => {
    const { text } = render(samples.ending);
    expect(text).toContain('because an administrator withdrew the approval');
    expect(text).not.toContain('the Regional Office withdrew');
    const byRegionalOffice = sampleVariants().find(([what]) => what === 'withdrawal by the Regional Office')?.[1];
    expect(render(byRegionalOffice!).text).toContain('because the Regional Office withdrew its approval');
  });

  test('when a report is overdue, then the email says how late and that senior officers are told, without the step code', () => {
    const { text, subject } = render(samples.overdue);
    expect(subject).toMatch(/^Overdue: /);
    expect(text).toContain('Was due: Sunday 31 December 2000');
    expect(text).toContain('is now 30 days late');
    expect(text).toContain('this message also goes to more senior officers');
  });

  test('when a quarterly report is due, then it is named by its quarter and dates in words', () => {
    const { subject } = render(samples.dueToday);
    expect(subject).toBe('Due today: Quarterly report for quarter 1 of 2001/02 (1 April 2001 to 30 June 2001) (NW-2001-007)');
  });

  test('when a notification comes from before the templates (a running arrangement), then it still renders, from its own words', () => {
    const old: Notification = { ...samples.reminder, message: undefined, facts: undefined, summary: 'The review is due on 2026-06-30.' };
    const { text } = render(old);
    expect(text).toContain('The review is due on 30 June 2026.');
    expect(text).toContain(link);
  });
});

describe('the digest (issue 15 §2), rendered from templates/email/digest.njk', () => {
  const linkTo = (ref: string) => `https://hapa.example/arrangements/${ref}`;
  const person = { name: 'Asha Patel', email: 'asha.patel@nhs.example', role: 'responsible' as const };
  const held = [
    samples.roDecision,
    samples.dueToday,
    samples.overdue,
    samples.reminder,
    { ...samples.reminder, key: 'other', arrangementRef: 'NW-2001-009' },
  ];
  // As the store returns them: soonest due first, undated last.
  const items = held
    .flatMap((n) => digestItemsOf(n, [person], linkTo))
    .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const { subject, text, html } = renderDigest('Asha Patel', 'daily-2001-04-02', items, linkTo);

  test('says whose summary it is, for which day, and how many messages about how many arrangements', () => {
    expect(subject).toBe('Your summary for Monday 2 April 2001: 5 messages about 2 arrangements');
    expect(text).toContain('Dear Asha Patel,');
  });

  test('lists overdue work first, then what is due, then decisions, each with its date written out and its link', () => {
    const overdue = text.indexOf('Overdue\n');
    const due = text.indexOf('Due soon\n');
    const news = text.indexOf('Decided or changed\n');
    expect(overdue).toBeGreaterThan(0);
    expect(due).toBeGreaterThan(overdue);
    expect(news).toBeGreaterThan(due);
    expect(text).toContain(`It was due on ${humanDate(samples.overdue.dueDate ?? '')}. Open it: ${linkTo('NW-2001-007')}`);
    expect(text).toContain(`It is due on ${humanDate(samples.reminder.dueDate ?? '')}. Open it: ${linkTo('NW-2001-009')}`);
    expect(text.slice(news)).toContain(`The Regional Office has`);
    expect(html).toContain(`<a href="${linkTo('NW-2001-009')}">`);
    // A relative word written when the message was made ("Due today") would be wrong by the time the digest is read.
    expect(text).not.toMatch(/Due today|Reminder:/);
  });

  test('lists what is due soonest first', () => {
    const dates = [...text.matchAll(/due on (\w+ \d+ \w+ \d{4})/g)].map((m) => Date.parse(m[1]?.replace(/^\w+ /, '') ?? ''));
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
  });

  test('when a reminder was followed by its escalation while the digest waited, then the duty is listed once, as overdue', () => {
    const chased = { ...samples.overdue, key: 'chased', obligationId: samples.reminder.obligationId, dueDate: samples.reminder.dueDate };
    const both = [samples.reminder, chased].flatMap((n) => digestItemsOf(n, [person], linkTo));
    const digest = renderDigest('Asha Patel', 'daily-2001-04-02', both, linkTo);
    expect(digest.subject).toBe('Your summary for Monday 2 April 2001: 1 message about 1 arrangement');
    expect(digest.text).toContain('Overdue');
    expect(digest.text).not.toContain('Due soon');
  });
  test.each(LEAKS)('shows no trace of %s', (_what, pattern) => {
    expect(subject).not.toMatch(pattern);
    expect(text).not.toMatch(pattern);
  });
});
