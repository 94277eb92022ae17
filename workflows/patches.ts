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
  /**
   * The summary the workflow writes carries its obligations (with the reminder steps sent), its
   * Regional Office decisions and its versions of the terms, and a change to any of them is written
   * as a new revision (issue 13).
   */
  readModelDetails: 'read-model-details',
  /** The workflow writes its closure record into the register before it ends (issue 13). */
  registerClosure: 'register-closure',
  /**
   * A cancellation request (Temporal Web UI or CLI) closes the arrangement consistently before the
   * workflow ends as cancelled: audited, abandoned or closed, obligations and reminders cancelled (issue 16).
   */
  cancellationCloses: 'cancellation-closes',
  /**
   * A variation that takes effect re-derives the reporting obligations from its terms for the periods
   * from its effective date only (nothing for periods the old terms governed; what no longer applies is
   * cancelled). Checked when a command may make a pending variation take effect, so arrangements
   * already running adopt it at their next decision (sets `variationRederivation`, issue 12 §1).
   */
  variationFromEffectiveDate: 'variation-from-effective-date',
  /**
   * The partners are told when the start date passes before the Regional Office has answered the
   * notification (a new notification and audit entry at the start date; issue 12 §2). Arrangements
   * started since carry `startDatePassedNotice` in their state; those started before never send it.
   */
  startDatePassedNotice: 'start-date-passed-notice',
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
  /**
   * The Regional Office's response target is counted in working days on the England and Wales calendar,
   * stopped while it waits for information it asked for and restarted when it is given; a material
   * variation ready for its answer gets the same target and reminders, escalating to the Regional
   * Office's named manager (issue 12 §2). Checked when a command may open its clock (submitNotification,
   * proposeVariation), so running arrangements adopt it then (sets `regionalOfficeClock`).
   */
  regionalOfficeWorkingDays: 'ro-clock-working-days',
  /**
   * A material variation takes effect only once every partner has signed the varied agreement (signVariation),
   * after the Regional Office's answer; the old terms stay in force meanwhile (issue 12 §1). Checked when a
   * variation is proposed, so running arrangements adopt it for their next variation (sets `materialVariationSigned`).
   */
  materialVariationSigned: 'material-variation-signed',
  /**
   * A proposal (or resubmission) whose start date has passed is refused in the handler too. Added after
   * the fact (issue 12 §3 audit): 7cb7adb made the rule without a guard; since then the validator refuses
   * such a command before it is accepted, so only histories from before 7cb7adb reach the handler with
   * it, and they replay without the marker as they ran (the command accepted). See docs/workflow-versioning.md.
   */
  retrospectiveStartRefused: 'retrospective-start-refused',
  /**
   * The read model's obligations carry the day the Regional Office's clock stopped while it waits for
   * information (so its home lists what awaits the partners' answer). Without it, a stop alone changes
   * no row, so older histories scheduled no write for it (issue 14).
   */
  readModelClockStop: 'read-model-clock-stop',
  /**
   * The read-model write runs as a local activity: in the worker, its result recorded with the
   * workflow task that scheduled it, so a change of state costs no activity task on the server and no
   * workflow task of its own when the write completes (issue 17: the reminder storm). Histories from
   * before it scheduled the write as an activity, and replay it so.
   */
  readModelLocalWrite: 'read-model-local-write',
  /**
   * A notification is sent by a local activity first: in the worker, its result recorded with the
   * workflow task that scheduled it, so an email costs the server no activity task and the arrangement
   * no workflow task of its own when it has gone out (issue 17: the reminder storm). Tried once; a send
   * that fails for now (the mail server away, slow or deferring) is handed to the activity as before.
   * Asked for at a run's first send, so it is not in PATCH_SET_2026_12 (histories recorded under that
   * set sent every notification as an activity).
   */
  sendLocallyFirst: 'send-locally-first',
} as const;

/** One of the ids above. */
export type PatchId = (typeof PATCHES)[keyof typeof PATCHES];

/**
 * A patch set: one marker that stands for every patch it lists, so a new arrangement records one
 * marker in its first workflow task instead of one per patch. Each `patched()` call the SDK records
 * also upserts the `TemporalChangeVersion` search attribute, a visibility write on the server, and a
 * new arrangement made eight of each in its first workflow task (issue 17: the reminder storm).
 *
 * Runs that started with the set's marker take every listed patch as present. Runs whose first
 * workflow task completed before the set was deployed never record it (it is asked for once, first
 * thing as a run starts, so it must stay the workflow's first call, unconditional and before any
 * await) and ask for each patch as they always did. Never add to a set's list: a patch made later is
 * asked for on its own (or in a new set), or histories recorded with this set would replay it as
 * present when it was not yet there. `patches` is a set: the workflow looks it up on every guarded
 * call, many times per activation.
 */
export const PATCH_SET_2026_12 = {
  id: 'patch-set-2026-12',
  patches: new Set<PatchId>([
    PATCHES.daysInEngland,
    PATCHES.remindersCheckedWhenSent,
    PATCHES.readModelSummaries,
    PATCHES.readModelDetails,
    PATCHES.registerClosure,
    PATCHES.cancellationCloses,
    PATCHES.variationFromEffectiveDate,
    PATCHES.startDatePassedNotice,
    PATCHES.ineligibleTermsRefused,
    PATCHES.checklistFromTerms,
    PATCHES.regionalOfficeWorkingDays,
    PATCHES.materialVariationSigned,
    PATCHES.retrospectiveStartRefused,
    PATCHES.readModelClockStop,
    PATCHES.readModelLocalWrite,
  ]) as ReadonlySet<PatchId>,
} as const;
