import type { ArrangementState } from '../../domain';
import { createRegister, type ClosureRecord } from '../../store/register';
import { testDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

const registration = (ref: string, fingerprint = 'body-1') => ({
  ref,
  workflowId: `arrangement:${ref}`,
  fingerprint,
  createdBy: 'officer@pct',
});
const closure = (ref: string, overrides: Partial<ClosureRecord> = {}): ClosureRecord => ({
  ref,
  workflowId: `arrangement:${ref}`,
  outcome: 'abandoned',
  closedAt: '2027-01-05T10:00:00.000Z',
  finalState: { ref, status: 'abandoned', audit: [] } as unknown as ArrangementState,
  ...overrides,
});

describe('the register', () => {
  test('when a reference is reserved twice, then the first body keeps it and the second learns whose it is', async () => {
    const register = createRegister(t.db);
    expect(await register.reserve(registration('R1', 'body-1'))).toMatchObject({ reserved: true, entry: { fingerprint: 'body-1' } });
    expect(await register.reserve(registration('R1', 'body-2'))).toMatchObject({ reserved: false, entry: { fingerprint: 'body-1' } });
  });

  test('when the closure is written twice, then the entry holds it once and keeps the body that created it', async () => {
    const register = createRegister(t.db);
    await register.reserve(registration('R2'));
    await register.recordClosure(closure('R2', { fingerprint: 'from-memo' }));
    await register.recordClosure(closure('R2', { fingerprint: 'from-memo' }));

    expect(await register.entryOf('R2')).toEqual({
      ref: 'R2',
      workflowId: 'arrangement:R2',
      fingerprint: 'body-1',
      closure: {
        ref: 'R2',
        workflowId: 'arrangement:R2',
        outcome: 'abandoned',
        closedAt: '2027-01-05T10:00:00.000Z',
        finalState: closure('R2').finalState,
      },
    });
  });

  test('when an arrangement created before the register closes, then its closure registers the reference with the fingerprint from its memo', async () => {
    const register = createRegister(t.db);
    await register.recordClosure(closure('R3', { fingerprint: 'from-memo' }));

    expect(await register.entryOf('R3')).toMatchObject({ fingerprint: 'from-memo', closure: { outcome: 'abandoned' } });
    expect(await register.reserve(registration('R3', 'other'))).toMatchObject({ reserved: false, entry: { fingerprint: 'from-memo' } });
  });

  test('when a reservation turns out to clash with an older workflow, then adopting its fingerprint corrects the entry, but never a closed one', async () => {
    const register = createRegister(t.db);
    await register.reserve(registration('R4', 'clashing'));
    await register.adoptFingerprint('R4', 'original');
    expect(await register.entryOf('R4')).toMatchObject({ fingerprint: 'original' });

    await register.recordClosure(closure('R4'));
    await register.adoptFingerprint('R4', 'late');
    expect(await register.entryOf('R4')).toMatchObject({ fingerprint: 'original' });
  });
});
