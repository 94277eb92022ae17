import { policyBoundsSchema, whyActorMayNotSetPolicy, type Actor } from '../../domain';

const partner: Actor = { id: 'p', role: 'partnerOfficer', organisationId: 'pct-riverside' };
const admin: Actor = { id: 'a', role: 'administrator' };
const bounds = policyBoundsSchema.parse({ consultationWeeks: { min: 8, max: 16 }, reminderLadder: { maxItems: 6 }, bankHolidays: true });

describe('who may override the policy at creation (§13.1, inferred)', () => {
  test.each([
    ['a retrospective start', { allowRetrospectiveStart: true }, 'allowRetrospectiveStart'],
    ['switching off the inferred checklist items', { requireInferredChecklistItems: false }, 'requireInferredChecklistItems'],
    ['a shorter consultation', { consultationWeeks: 1 }, 'consultationWeeks'],
    ['a ladder of its own', { reminderLadder: [] }, 'reminderLadder'],
  ])('when a partner officer asks for %s, then it is refused naming the field, whatever the bounds', (_name, policy, field) => {
    expect(whyActorMayNotSetPolicy(partner, policy, bounds)).toMatchObject({ code: 'policyOverrideNotPermitted', path: ['policy', field] });
  });

  test('when nobody overrides anything, then nothing is refused', () => {
    expect(whyActorMayNotSetPolicy(partner, undefined, {})).toBeUndefined();
    expect(whyActorMayNotSetPolicy(partner, {}, {})).toBeUndefined();
  });

  test('when an administrator stays within the bounds, then the override is allowed', () => {
    expect(whyActorMayNotSetPolicy(admin, { consultationWeeks: 8, bankHolidays: { additional: [], removed: [] } }, bounds)).toBeUndefined();
  });

  test.each([
    ['below the minimum', { consultationWeeks: 4 }, 'consultationWeeks', /at least 8/],
    ['above the maximum', { consultationWeeks: 20 }, 'consultationWeeks', /at most 16/],
    ['a field the deployment does not open', { allowRetrospectiveStart: true }, 'allowRetrospectiveStart', /does not let/],
  ])('when an administrator goes %s, then it is refused naming the field', (_name, policy, field, message) => {
    expect(whyActorMayNotSetPolicy(admin, policy, bounds)).toMatchObject({
      code: 'policyOverrideNotPermitted',
      path: ['policy', field],
      message: expect.stringMatching(message),
    });
  });

  test('when a deployment has set no bounds, then not even an administrator may override', () => {
    expect(whyActorMayNotSetPolicy(admin, { windUpDays: 30 }, {})).toMatchObject({ path: ['policy', 'windUpDays'] });
  });

  test('when the bounds put min/max on a switch, then the bounds themselves are refused', () => {
    expect(policyBoundsSchema.safeParse({ allowRetrospectiveStart: { min: 1 } }).success).toBe(false);
    expect(policyBoundsSchema.safeParse({ unknownField: true }).success).toBe(false);
  });
});
