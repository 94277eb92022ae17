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
  /** The workflow writes its summary into the read model after each change of state (issue 13). */
  readModelSummaries: 'read-model-summaries',
  /** The workflow writes its closure record into the register before it ends (issue 13). */
  registerClosure: 'register-closure',
  /**
   * A cancellation request (Temporal Web UI or CLI) closes the arrangement consistently before the
   * workflow ends as cancelled: audited, abandoned or closed, obligations and reminders cancelled (issue 16).
   */
  cancellationCloses: 'cancellation-closes',
} as const;
