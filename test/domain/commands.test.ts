import {
  actionRequiresRole,
  arrangementPolicySchema,
  commandSchema,
  commandSchemas,
  COMMAND_TYPES,
  createArrangementInputSchema,
  DEFAULT_POLICY,
  resolvePolicy,
} from '../../domain';
import { aValidCreateInput } from './fixtures';

describe('commands and input schemas', () => {
  test('when listing command types, then every type has a schema and a role rule', () => {
    expect(COMMAND_TYPES).toHaveLength(32);
    for (const type of COMMAND_TYPES) {
      expect(commandSchemas[type]).toBeDefined();
      expect(actionRequiresRole(type).length).toBeGreaterThan(0);
    }
  });

  test.each([
    [{ type: 'submitProposal' }, true],
    [{ type: 'refuse' }, false],
    [{ type: 'refuse', reason: 'Consultation inadequate' }, true],
    [{ type: 'fileQuarterlyReport', period: '2001Q2' }, true],
    [{ type: 'fileQuarterlyReport', period: '2001-Q2' }, false],
    [{ type: 'markChecklistItem', itemId: 'PF-A' }, true],
    [{ type: 'markChecklistItem', itemId: 'PF-Z' }, false],
    [{ type: 'completeReview', outcome: 'continue', nextReviewDate: '2003-02-30' }, false],
    [{ type: 'withdrawApproval' }, false],
    [{ type: 'launchRockets' }, false],
  ])('when parsing %j, then validity is %s', (body, valid) => {
    expect(commandSchema.safeParse(body).success).toBe(valid);
  });

  test.each([
    ['approve', ['regionalOfficeOfficer']],
    ['acknowledgeReceipt', ['regionalOfficeOfficer']],
    ['withdrawApproval', ['regionalOfficeOfficer', 'administrator']],
    ['decideVariation', ['partnerOfficer', 'administrator', 'regionalOfficeOfficer']],
    ['signAgreement', ['partnerOfficer', 'administrator']],
    ['proposeVariation', ['partnerOfficer', 'administrator']],
  ] as const)('when asking who may %s, then it is %j', (type, roles) => {
    expect(actionRequiresRole(type)).toEqual(roles);
  });

  test('when the create input is the fixture, then it parses', () => {
    expect(createArrangementInputSchema.safeParse(aValidCreateInput()).success).toBe(true);
    expect(createArrangementInputSchema.safeParse({ ...aValidCreateInput(), ref: 'has space' }).success).toBe(false);
  });

  test('when a partial policy is resolved, then missing fields take the defaults', () => {
    const parsed = arrangementPolicySchema.parse({ consultationWeeks: 8 });
    const policy = resolvePolicy(parsed);
    expect(policy.consultationWeeks).toBe(8);
    expect(policy.reminderLadder).toEqual(DEFAULT_POLICY.reminderLadder);
    expect(policy.reminderLadder).not.toBe(DEFAULT_POLICY.reminderLadder);
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
  });
});
