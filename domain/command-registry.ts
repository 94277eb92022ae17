import type { ActorRole } from './actors';
import type { ArrangementState } from './arrangement-state';
import type { CommandSpec, TimeEvent } from './command-spec';
import type { CommandType } from './commands';
import * as agreement from './stages/agreement';
import * as consultation from './stages/consultation';
import * as ending from './stages/ending';
import * as preconditions from './stages/preconditions';
import * as regionalOffice from './stages/regional-office';
import * as regionalOfficeInformation from './stages/regional-office-information';
import * as running from './stages/running';
import * as variation from './stages/variation';
import * as variationSigning from './stages/variation-signing';

/**
 * Every command's spec, assembled from the stage files; the compiler checks that each command type has
 * exactly one. Nothing in the stage files imports this file: it sits above them.
 */
export const COMMAND_SPECS = {
  submitProposal: consultation.submitProposal,
  editProposal: consultation.editProposal,
  recordConsultationResponse: consultation.recordConsultationResponse,
  closeConsultation: consultation.closeConsultation,
  considerResponses: consultation.considerResponses,
  recordHimpCheck: preconditions.recordHimpCheck,
  attestImprovement: preconditions.attestImprovement,
  grantConsent: preconditions.grantConsent,
  refuseConsent: preconditions.refuseConsent,
  markChecklistItem: agreement.markChecklistItem,
  markChecklistItems: agreement.markChecklistItems,
  signAgreement: agreement.signAgreement,
  submitNotification: regionalOffice.submitNotification,
  acknowledgeReceipt: regionalOffice.acknowledgeReceipt,
  approve: regionalOffice.approve,
  refuse: regionalOffice.refuse,
  requestInformation: regionalOfficeInformation.requestInformation,
  provideInformation: regionalOfficeInformation.provideInformation,
  resubmit: regionalOffice.resubmit,
  proposeVariation: variation.proposeVariation,
  decideVariation: variation.decideVariation,
  withdrawVariation: variation.withdrawVariation,
  signVariation: variationSigning.signVariation,
  fileQuarterlyReport: running.fileQuarterlyReport,
  fileAnnualReport: running.fileAnnualReport,
  submitAnnualReturn: running.submitAnnualReturn,
  certifyAudit: running.certifyAudit,
  completeReview: running.completeReview,
  giveNotice: ending.giveNotice,
  withdrawApproval: ending.withdrawApproval,
  completeWindUpItem: ending.completeWindUpItem,
  abandon: ending.abandon,
} satisfies { [T in CommandType]: CommandSpec<T> };

/** The spec of one command type, widened so a caller holding any command can run it. */
export function specOf(type: CommandType): CommandSpec<CommandType> {
  // Indexing the table by a union key gives a union of specs; a spec of the union type accepts any of those commands.
  const spec: CommandSpec<CommandType> = COMMAND_SPECS[type];
  return spec;
}

/**
 * Who may issue each command (section31.md §13.1, inferred): partner officers of a party, RO officers
 * of the arrangement's region, and administrators, who may do all a partner may plus record RO
 * withdrawals. The API enforces this and `decide` re-checks it with the actor's organisation and region.
 */
export function actionRequiresRole(type: CommandType): ActorRole[] {
  return [...specOf(type).roles];
}

/** True when a partner officer issues this command as the Health Authority whose consent it records (reg 7(2), 9(2)). */
export function isIssuedByConsentingAuthority(type: CommandType): boolean {
  return specOf(type).byConsentingAuthority === true;
}

/** Every event that time will cause from this state, stage by stage (§13.4); `tick` adds the reminders. */
export function stageEvents(state: ArrangementState): TimeEvent[] {
  return [
    ...consultation.consultationEvents(state),
    ...regionalOffice.regionalOfficeEvents(state),
    ...running.runningEvents(state),
    ...ending.endingEvents(state),
  ];
}

/** Who may take an action, as a person reads it (§13.1, inferred). */
const ROLE_LABELS: Record<ActorRole, string> = {
  partnerOfficer: 'a partner officer',
  regionalOfficeOfficer: 'the Regional Office',
  administrator: 'an administrator',
  system: 'hapa itself',
};

/** One action that may be issued in a state, and who may issue it. */
export interface ActionNow {
  type: CommandType;
  roles: ActorRole[];
}

/**
 * The actions the arrangement takes in its present state (each spec's `allowedIn`), with the roles that
 * may issue them: what a refusal for the wrong status points to instead (issue 11). Their guards may
 * still refuse them.
 */
export function actionsAllowedIn(state: ArrangementState): ActionNow[] {
  return (Object.keys(COMMAND_SPECS) as CommandType[])
    .filter((type) => specOf(type).allowedIn(state))
    .map((type) => ({ type, roles: actionRequiresRole(type) }));
}

/** "abandon (a partner officer or an administrator); approve (the Regional Office)", or '' when none. */
export function describeActions(actions: readonly ActionNow[]): string {
  return actions
    .map(({ type, roles }) => {
      const who = isIssuedByConsentingAuthority(type)
        ? ['the consenting Health Authority', ROLE_LABELS.administrator]
        : roles.map((r) => ROLE_LABELS[r]);
      return `${type} (${who.join(' or ')})`;
    })
    .join('; ');
}
