import {
  calendarFeedOrganisationsOf,
  calendarFeedScope,
  holdsCalendarFeed,
  whyActorMayNotHoldOrganisationFeed,
  type Actor,
} from '../../domain';

const partner: Actor = { id: 'officer@pct', role: 'partnerOfficer', organisationId: 'pct' };
const ro: Actor = { id: 'ro@nw', role: 'regionalOfficeOfficer', region: 'northWest' };
const admin: Actor = { id: 'admin', role: 'administrator' };

describe('calendar feeds', () => {
  test("a person's feed lists what they may list; an organisation's feed what it owes", () => {
    expect(calendarFeedScope({ kind: 'person', actor: partner })).toEqual({ partnerId: 'pct' });
    expect(calendarFeedScope({ kind: 'person', actor: ro })).toEqual({ region: 'northWest' });
    expect(calendarFeedScope({ kind: 'person', actor: admin })).toEqual({ all: true });
    expect(calendarFeedScope({ kind: 'organisation', organisationId: 'cc' })).toEqual({ partnerId: 'cc' });
  });

  test("an organisation's feed is held by its officers and administrators, and by nobody else", () => {
    expect(whyActorMayNotHoldOrganisationFeed(partner, 'pct')).toBeUndefined();
    expect(whyActorMayNotHoldOrganisationFeed(admin, 'cc')).toBeUndefined();
    expect(whyActorMayNotHoldOrganisationFeed(partner, 'cc')).toMatchObject({ code: 'roleNotPermitted', path: ['organisationId'] });
    expect(whyActorMayNotHoldOrganisationFeed(ro, 'pct')).toMatchObject({ code: 'roleNotPermitted' });
    expect(holdsCalendarFeed(partner, { kind: 'person', actor: partner })).toBe(true);
    expect(holdsCalendarFeed(admin, { kind: 'person', actor: partner })).toBe(false);
    expect(calendarFeedOrganisationsOf(partner)).toEqual(['pct']);
    expect(calendarFeedOrganisationsOf(admin)).toBe('all');
    expect(calendarFeedOrganisationsOf(ro)).toEqual([]);
  });
});
