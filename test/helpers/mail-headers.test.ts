/**
 * The sink's quick header reader (B3 counts a storm's messages with it, issue 17): it must read
 * what a full parser reads for the fields it is asked for.
 */
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { readHeaderFields } from './mail-headers';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

test('when a field is folded over several lines, then its value is unfolded and trimmed', () => {
  const raw = crlf([
    'Subject: a',
    'X-Hapa-Notification-Key:  ARR-1:',
    '\tquarterlyReport:2040Q1',
    ' :R0  ',
    'To: x@example.org',
    '',
    'body',
  ]);
  expect(readHeaderFields(raw, ['X-Hapa-Notification-Key']).get('x-hapa-notification-key')).toBe('ARR-1:\tquarterlyReport:2040Q1 :R0');
});

test('when names differ in case, then they still match, and the first of a repeated field wins', () => {
  const raw = crlf(['MESSAGE-ID: <first@hapa>', 'x-hapa-notification-KEY: k1', 'Message-Id: <second@hapa>', '', '']);
  const found = readHeaderFields(raw, ['Message-ID', 'X-Hapa-Notification-Key']);
  expect(Object.fromEntries(found)).toEqual({ 'message-id': '<first@hapa>', 'x-hapa-notification-key': 'k1' });
});

test('when a field appears only in the body or not at all, then it is not found', () => {
  const raw = crlf(['Subject: hello', '', 'Message-ID: <in-the-body@hapa>']);
  expect(readHeaderFields(raw, ['Message-ID', 'X-Hapa-Notification-Key']).size).toBe(0);
  expect(readHeaderFields(crlf(['Message-ID: <no-body@hapa>']), ['message-id']).get('message-id')).toBe('<no-body@hapa>');
});

test('when nodemailer writes a message with a long folded header, then the reader agrees with mailparser', async () => {
  const key = `B3-abc123-7:${Array.from({ length: 12 }, (_, i) => `part${i} of a long key`).join(' ')}`;
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'hapa@example.org',
    to: ['a@example.org', 'b@example.org'],
    subject: 'Reminder',
    text: 'Message-ID: <not-this@hapa>',
    messageId: '<reminder.B3-abc123-7@hapa.example>',
    headers: { 'X-Hapa-Notification-Key': key },
  });
  const raw = info.message as Buffer;
  // The key really was folded, or this test would prove nothing about unfolding.
  expect(raw.toString('utf8', 0, raw.indexOf('\r\n\r\n'))).toMatch(/X-Hapa-Notification-Key:[^\r]*\r\n[ \t]/);
  const parsed = await simpleParser(raw);
  const found = readHeaderFields(raw, ['Message-ID', 'X-Hapa-Notification-Key']);
  expect(found.get('message-id')).toBe(parsed.messageId);
  expect(found.get('x-hapa-notification-key')).toBe(parsed.headers.get('x-hapa-notification-key'));
  expect(found.get('x-hapa-notification-key')).toBe(key);
});
