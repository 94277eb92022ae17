/**
 * One logger for the API and the worker (issue 16 §4, §5): JSON lines with the same fields, and no
 * email address in any of them, only its hashed id.
 */
import { Writable } from 'node:stream';
import { createLogger, hashedId } from '../../config/logger';
import { temporalLoggerOf } from '../../worker/runtime-logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const address = 'Asha.Patel@nhs.example';

test('when a line mentions an email address anywhere, then only its hashed id is written, the same for every spelling', () => {
  const out = capture();
  const logger = createLogger('hapa-api', 'info', out.stream);
  logger.info({ to: [address], nested: { reply: `550 5.1.1 <${address}>: no such user` } }, `sending to ${address}`);
  logger.error({ err: new Error(`Notification k cannot be delivered to ${address.toLowerCase()} (550)`) }, 'failed');
  const text = JSON.stringify(out.lines());
  expect(text).not.toMatch(/@nhs\.example/i);
  expect(hashedId(address)).toMatch(/^id:[0-9a-f]{12}$/);
  expect(hashedId(address)).toBe(hashedId(address.toLowerCase()));
  expect(out.lines()[0]).toMatchObject({ msg: `sending to ${hashedId(address)}`, to: [hashedId(address)] });
  expect((out.lines()[1]?.err as { message: string }).message).toContain(hashedId(address));
});

test('when the Temporal SDK logs through the worker, then the lines have the API fields (level, time, service, msg) and its metadata', () => {
  const api = capture();
  const worker = capture();
  createLogger('hapa-api', 'info', api.stream as never).info({ ref: 'NW-1' }, 'action accepted');
  const sdk = temporalLoggerOf(createLogger('hapa-worker', 'info', worker.stream));
  sdk.warn('Activity failed', { activityType: 'sendNotification', error: new Error(`deferred for ${address}`) });
  sdk.debug('not written at info');
  const apiLine = api.lines()[0] ?? {};
  const lines = worker.lines();
  expect(lines).toHaveLength(1);
  expect(Object.keys(lines[0] ?? {}).slice(0, 3)).toEqual(Object.keys(apiLine).slice(0, 3));
  expect(lines[0]).toMatchObject({ level: 40, service: 'hapa-worker', msg: 'Activity failed', activityType: 'sendNotification' });
  expect(JSON.stringify(lines[0])).not.toContain('nhs.example');
});
