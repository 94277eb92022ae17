import { addWorkingDays, isWorkingDay } from './bank-holidays';
import { addDays, isBefore, type DateString } from './calendar';
import { CITATIONS } from './citations';
import type { Days } from './days';
import type { NewObligation, Obligation } from './obligations';
import type { ArrangementPolicy } from './policy';

/**
 * The Regional Office's response clock (issue 12 §2; §13.4 inferred). Its target is counted in working
 * days on the England and Wales calendar (weekends and bank holidays do not count), stopped while it
 * waits for information it asked the partners for, and restarted, with the working days it had left,
 * on the day they provide it. Arrangements started before the working-day clock keep the calendar-day
 * target of `roResponseDays` and no stopped clock.
 */

/**
 * The rules an arrangement adopted, behind a `patched()` guard, after it started: the workflow sets each
 * one before the first decision it changes, so histories recorded before replay unchanged.
 */
export interface AdoptedRules {
  /**
   * 'workingDays': the Regional Office's response target (to a notification, or to a material variation
   * once it is ready for its decision) is `roResponseWorkingDays` working days, and stops while it waits
   * for information. Absent: `roResponseDays` calendar days from the notification, and no variation target.
   */
  regionalOfficeClock?: 'workingDays';
  /**
   * True: a material variation is signed by every partner, after the Regional Office's acknowledgement or
   * approval, before it takes effect (issue 12 §1). Absent: it takes effect at the Regional Office's answer.
   */
  materialVariationSigned?: true;
}

/** What the clock needs of an arrangement. */
type ClockOwner = AdoptedRules & { policy: ArrangementPolicy };

/** Working days in the target when a policy from before the working-day clock carries none (§13.4, inferred: four weeks). */
export const DEFAULT_RO_RESPONSE_WORKING_DAYS = 20;

/**
 * The date the Regional Office should answer by, for something sent to it on `sentOn` (a day in England):
 * `roResponseWorkingDays` working days after it under the working-day clock (the day itself does not
 * count), else `roResponseDays` calendar days after it.
 */
export function regionalOfficeDueDate(state: ClockOwner, sentOn: DateString): DateString {
  if (state.regionalOfficeClock !== 'workingDays') return addDays(sentOn, state.policy.roResponseDays);
  const target = state.policy.roResponseWorkingDays ?? DEFAULT_RO_RESPONSE_WORKING_DAYS;
  return addWorkingDays(sentOn, target, state.policy.bankHolidays);
}

/** The rule behind the Regional Office's response target under the arrangement's clock. */
export const regionalOfficeClockCitation = (state: AdoptedRules): string =>
  state.regionalOfficeClock === 'workingDays' ? CITATIONS.roResponseWorkingDays : CITATIONS.roResponse;

/**
 * The Regional Office's response obligation for something sent to it on `sentOn` (the notification, or a
 * material variation ready for its answer): due by `regionalOfficeDueDate`, chased on the Regional Office
 * and escalated to its named manager (the reminder ladder's line officer step).
 */
export function regionalOfficeResponse(
  state: ClockOwner,
  sentOn: DateString,
  what: { id: string; title: string; variationId?: string },
): NewObligation {
  return {
    ...what,
    kind: 'roResponse',
    dueDate: regionalOfficeDueDate(state, sentOn),
    responsibleRole: 'regionalOffice',
    responsiblePartnerIds: [],
    citation: regionalOfficeClockCitation(state),
  };
}

/**
 * Working days on the clock from `from` (exclusive) to `to` (inclusive): what is left of a target due on
 * `to` when the clock stops on `from`. 0 when `to` is not after `from`.
 */
export function workingDaysAfter(from: DateString, to: DateString, policy: ArrangementPolicy): number {
  let count = 0;
  for (let day = addDays(from, 1); !isBefore(to, day); day = addDays(day, 1)) if (isWorkingDay(day, policy.bankHolidays)) count += 1;
  return count;
}

/** How long an answer owed by the Regional Office has waited, against its target, in working days. */
export interface RegionalOfficeWait {
  /** Working days since the day it was sent, up to and including today. */
  waiting: number;
  /** Working days from the day it was sent to its due date (a due date the stopped clock moved counts those days too). */
  target: number;
  /** Waiting longer than the target. */
  overdue: boolean;
}

/**
 * The Regional Office's wait for a notification or variation sent on `sentOn` and due on `dueDate`, as
 * of `today` (all days in England), on the working-day clock of `policy`'s bank holidays (§13.4, inferred).
 */
export function regionalOfficeWait(
  sentOn: DateString,
  dueDate: DateString,
  today: DateString,
  policy: ArrangementPolicy,
): RegionalOfficeWait {
  const waiting = workingDaysAfter(sentOn, today, policy);
  const target = workingDaysAfter(sentOn, dueDate, policy);
  return { waiting, target, overdue: waiting > target };
}

/**
 * Stops the Regional Office's clock on obligation `id` on `today`, the day it asks for information: the
 * obligation keeps its due date but sends no reminders until the clock restarts. Nothing changes under
 * the calendar-day clock, when the obligation is not open or already stopped, or when its due date has
 * already passed (a target already missed is not excused by a later question).
 */
export function withClockStopped(state: ClockOwner, obligations: Obligation[], id: string, today: DateString): Obligation[] {
  if (state.regionalOfficeClock !== 'workingDays') return obligations;
  return obligations.map((o) =>
    o.id === id && o.status === 'open' && o.clockStoppedOn === undefined && !isBefore(o.dueDate, today)
      ? { ...o, clockStoppedOn: today }
      : o,
  );
}

/**
 * Restarts a stopped clock on `today`, the day the information is provided: the new due date is as many
 * working days after `today` as were left after the day it stopped, so the due date moves by the working
 * days the clock was stopped. Obligations whose clock runs are returned unchanged.
 */
export function withClockRestarted(state: ClockOwner, obligations: Obligation[], id: string, today: DateString, days: Days): Obligation[] {
  return obligations.map((o) => {
    if (o.id !== id || o.status !== 'open' || o.clockStoppedOn === undefined) return o;
    const { clockStoppedOn, ...running } = o;
    const dueDate = addWorkingDays(today, workingDaysAfter(clockStoppedOn, o.dueDate, state.policy), state.policy.bankHolidays);
    return { ...running, dueDate, dueAt: days.passedAt(dueDate) };
  });
}
