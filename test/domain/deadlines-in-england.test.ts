/**
 * Issue 10 §1: "today" and "by date D" mean what a person in England reads. Each case below was
 * observed wrong when dates were read in UTC: an instant between 00:00 and 01:00 BST belongs to the
 * next English day, and "by 23 September" includes the whole of 23 September.
 */
import { addDays, decide, tick, whyWaiting, type ArrangementState, type Command } from '../../domain';
import { PARTNERS, at, driveToActive, driveToStatus, endOf, officerOf, validTerms } from './fixtures';

const iso = (s: string) => Date.parse(s);
const county = officerOf(PARTNERS.county.id);

function accepted(state: ArrangementState, command: Command, now: number, actor = county): ArrangementState {
  const decision = decide(state, command, actor, now);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.code}`);
  return decision.state;
}

/** A draft submitted at `now`: its consultation is open. */
const submittedAt = (now: number, terms = validTerms()) => accepted(driveToStatus('draft', terms, now), { type: 'submitProposal' }, now);

describe('dates derived from "now" are days in England', () => {
  test('notice given at 00:30 BST on 1 August counts its 90 days from 1 August', () => {
    const active = driveToActive();
    const given = accepted(active, { type: 'giveNotice' }, iso('2001-07-31T23:30:00Z'));
    expect(given.termination?.terminationDate).toBe(addDays('2001-08-01', 90));
    expect(given.termination?.terminationDate).toBe('2001-10-30');
  });

  test('a proposal submitted at 00:30 BST closes its consultation twelve weeks from that English day', () => {
    const open = submittedAt(iso('2000-07-31T23:30:00Z'));
    expect(open.consultation?.closeDate).toBe(addDays('2000-08-01', 12 * 7));
  });

  test('a start date that was yesterday in England is refused at 00:30 BST, although UTC still calls it today', () => {
    const terms = { ...validTerms(), startDate: '2000-07-31' };
    const draft = driveToStatus('draft', terms, at('2000-06-01'));
    const decision = decide(draft, { type: 'submitProposal' }, county, iso('2000-07-31T23:30:00Z'));
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.refusal).toMatchObject({ code: 'startDateInPast', path: ['terms', 'startDate'] });
  });

  test("the Regional Office's response date counts from the English day the notification was submitted", () => {
    const executed = driveToStatus('agreementExecuted', validTerms(), at('2000-09-01'));
    const notified = accepted(executed, { type: 'submitNotification' }, iso('2000-09-30T23:30:00Z'));
    const response = notified.obligations.find((o) => o.kind === 'roResponse');
    expect(response?.dueDate).toBe(addDays('2000-10-01', notified.policy.roResponseDays));
  });
});

describe('"by D" includes the whole of D in England', () => {
  // Submitted on 1 July 2000: twelve weeks on, the consultation closes on 23 September 2000 (BST).
  const open = () => submittedAt(at('2000-07-01'));

  test('a consultation closing on 23 September accepts a response sent at 10:00 on 23 September', () => {
    expect(open().consultation?.closeDate).toBe('2000-09-23');
    const response: Command = { type: 'recordConsultationResponse', group: 'carers', summary: 'We support it' };
    const answered = accepted(open(), response, iso('2000-09-23T09:00:00Z'));
    expect(answered.consultation?.responses.map((r) => r.group)).toEqual(['carers']);
  });

  test('the consultation lapses when 23 September has ended in England, not in its first hour', () => {
    expect(tick(open(), iso('2000-09-23T00:30:00Z')).state.status).toBe('consultationOpen');
    expect(tick(open(), iso('2000-09-23T22:59:00Z')).state.status).toBe('consultationOpen');
    const lapsed = tick(open(), endOf('2000-09-23')).state;
    expect(lapsed.status).toBe('consultationClosed');
    expect(lapsed.consultation?.closedAt).toBe(iso('2000-09-23T23:00:00Z'));
  });

  test('the first overdue escalation goes out the day after the due date, never on it', () => {
    const active = driveToActive();
    const q1 = active.obligations.find((o) => o.id === 'quarterlyReport:2001Q1');
    expect(q1?.dueDate).toBe('2001-07-27');
    const steps = (now: number) =>
      tick(active, now)
        .effects.filter((e) => e.notification.key.includes(':quarterlyReport:2001Q1:'))
        .map((e) => e.notification.ladderStep);
    // 23:59 BST on the due date: the due-today reminder, no escalation.
    expect(steps(iso('2001-07-27T22:59:00Z'))).toEqual(['D0']);
    // 00:00 BST the next day: the due date has passed.
    expect(steps(iso('2001-07-27T23:00:00Z'))).toEqual(['E1']);
    expect(q1?.dueAt).toBe(iso('2001-07-27T23:00:00Z'));
  });

  test('a deadline passes at midnight GMT in winter and at midnight BST in summer', () => {
    const active = driveToActive();
    const dueAt = (id: string) => active.obligations.find((o) => o.id === id)?.dueAt;
    expect(dueAt('quarterlyReport:2001Q3')).toBe(iso('2002-01-30T00:00:00Z')); // due 29 January 2002, GMT
    expect(dueAt('quarterlyReport:2001Q1')).toBe(iso('2001-07-27T23:00:00Z')); // due 27 July 2001, BST
    expect(whyWaiting(active, at('2001-05-01')).nextDeadline?.dueDate).toBe('2001-07-27');
  });
});

describe('arrangements started under the UTC rule keep it', () => {
  test('their consultation still closes at 00:00 UTC of the close date, as their recorded histories say', () => {
    const legacy: ArrangementState = { ...driveToStatus('draft', validTerms(), at('2000-06-30')), dayRule: 'utc' };
    const open = accepted(legacy, { type: 'submitProposal' }, Date.UTC(2000, 6, 1, 12));
    expect(open.consultation?.closeAt).toBe(Date.UTC(2000, 8, 23));
    const late = decide(open, { type: 'recordConsultationResponse', group: 'carers', summary: 'x' }, county, iso('2000-09-23T09:00:00Z'));
    expect(late.ok).toBe(false);
  });
});
