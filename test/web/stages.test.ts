/** The timeline on the arrangement page: which stages are done, current or to come. */
import { decide, type ArrangementState } from '../../domain';
import { stagesOf } from '../../web/stages';
import { at, driveToStatus, officerOf, PARTNERS } from '../domain/fixtures';

const statesOf = (state: ArrangementState) => stagesOf(state).map((s) => `${s.title}: ${s.state}`);

describe('the stages timeline', () => {
  test('when the notification is with the Regional Office, then the earlier stages are done and it is the current one', () => {
    expect(statesOf(driveToStatus('notified'))).toEqual([
      'Proposal drafted: done',
      'Joint consultation: done',
      'Checks and consents: done',
      'Written agreement: done',
      'Regional Office: current',
      'Approved: to come',
      'In force: to come',
      'Ended: to come',
    ]);
  });

  test('when an arrangement is abandoned during consultation, then only the stages it reached are done', () => {
    const open = driveToStatus('consultationOpen');
    const abandoned = decide(open, { type: 'abandon' }, officerOf(PARTNERS.pct.id), at('2000-12-02'));
    if (!abandoned.ok) throw new Error(abandoned.refusal.message);
    expect(statesOf(abandoned.state).slice(0, 3)).toEqual([
      'Proposal drafted: done',
      'Joint consultation: done',
      'Checks and consents: to come',
    ]);
  });
});
