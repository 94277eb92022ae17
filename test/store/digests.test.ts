/**
 * What `chooseDeliveries` hands the domain's choice for each person: the decision already recorded for
 * the notification, their own preference, and how many items they were given within the window.
 */
import type { Delivery } from '../../domain';
import { chooseDeliveries, setPreference, type DeliveryChooser, type DigestItem } from '../../store/digests';
import { testDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

const item = (email: string, notificationKey: string): DigestItem => ({
  email,
  name: email.split('@')[0] ?? email,
  notificationKey,
  arrangementRef: 'NW-2028-001',
  messageKind: 'reminder',
  subject: 'Annual report (NW-2028-001)',
});

/** A chooser that records what it was given, and answers the preference (or `fallback`). */
function recording(fallback: Delivery) {
  const seen: string[] = [];
  const choose: DeliveryChooser = (i, { preference, recentCount }) => {
    seen.push(`${i.email} ${i.notificationKey} ${preference ?? '-'} ${recentCount}`);
    return preference ?? fallback;
  };
  return { seen, choose };
}

test('when people with and without a preference are sent notifications, then each choice sees their preference, their recent count, and a recorded decision is kept', async () => {
  await setPreference(t.db, ' Asha.Patel@NHS.example ', 'daily');
  const first = recording('immediate');
  expect(
    await chooseDeliveries(
      t.db,
      [item('asha.patel@nhs.example', 'n1'), item('ben@council.example', 'n1'), item('asha.patel@nhs.example', 'n2')],
      60_000,
      first.choose,
    ),
  ).toEqual(['daily', 'immediate', 'daily']);
  expect(first.seen).toEqual(['asha.patel@nhs.example n1 daily 0', 'ben@council.example n1 - 0', 'asha.patel@nhs.example n2 daily 1']);

  // Ben now prefers a weekly digest: n1 stays as decided, n3 follows the preference and counts n1.
  await setPreference(t.db, 'ben@council.example', 'weekly');
  const second = recording('immediate');
  expect(
    await chooseDeliveries(t.db, [item('BEN@council.example', 'n1'), item('ben@council.example', 'n3')], 60_000, second.choose),
  ).toEqual(['immediate', 'weekly']);
  expect(second.seen).toEqual(['ben@council.example n3 weekly 1']);

  // Outside the window nothing counts as recent.
  const later = recording('immediate');
  await chooseDeliveries(t.db, [item('asha.patel@nhs.example', 'n4')], 0, later.choose);
  expect(later.seen).toEqual(['asha.patel@nhs.example n4 daily 0']);
});
