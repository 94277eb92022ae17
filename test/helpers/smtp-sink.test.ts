/**
 * The sink's two ways of taking a message: parsed on arrival (the tests' default), or held with
 * only its Message-ID and notification key read, and parsed afterwards (B3's timed window, issue 17).
 */
import nodemailer from 'nodemailer';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

let sink: SmtpSink;
afterEach(() => sink.stop());

const send = (key: string) => {
  const transport = nodemailer.createTransport(sink.url());
  return transport
    .sendMail({
      from: 'hapa@example.org',
      to: ['a@example.org', 'b@example.org'],
      subject: `About ${key}`,
      text: 'Hello',
      messageId: `<${key}@hapa.example>`,
      headers: { [NOTIFICATION_KEY_HEADER]: key },
    })
    .finally(() => transport.close());
};

test('when the sink parses on arrival, then each message is parsed and its two headers read', async () => {
  sink = await startSmtpSink();
  await send('k1');
  expect(sink.messages.map((m) => [m.messageId, m.notificationKey, m.parsed.subject])).toEqual([['<k1@hapa.example>', 'k1', 'About k1']]);
  expect(sink.received).toHaveLength(1);
});

test('when the sink holds messages, then only their headers are read until parseHeld parses each once', async () => {
  sink = await startSmtpSink({ parse: 'headers' });
  await send('k1');
  await send('k2');
  expect(sink.messages).toHaveLength(0);
  expect(sink.received.map((m) => [m.messageId, m.notificationKey, m.envelope.to.length])).toEqual([
    ['<k1@hapa.example>', 'k1', 2],
    ['<k2@hapa.example>', 'k2', 2],
  ]);
  sink.parse = 'full';
  await send('k3');
  const held = await sink.parseHeld();
  expect(held.unparsable).toHaveLength(0);
  expect(held.parsed.map((m) => m.parsed.messageId)).toEqual(['<k1@hapa.example>', '<k2@hapa.example>']);
  expect(sink.messages.map((m) => m.notificationKey).sort()).toEqual(['k1', 'k2', 'k3']);
  expect((await sink.parseHeld()).parsed).toHaveLength(0);
});
