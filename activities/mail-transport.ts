/**
 * Builds the mail transport from validated config: GOV.UK Notify when `MAIL_TRANSPORT=notify`, SMTP
 * when `SMTP_URL` is set, otherwise the outbox folder under the data directory.
 */
import path from 'node:path';
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
import type { MessageKind } from '../domain/notifications';
import { createNotifyTransport, type NotifyTemplateIds } from './notify-transport';
import { createOutboxTransport } from './outbox-transport';

/** What a transport reports once it has taken a message: who was accepted and who was refused. */
export interface DeliveryInfo {
  messageId: string;
  accepted?: string[] | undefined;
  rejected?: string[] | undefined;
  /** Per-recipient errors for the refused addresses, with their SMTP reply codes. */
  rejectedErrors?: NodemailerError[] | undefined;
  response?: string | undefined;
}

/** What GOV.UK Notify needs beside the message itself: which template, and its personalisation. */
export interface NotifyMessage {
  template: MessageKind | 'general';
  personalisation: Record<string, string>;
  /** Notify's `reference`: the notification key, so each message on Notify's side names its key. */
  reference: string;
}

/** A message as the activities hand it over: nodemailer's options, plus what Notify needs (others ignore it). */
export type OutgoingMail = SendMailOptions & { notify?: NotifyMessage };

/** The part of a nodemailer Transporter the activities use; tests can wrap it. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<DeliveryInfo>;
  close(): void;
}

/** The config fields the transport reads; `Config` from config/ satisfies it. */
export interface MailTransportConfig {
  readonly MAIL_TRANSPORT?: 'smtp' | 'outbox' | 'notify' | undefined;
  readonly SMTP_URL?: string | undefined;
  readonly NOTIFY_API_KEY?: string | undefined;
  readonly NOTIFY_BASE_URL?: string | undefined;
  readonly NOTIFY_TEMPLATE_IDS?: NotifyTemplateIds | undefined;
  readonly NOTIFY_REPLY_TO_ID?: string | undefined;
  /** Absolute path; the outbox is `${HAPA_DATA_DIR}/outbox`. */
  readonly HAPA_DATA_DIR: string;
}

// Well under the activity's one-minute start-to-close timeout, so a hung server surfaces as a
// retryable error from this attempt instead of a timeout of the whole attempt. A local try's 5 s are
// shorter; it is not aborted when they are up, and ends by these (activities/send-notification.ts).
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The outbox folder for a data directory. */
export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

/**
 * SMTP for `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (implicit TLS);
 * nodemailer reads further options from the URL's query, e.g. `?requireTLS=true` or
 * `?tls.rejectUnauthorized=false`. Without `SMTP_URL`, messages go to the outbox folder.
 */
export function createMailTransport(config: MailTransportConfig): MailTransport {
  if (config.MAIL_TRANSPORT === 'notify') {
    // The config schema has checked both are set when Notify is chosen.
    return createNotifyTransport({
      apiKey: config.NOTIFY_API_KEY ?? '',
      baseUrl: config.NOTIFY_BASE_URL,
      templateIds: config.NOTIFY_TEMPLATE_IDS ?? {},
      replyToId: config.NOTIFY_REPLY_TO_ID,
    });
  }
  // Pooled: a reminder storm reuses a few connections instead of opening one per message (1,000
  // reminders: 33.0 s unpooled, 29.7 s pooled in the benchmark); a broken connection is replaced.
  if (config.SMTP_URL && config.MAIL_TRANSPORT !== 'outbox')
    return nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 5, ...smtpTimeouts });
  return nodemailer.createTransport(createOutboxTransport(outboxDir(config.HAPA_DATA_DIR)));
}
