import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFileSentLog, type SentRecord } from '../../activities/sent-log';

const record = (key: string, overrides: Partial<SentRecord> = {}): SentRecord => ({
  key,
  messageId: `<${key}@hapa>`,
  accepted: ['asha.patel@nhs.example'],
  refused: [],
  at: '2026-06-16T09:00:00.000Z',
  ...overrides,
});

describe('file sent log', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hapa-sent-log-'));
    file = path.join(dir, 'nested', 'sent-log.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('when nothing was recorded, then a lookup finds nothing and no file is needed', async () => {
    expect(await createFileSentLog(file).lookup('a')).toBeUndefined();
  });

  test('when the first record is written, then the file and its folder are readable by the owner only', async () => {
    await createFileSentLog(file).record(record('a'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  test('when records are written, then a fresh instance (a restarted worker) finds them merged by key', async () => {
    const log = createFileSentLog(file);
    await log.record(record('a', { accepted: ['x@example.org'], at: '2026-06-16T09:00:00.000Z' }));
    await log.record(
      record('a', { accepted: ['y@example.org'], refused: [{ email: 'z@example.org', reason: '550' }], at: '2026-06-16T10:00:00.000Z' }),
    );

    expect(await createFileSentLog(file).lookup('a')).toEqual({
      key: 'a',
      messageId: '<a@hapa>',
      accepted: ['x@example.org', 'y@example.org'],
      refused: [{ email: 'z@example.org', reason: '550' }],
      firstAcceptedAt: '2026-06-16T09:00:00.000Z',
    });
  });

  test('when the last line was torn by a crash, then earlier records still count and the next record is readable', async () => {
    const log = createFileSentLog(file);
    await log.record(record('a'));
    await appendFile(file, '{"key":"b","messageId":"<b@h');

    const reopened = createFileSentLog(file);
    expect(await reopened.lookup('a')).toBeDefined();
    expect(await reopened.lookup('b')).toBeUndefined();
    await reopened.record(record('c'));

    expect(await createFileSentLog(file).lookup('c')).toMatchObject({ key: 'c' });
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
  });

  test('when another process appends to the shared log, then a lookup here sees it', async () => {
    const here = createFileSentLog(file);
    const there = createFileSentLog(file);
    expect(await here.lookup('a')).toBeUndefined();

    await there.record(record('a'));

    expect(await here.lookup('a')).toMatchObject({ key: 'a' });
  });
});
