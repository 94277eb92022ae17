/**
 * How the web writes what the domain holds for people: dates the GOV.UK way in England's time,
 * statuses and actions in words, citations in the legislation's own names, and no internal codes.
 * Presentation only: nothing here decides anything.
 */
import {
  CHECKLIST_ITEMS,
  citationForPeople,
  COMMAND_TYPES,
  ENGLAND_TIME_ZONE,
  englandDateOf,
  humanDate,
  type ArrangementStatus,
  type CommandType,
  type ObligationKind,
} from '../domain';

const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: ENGLAND_TIME_ZONE });

/**
 * "Monday 22 February 2027" for a calendar date ('YYYY-MM-DD'), an instant (epoch ms), an ISO instant
 * or a Date, in England's time (Europe/London); '' for nothing. The domain's `humanDate` writes the day,
 * as in the emails.
 */
export function longDate(value: string | number | Date | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return humanDate(value);
  const instant = typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : value;
  return Number.isNaN(instant) ? String(value) : humanDate(englandDateOf(instant));
}

/** "Monday 22 February 2027 at 3:05pm" for an instant, in England's time. */
export function dateAndTime(value: number | string | Date | undefined): string {
  if (value === undefined) return '';
  const instant = typeof value === 'number' ? value : new Date(value).getTime();
  return `${longDate(instant)} at ${TIME.format(instant).replace(' ', '').toLowerCase()}`;
}

/** £1,234.56 for an amount in pence. */
export function pounds(pence: number): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(pence / 100);
}

/** Every status in words, as a person reads it on a tag or in a list. */
export const STATUS_WORDS: Record<ArrangementStatus, string> = {
  draft: 'Draft',
  eligibilityFailed: 'Not eligible',
  consultationOpen: 'Consultation open',
  consultationClosed: 'Consultation closed',
  preconditionsPending: 'Checks and consents',
  agreementDrafting: 'Written agreement being drafted',
  agreementExecuted: 'Agreement signed',
  notified: 'With the Regional Office',
  roRefused: 'Refused by the Regional Office',
  ready: 'Approved, not yet started',
  active: 'In force',
  terminating: 'Ending',
  closed: 'Closed',
  abandoned: 'Abandoned',
};

/** Every action as the words on its button. */
export const ACTION_WORDS: Record<CommandType, string> = {
  submitProposal: 'Submit the proposal',
  editProposal: 'Change the proposal',
  recordConsultationResponse: 'Record a consultation response',
  closeConsultation: 'Close the consultation',
  considerResponses: 'Record that you have considered the responses',
  recordHimpCheck: 'Record the Health Improvement Programme check',
  attestImprovement: 'Confirm the arrangement is likely to improve services',
  grantConsent: 'Give consent',
  refuseConsent: 'Refuse consent',
  markChecklistItem: 'Mark a particular of the written agreement',
  markChecklistItems: 'Mark particulars of the written agreement as present',
  signAgreement: 'Sign the written agreement',
  submitNotification: 'Notify the Regional Office',
  acknowledgeReceipt: 'Acknowledge the notification',
  approve: 'Approve the arrangement',
  refuse: 'Refuse the arrangement',
  requestInformation: 'Ask the partners for more information',
  provideInformation: 'Answer the Regional Office',
  resubmit: 'Resubmit to the Regional Office',
  proposeVariation: 'Propose a variation',
  decideVariation: 'Decide the variation',
  signVariation: 'Sign the varied agreement',
  withdrawVariation: 'Withdraw the variation',
  fileQuarterlyReport: 'File a quarterly report',
  fileAnnualReport: 'File the annual report',
  submitAnnualReturn: "Submit the pooled fund's annual return",
  certifyAudit: 'Record the audit certification',
  completeReview: 'Complete the review',
  giveNotice: 'Give notice to end the arrangement',
  withdrawApproval: 'Withdraw approval',
  completeWindUpItem: 'Complete a wind-up item',
  abandon: 'Abandon the arrangement',
};

/** What a person does to meet each kind of obligation, as a home page's list says it. */
export const OBLIGATION_WORDS: Record<ObligationKind, string> = {
  consultationClose: 'Close the joint consultation and consider the responses',
  haConsent: 'Get the health authority’s consent',
  notifyBeforeStart: 'Notify the Regional Office before the start date',
  roResponse: 'The Regional Office answers',
  quarterlyReport: 'File the quarterly report',
  annualReport: 'File the annual report',
  annualReturn: 'Submit the pooled fund’s annual return',
  auditCertification: 'Record the audit certification of the annual return',
  reviewDate: 'Complete the review of the arrangement',
  durationEnd: 'Decide whether the arrangement ends or is varied to go on',
  windUp: 'Complete the wind-up item',
};

const ROLE_WORDS: Record<string, string> = {
  partnerOfficer: 'partner officer',
  regionalOfficeOfficer: 'Regional Office officer',
  administrator: 'administrator',
  system: 'hapa',
};

/** A role in words. */
export const roleInWords = (role: string): string => ROLE_WORDS[role] ?? words(role);

/** "northWest" → "North West": a camelCase code in words, first letter capital. */
export function words(code: string): string {
  const spaced = code
    .replace(/[-_.:]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A region id ("northWest") as its name ("North West"). */
export const regionName = (region: string): string => words(region).replace(/\b\w/g, (c) => c.toUpperCase());

/**
 * A rule's citation in the legislation's own names (the domain's `citationForPeople`, shared with the
 * emails); a rule of hapa's own, which the legislation does not make, is said to be so.
 */
export function citationInWords(citation: string | undefined): string {
  if (!citation) return '';
  return citationForPeople(citation) || "a rule of this service's own (not in the legislation)";
}

const CODE_WORDS: [RegExp, string][] = [
  ...COMMAND_TYPES.map((t): [RegExp, string] => [new RegExp(`\\b${t}\\b`, 'g'), `“${ACTION_WORDS[t].toLowerCase()}”`]),
  ...(Object.keys(STATUS_WORDS) as ArrangementStatus[]).map((s): [RegExp, string] => [
    new RegExp(`\\b(is|while the arrangement is) ${s}\\b`, 'g'),
    `$1 “${STATUS_WORDS[s].toLowerCase()}”`,
  ]),
  ...CHECKLIST_ITEMS.map((i): [RegExp, string] => [new RegExp(`\\b${i.id} \\(([^)]*)\\)`, 'g'), '$1']),
  ...CHECKLIST_ITEMS.map((i): [RegExp, string] => [new RegExp(`\\b${i.id}\\b`, 'g'), `“${i.label.toLowerCase()}”`]),
  [/\b(\d{4}-\d{2}-\d{2})\b/g, '\u0000$1'],
];

/**
 * A message of the domain made plain for the page: action names, statuses and checklist codes in
 * words, ISO dates written out ("Monday 22 February 2027"), and any other camelCase code spaced into words.
 */
export function plainText(message: string | undefined): string {
  if (!message) return '';
  const replaced = CODE_WORDS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
  return replaced
    .replace(/\u0000(\d{4}-\d{2}-\d{2})/g, (_m, date: string) => longDate(date))
    .replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, regionName);
}
