/**
 * The embedded transport: instead of talking to a mail server, each message becomes an `.eml` file
 * in an outbox folder, listed in `index.jsonl`, so a person running hapa locally can open exactly
 * what would have been sent.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Transport } from 'nodemailer';
import { asError } from './as-error';
import type { DeliveryInfo } from './mail-transport';
import { syncDirectory } from './sync-directory';

/** Header carrying the notification key, so the outbox index (and receivers) can name it. */
export const NOTIFICATION_KEY_HEADER = 'X-Hapa-Notification-Key';

/** One line of `outbox/index.jsonl`. */
export interface OutboxEntry {
  key: string;
  messageId: string;
  to: string[];
  subject: string;
  /** File name of the `.eml`, relative to the outbox folder. */
  file: string;
  sentAt: string;
}

// File names must be portable and short; the key itself stays intact in the index and the header.
const slug = (key: string) =>
  key
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'message';

const headerText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return String(value.value);
  return '';
};

/** A nodemailer transport plugin that writes each message into `outboxDir`. */
export function createOutboxTransport(outboxDir: string): Transport<DeliveryInfo> {
  const writeMessage = async (raw: Buffer, stem: string) => {
    // Owner-only: the messages name officers and their addresses (issue 16 §4).
    await fs.mkdir(outboxDir, { recursive: true, mode: 0o700 });
    // Written under a temporary name, synced, then linked into place: a reader never sees half a
    // message, and link (unlike rename) refuses to overwrite an existing file.
    const temp = path.join(outboxDir, `.${stem}.${randomBytes(4).toString('hex')}.tmp`);
    await fs.writeFile(temp, raw, { flag: 'wx', mode: 0o600 });
    const handle = await fs.open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    try {
      for (let n = 1; ; n += 1) {
        const file = n === 1 ? `${stem}.eml` : `${stem}-${n}.eml`;
        try {
          await fs.link(temp, path.join(outboxDir, file));
          return file;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
    } finally {
      await fs.unlink(temp);
      await syncDirectory(outboxDir);
    }
  };

  const appendIndex = async (entry: OutboxEntry) => {
    const handle = await fs.open(path.join(outboxDir, 'index.jsonl'), 'a', 0o600);
    try {
      await handle.write(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  };

  const deliver = async (mail: Parameters<Transport<DeliveryInfo>['send']>[0]): Promise<DeliveryInfo> => {
    const raw = await mail.message.build();
    const envelope = mail.message.getEnvelope();
    const messageId = mail.message.messageId();
    const key = headerText(mail.message.getHeader(NOTIFICATION_KEY_HEADER)) || messageId;
    const sentAt = new Date().toISOString();
    const file = await writeMessage(raw, `${sentAt.replace(/[:.]/g, '-')}-${slug(key)}`);
    const to = envelope.to.map(String);
    // The index is written after the message, so every entry points at a complete file.
    await appendIndex({ key, messageId, to, subject: String(mail.data.subject ?? ''), file, sentAt });
    return { messageId, accepted: to, rejected: [], response: `250 written to ${file}` };
  };

  return {
    name: 'hapa-outbox',
    version: '1',
    send: (mail, callback) => {
      deliver(mail).then(
        (info) => callback(null, info),
        (err: unknown) => callback(asError(err)),
      );
    },
  };
}
