import { decisionRowsOf, obligationRowsOf, projectionDetailsOf, reminderKey, tick } from '../../domain';
import { at, commandsToReachReady, driveToReady, driveToStatus, RO_OFFICER, validTerms, applyAll } from './fixtures';

describe('read-model rows of an arrangement', () => {
  test("when the Regional Office has answered, then the notification's round carries when, what and who", () => {
    const state = driveToReady(validTerms(), at('2000-12-01'));
    const [round] = decisionRowsOf(state.audit);
    const answer = commandsToReachReady(validTerms()).at(-1)!;
    expect(decisionRowsOf(state.audit)).toHaveLength(1);
    expect(round).toEqual({
      round: 1,
      notifiedAt: new Date(at('2000-12-01')).toISOString(),
      decidedAt: new Date(at('2000-12-01')).toISOString(),
      outcome: answer.command.type,
      decidedBy: RO_OFFICER.id,
    });
  });

  test('when a notification waits, then its round has no answer yet', () => {
    const state = driveToStatus('notified');
    expect(decisionRowsOf(state.audit)).toEqual([{ round: 1, notifiedAt: new Date(at('2000-12-01')).toISOString() }]);
  });

  test('when a refusal is followed by a resubmission and an approval, then there are two rounds, each with its own answer', () => {
    const terms = validTerms({ regionalOfficeGate: 'approve' });
    const steps = commandsToReachReady(terms);
    const refused = applyAll(
      driveToStatus('notified', terms),
      [{ command: { type: 'refuse', reason: 'Pool too small' }, actor: RO_OFFICER }],
      at('2000-12-05'),
    );
    const resubmitted = applyAll(refused, [{ command: { type: 'resubmit' }, actor: steps[0]!.actor }], at('2000-12-06'));
    const signed = applyAll(
      resubmitted,
      steps.filter((s) => s.command.type === 'signAgreement'),
      at('2000-12-07'),
    );
    const approved = applyAll(signed, steps.slice(-2), at('2000-12-08'));
    expect(decisionRowsOf(approved.audit).map((r) => [r.round, r.outcome, r.reason])).toEqual([
      [1, 'refuse', 'Pool too small'],
      [2, 'approve', undefined],
    ]);
  });

  test("when the Regional Office's response is due, then nobody owns it among the partners, and a partner duty names its owners", () => {
    const rows = obligationRowsOf(driveToStatus('notified'));
    const ro = rows.find((r) => r.kind === 'roResponse');
    expect(ro).toMatchObject({ responsibleRole: 'regionalOffice', ownerIds: [], status: 'open' });
    const notify = rows.find((r) => r.kind === 'notifyBeforeStart');
    expect(notify).toMatchObject({ status: 'done', ownerIds: validTerms().partners.map((p) => p.id) });
  });

  test('when a reminder step has been sent, then its row says which step and to whom', () => {
    const state = driveToStatus('notified');
    const ro = state.obligations.find((o) => o.kind === 'roResponse')!;
    // Run the clock to the day the response falls due: the ladder's steps up to "due today" go out.
    const later = tick(state, at(ro.dueDate)).state;
    const row = obligationRowsOf(later).find((r) => r.obligationId === ro.id)!;
    expect(row.remindersSent.length).toBeGreaterThan(0);
    for (const sent of row.remindersSent) {
      expect(later.sentNotificationKeys).toContain(reminderKey(state.ref, ro.id, sent.step));
      expect(sent.recipients.length).toBeGreaterThan(0);
    }
  });

  test('when details are projected, then the versions are the lineage of the terms', () => {
    const state = driveToReady();
    expect(projectionDetailsOf(state).versions).toEqual([expect.objectContaining({ n: 1, terms: state.terms })]);
  });
});
