/**
 * The calendar file each deadline email carries (issue 15 §3): one all-day iCalendar event (RFC 5545,
 * written by ical-generator) on the due date, with a "start preparing" alarm the obligation's lead time
 * before it. Its UID comes from the arrangement and the obligation, so each email about the same
 * deadline updates one event in a person's calendar instead of adding another, even when the date moves.
 */
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { deadlineUid } from '../domain';
import { plainWords, type RenderedNotification } from './render-notification';
import type { Notification } from './notification';

/** The attachment as the mail transport takes it. */
export interface CalendarAttachment {
  filename: string;
  content: string;
  contentType: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// The event's UID, shared with the calendar feeds (`api/calendar-feed.ts`): the domain's one builder.
export { deadlineUid };

// What the event is called in a calendar, by message kind; the reference says which arrangement.
function summaryOf(n: Notification): string {
  const title = n.facts?.title;
  if (typeof title === 'string') return `${plainWords(title)} due`;
  switch (n.message) {
    case 'consultationInvitation':
      return 'Consultation responses due';
    case 'notificationSubmitted':
      return "Regional Office's answer to the notification due";
    case 'informationRequested':
      return "Answer to the Regional Office's question due";
    case 'variationAwaitsRegionalOffice':
      return "Regional Office's answer to the variation due";
    case 'ending':
      return 'Wind-up items due';
    default:
      return plainWords(n.subject);
  }
}

/**
 * The `.ics` attachment of a notification about a deadline, or undefined when it has no due date.
 * `dueDate` ('YYYY-MM-DD') is a day in England, written as an all-day DATE value, so no time zone
 * can move it; the alarm fires `leadDays` days before (none when the ladder has no early step).
 * `now` (ms) stamps the event and orders its revisions (SEQUENCE, in minutes), so a later email wins.
 */
export function deadlineCalendar(
  n: Notification,
  arrangementUrl: string,
  rendered: RenderedNotification,
  now: number,
): CalendarAttachment | undefined {
  const day = n.dueDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(n.dueDate) : null;
  if (!day) return undefined;
  const start = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const calendar = ical({ prodId: { company: 'hapa', product: 'deadlines', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  // The email's words, without the closing lines about who it was sent to.
  const description = rendered.text
    .trim()
    .split(/\n\s*\n/)
    .slice(0, -1)
    .join('\n\n');
  const event = calendar.createEvent({
    id: deadlineUid(n.arrangementRef, n.deadlineId ?? n.obligationId ?? n.key),
    sequence: Math.floor(now / 60_000),
    stamp: new Date(now),
    start,
    end: new Date(start.getTime() + DAY_MS),
    allDay: true,
    summary: `${summaryOf(n)} (${n.arrangementRef})`,
    description,
    url: arrangementUrl,
  });
  if (n.leadDays !== undefined && n.leadDays > 0)
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: (n.leadDays * DAY_MS) / 1000,
      description: `Start preparing: ${summaryOf(n)}`,
    });
  return { filename: 'deadline.ics', content: calendar.toString(), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
}
