import ical, { type VEvent } from 'node-ical';
import { deadlineCalendar } from '../../activities/deadline-calendar';
import { renderNotification } from '../../activities/render-notification';
import type { Notification } from '../../domain';
import { sampleNotifications } from '../helpers/sample-notifications';
import { createHarness, reminder, roDecision, type Harness } from './harness';

const link = 'https://hapa.example/arrangements/NW-2001-007';
const samples = sampleNotifications();
const now = Date.parse('2001-01-15T09:30:00Z');

/** The one event of an `.ics` text, read by an independent parser (node-ical). */
function eventOf(ics: string): VEvent {
  const events = Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** A text property: node-ical gives a property with parameters as {params, val}. */
const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : typeof (value as { val?: unknown })?.val === 'string' ? (value as { val: string }).val : '';

// node-ical gives a property with parameters (URL;VALUE=URI) as {params, val}.
// An all-day DATE value comes back as midnight of the parser's own zone, marked date-only.
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

const calendarOf = (n: Notification, at = now) => deadlineCalendar(n, link, renderNotification(n, link), at);

describe('the calendar file of a deadline email', () => {
  const deadlines = Object.entries<Notification>(samples).filter(([, n]) => n.dueDate !== undefined);

  test('the emails about deadlines are the ones with a due date', () => {
    expect(deadlines.map(([kind]) => kind).sort()).toEqual(
      [
        'consultationInvitation',
        'dueToday',
        'ending',
        'informationRequested',
        'notificationSubmitted',
        'overdue',
        'reminder',
        'variationAwaitsRegionalOffice',
      ].sort(),
    );
  });

  test.each(deadlines)('%s: an all-day event on the due date, named by the obligation, with the alarm and the link', (_kind, n) => {
    const attachment = calendarOf(n)!;
    expect(attachment).toMatchObject({ filename: 'deadline.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });
    const event = eventOf(attachment.content);

    expect(event.start.dateOnly).toBe(true);
    expect(dayOf(event.start)).toBe(n.dueDate);
    expect(event.uid).toBe(`NW-2001-007/${n.deadlineId}@hapa`);
    expect(n.deadlineId).toBeDefined();
    expect(textOf(event.summary)).toMatch(/ due \(NW-2001-007\)$/);
    expect(event.url).toMatchObject({ val: link });
    expect(textOf(event.description)).toContain(link);
    expect(event.alarms?.map((a) => [a.action, a.trigger])).toEqual([['DISPLAY', '-P14D']]);
  });

  test('when a quarterly report is chased again later, then its event keeps its UID and the later email is a later revision', () => {
    const due = samples.dueToday;
    const later = { ...due, key: `${due.key}-E1`, message: 'overdue' as const, kind: 'overdue' as const };
    const first = eventOf(calendarOf(due)!.content);
    const second = eventOf(calendarOf(later, now + 24 * 60 * 60 * 1000)!.content);

    expect(second.uid).toBe(first.uid);
    expect(first.uid).toBe(`NW-2001-007/${due.obligationId}@hapa`);
    expect(second.sequence).toBeGreaterThan(first.sequence!);
    expect(textOf(first.summary)).toBe('Quarterly report for quarter 1 of 2001/02 (1 April 2001 to 30 June 2001) due (NW-2001-007)');
  });

  test('when a message is not about a deadline, then it has no calendar file', () => {
    expect(calendarOf(samples.roDecision)).toBeUndefined();
    expect(calendarOf(samples.variationTookEffect)).toBeUndefined();
  });
});

describe('the calendar file over SMTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('when a reminder is emailed, then it carries deadline.ics, which a calendar reads as the due date', async () => {
    await h.attempt(h.activities().sendNotification, reminder());
    await h.attempt(h.activities().sendNotification, roDecision());

    const [reminded, decided] = h.sink.messages;
    const attachments = reminded!.parsed.attachments;
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([['deadline.ics', 'text/calendar']]);
    const event = eventOf(attachments[0]!.content.toString('utf8'));
    expect(dayOf(event.start)).toBe('2026-06-30');
    expect(event.uid).toBe('S31-2026-007/reviewDate:2026-06-30@hapa');
    expect(decided!.parsed.attachments).toEqual([]);
  });
});
