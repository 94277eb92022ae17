/**
 * Every `patched()` id the arrangement workflow uses, with what it guards. A behaviour change to the
 * workflow is guarded by one of these, so arrangements already running replay their histories
 * unchanged (Temporal's versioning; see the README's "Changing the workflow").
 */
export const PATCHES = {
  /**
   * Dates are days in England (Europe/London): "today", a start date's midnight and "due on D has
   * passed" at the end of D. Workflows started before it keep `dayRule: 'utc'` (issue 10).
   */
  daysInEngland: 'days-in-england',
  /**
   * A reminder or escalation is sent only while its obligation is open and the arrangement runs:
   * checked when it can be sent, and withdrawn (retries and all) when its obligation closes (issue 10).
   */
  remindersCheckedWhenSent: 'reminders-checked-when-sent',
  /**
   * Ineligible terms are refused when a draft is edited or submitted (every reason at once), and the
   * draft stays editable; workflows started before it keep `eligibilityRule: 'failOnSubmit'` (issue 11).
   */
  ineligibleTermsRefused: 'ineligible-terms-refused',
  /**
   * A written-agreement item whose content the terms carry is verified from the terms: a gap refuses
   * the tick and the signatures; workflows started before it keep `checklistRule: 'ticksOnly'` (issue 11).
   */
  checklistFromTerms: 'checklist-from-terms',
} as const;
