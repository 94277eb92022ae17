import {
  isInListScope,
  isWithinScope,
  listScopeOf,
  maySeeArrangement,
  SYSTEM_ACTOR,
  whyActorMayNotCreate,
  type Actor,
  type ArrangementScope,
} from '../../domain';
import { ADMIN, PARTNERS, RO_OFFICER, aValidCreateInput, driveToStatus, officerOf } from './fixtures';

const county = officerOf(PARTNERS.county.id);
const outsider = officerOf('cc-southshire');
const londonRo: Actor = { ...RO_OFFICER, id: 'officer@ro-london', region: 'london' };
const noOrg: Actor = { id: 'officer@nowhere', role: 'partnerOfficer' };
const noRegion: Actor = { id: 'officer@ro-nowhere', role: 'regionalOfficeOfficer' };

const northWest: ArrangementScope = { partnerIds: [PARTNERS.county.id, PARTNERS.pct.id], region: 'northWest' };
const london: ArrangementScope = { partnerIds: ['cc-southshire'], region: 'london' };

describe('which arrangements a principal’s lists cover (§13.1, inferred)', () => {
  test.each<[string, Actor, ReturnType<typeof listScopeOf>]>([
    ['a partner officer: its organisation’s', county, { partnerId: PARTNERS.county.id }],
    ['a Regional Office officer: its region’s', RO_OFFICER, { region: 'northWest' }],
    ['an administrator: all', ADMIN, { all: true }],
    ['a partner officer without an organisation: none', noOrg, { nothing: true }],
    ['a Regional Office officer without a region: none', noRegion, { nothing: true }],
    ['the system actor: none', SYSTEM_ACTOR, { nothing: true }],
  ])('when the list scope of %s is asked, then it says so', (_who, actor, expected) => {
    expect(listScopeOf(actor)).toEqual(expected);
  });

  test.each<[string, Actor, ArrangementScope, boolean]>([
    ['a party’s officer, its arrangement', county, northWest, true],
    ['another organisation’s officer, that arrangement', outsider, northWest, false],
    ['another organisation’s officer, its own arrangement', outsider, london, true],
    ['its region’s Regional Office', RO_OFFICER, northWest, true],
    ['another region’s Regional Office', londonRo, northWest, false],
    ['an administrator, any arrangement', ADMIN, london, true],
    ['an officer without an organisation', noOrg, northWest, false],
    ['the system actor', SYSTEM_ACTOR, northWest, false],
  ])('when %s is checked, then the list covers it exactly when the one-arrangement scope rule does', (_case, actor, scope, covered) => {
    expect(isInListScope(listScopeOf(actor), scope)).toBe(covered);
    expect(isWithinScope(actor, scope)).toBe(covered);
  });

  test('when an arrangement is read by state, then parties, its Regional Office and administrators may see it, others and the system not', () => {
    const draft = driveToStatus('draft');
    expect([county, RO_OFFICER, ADMIN].map((a) => maySeeArrangement(a, draft))).toEqual([true, true, true]);
    expect([outsider, londonRo, SYSTEM_ACTOR].map((a) => maySeeArrangement(a, draft))).toEqual([false, false, false]);
  });
});

describe('who may create an arrangement (§13.1, inferred)', () => {
  const input = aValidCreateInput();

  test('when an administrator or an officer of one of its partners creates it, then nothing refuses', () => {
    expect(whyActorMayNotCreate(ADMIN, input)).toBeUndefined();
    expect(whyActorMayNotCreate(county, input)).toBeUndefined();
  });

  test('when an officer of an organisation that is not a partner creates it, then creatorNotAPartner', () => {
    expect(whyActorMayNotCreate(outsider, input)).toMatchObject({ code: 'creatorNotAPartner', citation: expect.stringContaining('§13.1') });
    expect(whyActorMayNotCreate(noOrg, input)?.code).toBe('creatorNotAPartner');
  });

  test.each<[string, Actor]>([
    ['a Regional Office officer', RO_OFFICER],
    ['the system actor', SYSTEM_ACTOR],
  ])('when %s creates it, then roleNotPermitted', (_who, actor) => {
    expect(whyActorMayNotCreate(actor, input)).toMatchObject({ code: 'roleNotPermitted', citation: expect.stringContaining('§13.1') });
  });
});
