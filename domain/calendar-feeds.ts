/**
 * Calendar feeds (issue 15 §3): whose deadlines a secret calendar URL lists, who may make one for an
 * organisation, and the event UID shared with each deadline email's `.ics` attachment, so a calendar
 * that has both merges them into one event.
 */
import { listScopeOf, type ListScope } from './authorisation';
import type { Actor } from './actors';
import { CITATIONS } from './citations';
import { refusal, type Refusal } from './refusal';

/** Whose deadlines a feed lists: one person's (what they may list), or one partner organisation's. */
export type CalendarFeedOwner = { kind: 'person'; actor: Actor } | { kind: 'organisation'; organisationId: string };

/**
 * The event UID of one deadline: one per arrangement and obligation, e.g.
 * 'NW-2027-001/quarterlyReport:2027Q1@hapa'. The same in the feed and in every email's attachment, and
 * unchanged when the due date moves, so calendars update the event rather than add another (RFC 5545 §3.8.4.7).
 */
export function deadlineUid(ref: string, deadlineId: string): string {
  return `${ref}/${deadlineId}@hapa`;
}

/**
 * What a feed lists: a person's feed what they may list (`listScopeOf`: a partner officer its
 * organisation's duties, a Regional Office officer its region's, an administrator all); an
 * organisation's feed the duties that organisation owes (never the Regional Office's).
 */
export function calendarFeedScope(owner: CalendarFeedOwner): ListScope {
  return owner.kind === 'person' ? listScopeOf(owner.actor) : { partnerId: owner.organisationId };
}

/**
 * Why `actor` may not hold a feed for `organisationId`, or undefined when they may: an administrator
 * for any organisation, a partner officer for their own (§13.1, inferred: the same people who act for it).
 */
export function whyActorMayNotHoldOrganisationFeed(actor: Actor, organisationId: string): Refusal | undefined {
  if (actor.role === 'administrator') return undefined;
  if (actor.role === 'partnerOfficer' && actor.organisationId === organisationId) return undefined;
  return refusal(
    'roleNotPermitted',
    `Only an administrator or an officer of ${organisationId} may hold its calendar feed.`,
    CITATIONS.actors,
    ['organisationId'],
  );
}

/** Whether `actor` holds a feed (may see it listed and revoke it): their own, or an organisation's they may hold. */
export function holdsCalendarFeed(actor: Actor, owner: CalendarFeedOwner): boolean {
  return owner.kind === 'person'
    ? owner.actor.id === actor.id
    : whyActorMayNotHoldOrganisationFeed(actor, owner.organisationId) === undefined;
}

/** The organisations whose feeds `actor` may hold: every one for an administrator, their own for a partner officer. */
export function calendarFeedOrganisationsOf(actor: Actor): readonly string[] | 'all' {
  if (actor.role === 'administrator') return 'all';
  return actor.role === 'partnerOfficer' && actor.organisationId !== undefined ? [actor.organisationId] : [];
}
