/**
 * A calendar feed's body (issue 15 §3): one all-day iCalendar event (RFC 5545, written by
 * ical-generator) per open obligation in the feed's scope, on its due date in England, with a "start
 * preparing" alarm its lead time before, what to do in words, and the link to the arrangement's page.
 * Each event's UID is the one the deadline emails' `.ics` attachments carry (`deadlineUid`), so a
 * calendar holding both keeps one event, and a moved due date moves the event instead of adding one.
 */
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { deadlineUid, humanDate, plainWords, whatToDoAbout } from '../domain';
import type { OpenObligation } from '../store/read-model-queries';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a calendar client should wait before reading the feed again (RFC 7986 REFRESH-INTERVAL): an hour. */
const REFRESH_SECONDS = 60 * 60;

/** What a feed is called in the client's list of calendars, e.g. "hapa deadlines: Northshire PCT". */
export interface CalendarFeedDocument {
  name: string;
  obligations: readonly OpenObligation[];
  /** Link to an arrangement's page (`arrangementPageUrl(config)`). */
  arrangementUrl: (ref: string) => string;
  /** Stamps the events (ms). */
  now: number;
}

/** Who owes it, in words: the owning organisations' names, or the Regional Office for its own duties. */
function ownersOf(o: OpenObligation): string {
  return o.owners.length > 0 ? o.owners.map((p) => p.name).join(', ') : 'the Regional Office';
}

/**
 * The feed as iCalendar text. `dueDate` ('YYYY-MM-DD') is a day in England written as an all-day DATE
 * value, so no time zone (GMT or BST, the client's or the server's) can move it to another day.
 */
export function calendarFeedText(doc: CalendarFeedDocument): string {
  const calendar = ical({
    name: doc.name,
    prodId: { company: 'hapa', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  for (const o of doc.obligations) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(o.dueDate);
    if (!day) continue;
    const start = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    const url = doc.arrangementUrl(o.ref);
    // Named as the deadline emails' attachments name it, so the event reads the same from either.
    const what = plainWords(o.title);
    const event = calendar.createEvent({
      id: deadlineUid(o.ref, o.obligationId),
      stamp: new Date(doc.now),
      start,
      end: new Date(start.getTime() + DAY_MS),
      allDay: true,
      summary: `${what} due (${o.ref})`,
      description: [
        `${what} for arrangement ${o.ref} is due on ${humanDate(o.dueDate)}.`,
        whatToDoAbout(o.kind),
        `Owed by ${ownersOf(o)}.`,
        `Arrangement page: ${url}`,
      ].join('\n\n'),
      url,
    });
    if (o.leadDays !== undefined && o.leadDays > 0)
      event.createAlarm({
        type: ICalAlarmType.display,
        trigger: o.leadDays * 24 * 60 * 60,
        description: `Start preparing: ${what} (${o.ref})`,
      });
  }
  return calendar.toString();
}
