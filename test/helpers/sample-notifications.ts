/**
 * One notification of every message kind, as the domain builds them: a pooled fund driven through
 * `decide` and `tick` from proposal to ending, collecting what each step asks to send. The email
 * template tests render these, so a kind the domain stops building (or builds without its facts) fails.
 */
import {
  addDays,
  createArrangement,
  decide,
  tick,
  unsignedVariationPartners,
  type Actor,
  type ArrangementState,
  type Command,
  type MessageKind,
  type Notification,
} from '../../domain';
import { ADMIN, at, driveToActive, driveToStatus, endOf, officerOf, RO_OFFICER, validTerms } from '../domain/fixtures';
import { withContributionsFor } from './lives';

const ref = 'NW-2001-007';

function step(state: ArrangementState, command: Command, actor: Actor, now: number): { state: ArrangementState; sent: Notification[] } {
  const decision = decide(state, command, actor, now);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.message}`);
  return { state: decision.state, sent: decision.effects.map((e) => e.notification) };
}

const ticked = (state: ArrangementState, now: number) => {
  const result = tick(state, now);
  return { state: result.state, sent: result.effects.map((e) => e.notification) };
};

/** Every message kind, each built by the domain for arrangement NW-2001-007 (a pooled fund of four partners). */
export function sampleNotifications(): Record<MessageKind, Notification> {
  const found = new Map<MessageKind, Notification>();
  const keep = (sent: Notification[]) => {
    for (const n of sent) if (n.message && !found.has(n.message)) found.set(n.message, n);
  };
  const terms = validTerms();
  const lead = officerOf(terms.partners[0]?.id ?? '');
  const ro = { ...RO_OFFICER, region: terms.regionalOffice.region };

  // Proposal: the consultation's invitation, a reminder of its close, and the lapse without responses.
  const created = createArrangement({ ref, terms }, lead, at('2000-12-01'));
  const proposed = step(created, { type: 'submitProposal' }, lead, at('2000-12-01'));
  keep(proposed.sent);
  const closeDate = proposed.state.consultation?.closeDate ?? '';
  keep(ticked(proposed.state, at(addDays(closeDate, -14))).sent);
  keep(ticked(proposed.state, endOf(closeDate)).sent);

  // The Regional Office: notification, a question and its answer, the start date passing, the acknowledgement.
  const executed = driveToStatus('agreementExecuted', terms, at('2000-12-01'), ref);
  const notified = step(executed, { type: 'submitNotification', formRef: 'NOTIF-1' }, lead, at('2000-12-01'));
  keep(notified.sent);
  const asked = step(
    notified.state,
    { type: 'requestInformation', question: 'How will the pool manager report overspends' },
    ro,
    at('2000-12-05'),
  );
  keep(asked.sent);
  keep(step(asked.state, { type: 'provideInformation', answer: 'Monthly, to every partner.' }, lead, at('2000-12-06')).sent);
  keep(ticked({ ...notified.state, startDatePassedNotice: true }, at(terms.startDate)).sent);
  keep(step(notified.state, { type: 'acknowledgeReceipt' }, ro, at('2000-12-10')).sent);

  // Running: a quarterly report's reminders up the ladder, a variation taking effect, another withdrawn.
  const active = driveToActive(terms, at('2000-12-01'), ref);
  const report = active.obligations.find((o) => o.kind === 'quarterlyReport' && o.status === 'open');
  if (!report) throw new Error('an active pooled fund has a quarterly report due');
  keep(ticked(active, at(addDays(report.dueDate, -14))).sent);
  keep(ticked(active, at(report.dueDate)).sent);
  keep(ticked(active, at(addDays(report.dueDate, 30))).sent.filter((n) => n.recipients.some((r) => r.role === 'regionalOffice')));
  const varied = withContributionsFor(terms, 2004);
  // Under the rules arrangements adopt for their next variation: the working-day clock and the partners' signatures.
  const variation = step(
    { ...active, regionalOfficeClock: 'workingDays', materialVariationSigned: true },
    { type: 'proposeVariation', terms: varied, reason: 'The pool continues into 2004/05' },
    lead,
    at('2001-06-01'),
  );
  keep(variation.sent);
  // A material variation: the Regional Office acknowledges it, then every partner signs the varied agreement.
  let signing = step(variation.state, { type: 'acknowledgeReceipt' }, ro, at('2001-06-03'));
  keep(signing.sent);
  for (const partner of unsignedVariationPartners(signing.state)) {
    signing = step(signing.state, { type: 'signVariation' }, officerOf(partner.id), at('2001-06-04'));
    keep(signing.sent);
  }
  keep(step(variation.state, { type: 'withdrawVariation' }, lead, at('2001-06-02')).sent);

  // Ending: an administrator withdraws the approval of an arrangement under an approval gate.
  const approved = driveToActive(validTerms({ regionalOfficeGate: 'approve' }), at('2000-12-01'), ref);
  keep(step(approved, { type: 'withdrawApproval', reason: 'The partners asked us to end it' }, ADMIN, at('2001-07-02')).sent);

  const missing = (['reminder', 'dueToday', 'overdue'] as const).filter((k) => !found.has(k));
  if (missing.length > 0) throw new Error(`no sample of ${missing.join(', ')}`);
  return Object.fromEntries(found) as Record<MessageKind, Notification>;
}

/** Other wordings of some message kinds: notice by a partner, a refusal, the Regional Office's withdrawal, an approval gate. */
export function sampleVariants(): [string, Notification][] {
  const terms = validTerms({ regionalOfficeGate: 'approve' });
  const partner = terms.partners[1]?.id ?? '';
  const officer = officerOf(partner);
  const ro = { ...RO_OFFICER, region: terms.regionalOffice.region };
  const active = driveToActive(terms, at('2000-12-01'), ref);
  const executed = driveToStatus('agreementExecuted', terms, at('2000-12-01'), ref);
  const notified = step(executed, { type: 'submitNotification', formRef: 'NOTIF-2' }, officer, at('2000-12-01'));
  const only = (what: string, sent: Notification[]): [string, Notification] => {
    const [n] = sent;
    if (!n) throw new Error(`${what} sent nothing`);
    return [what, n];
  };
  return [
    only('notice given by a partner', step(active, { type: 'giveNotice', partnerId: partner }, officer, at('2001-06-01')).sent),
    only('notification under an approval gate', notified.sent),
    only('refusal with reasons', step(notified.state, { type: 'refuse', reason: 'The pool has no host' }, ro, at('2000-12-03')).sent),
    only('withdrawal by the Regional Office', step(active, { type: 'withdrawApproval', reason: 'Governance' }, ro, at('2001-06-01')).sent),
  ];
}
