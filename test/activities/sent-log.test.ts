import { createSentLog, type SentRecord } from '../../activities/sent-log';
import { openDatabase } from '../../store/database';
import { testDatabase, type TestDatabase } from '../helpers/database';

const record = (key: string, overrides: Partial<SentRecord> = {}): SentRecord => ({
  key,
  messageId: `<${key}@hapa>`,
  accepted: ['asha.patel@nhs.example'],
  refused: [],
  at: '2026-06-16T09:00:00.000Z',
  ...overrides,
});

describe('sent log in PostgreSQL', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await testDatabase();
  });
  afterEach(async () => {
    await t.drop();
  });

  test('when nothing was recorded, then a lookup finds nothing', async () => {
    expect(await createSentLog(t.db).lookup('a')).toBeUndefined();
  });

  test('when records are written, then another worker (its own pool) finds them merged by key', async () => {
    const log = createSentLog(t.db);
    await log.record(record('a', { accepted: ['x@example.org'], at: '2026-06-16T09:00:00.000Z' }));
    await log.record(
      record('a', { accepted: ['y@example.org'], refused: [{ email: 'z@example.org', reason: '550' }], at: '2026-06-16T10:00:00.000Z' }),
    );
    await log.record(record('b'));

    const other = openDatabase(t.url);
    try {
      expect(await createSentLog(other).lookup('a')).toEqual({
        key: 'a',
        messageId: '<a@hapa>',
        accepted: ['x@example.org', 'y@example.org'],
        refused: [{ email: 'z@example.org', reason: '550' }],
        firstAcceptedAt: '2026-06-16T09:00:00.000Z',
      });
    } finally {
      await other.destroy();
    }
  });

  test('when two workers hold the same key, then the second waits for the first and then sees its record', async () => {
    const other = openDatabase(t.url);
    try {
      const here = createSentLog(t.db);
      const there = createSentLog(other);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));

      const first = here.exclusively('a', async (log) => {
        order.push('first in');
        await held;
        await log.record(record('a'));
        order.push('first out');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = there.exclusively('a', async (log) => {
        order.push('second in');
        return log.lookup('a');
      });
      // Another key is not held up meanwhile.
      await there.exclusively('b', () => Promise.resolve(order.push('other key')));
      release();
      const [, seen] = await Promise.all([first, second]);

      expect(order).toEqual(['first in', 'other key', 'first out', 'second in']);
      expect(seen).toMatchObject({ key: 'a', accepted: ['asha.patel@nhs.example'] });
    } finally {
      await other.destroy();
    }
  });

  test('when a task holding a key fails, then the key is released for the next attempt', async () => {
    const log = createSentLog(t.db);
    await expect(log.exclusively('a', () => Promise.reject(new Error('SMTP down')))).rejects.toThrow('SMTP down');
    await expect(log.exclusively('a', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
