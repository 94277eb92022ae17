/**
 * The GOV.UK Notify transport (issue 15 §1): many councils and NHS bodies may only send email through
 * Notify. Each recipient is one `POST /v2/notifications/email` with the official client, using the
 * Notify template of the message kind, the personalisation fields of `notifyPersonalisation`, and the
 * notification key as Notify's `reference`, so every message can be traced to its key on Notify's
 * dashboard. Exactly-once is kept by the sent-log as for SMTP: recipients accepted before a failure
 * are reported, so a retry sends only to the rest.
 */
import { NotifyClient } from 'notifications-node-client';
import type { NodemailerError } from 'nodemailer';
import type { MessageKind } from '../domain/notifications';
import { asError } from './as-error';
import type { DeliveryInfo, MailTransport, OutgoingMail } from './mail-transport';

/** Which Notify template each message kind uses; `default` stands for every kind not named. */
export type NotifyTemplateIds = Partial<Record<MessageKind | 'general' | 'default', string>>;

/** What the Notify transport needs, from config. */
export interface NotifyTransportOptions {
  /** The API key from Notify's "API integration" page: `{name}-{service id}-{secret}`. */
  apiKey: string;
  /** Notify's API; unset means production, `https://api.notifications.service.gov.uk`. */
  baseUrl?: string | undefined;
  templateIds: NotifyTemplateIds;
  /** A reply-to address id of the service (Notify settings), if replies should not go to the default. */
  replyToId?: string | undefined;
}

/** Notify's documented error body: `{status_code, errors: [{error, message}]}`. */
interface NotifyErrorBody {
  status_code?: number;
  errors?: { error?: string; message?: string }[];
}

const errorOf = (err: unknown): { status?: number; message: string } => {
  const response = (err as { response?: { status?: number; data?: NotifyErrorBody } }).response;
  const messages = (response?.data?.errors ?? []).map((e) => `${e.error ?? 'Error'}: ${e.message ?? ''}`);
  return { ...(response?.status ? { status: response.status } : {}), message: messages.join('; ') || asError(err).message };
};

// A 400 about the address or who may receive (trial mode, a team-only key) refuses this recipient for
// good. Any other 400 (an unknown template, a missing placeholder) is ours to fix in config or in Notify,
// so it is retried like a 403 (bad key, clock), a 429 (rate limit), a 5xx or a network failure.
const refusesRecipient = (status: number | undefined, message: string) =>
  status === 400 && /email_address|recipient|not a valid email/i.test(message);

const refusal = (recipient: string, message: string): NodemailerError =>
  Object.assign(new Error(message), { recipient, permanent: true, responseCode: 400, response: message });

/** Resolves a message kind to its Notify template id; throws naming the kind when none is configured. */
export function notifyTemplateId(templateIds: NotifyTemplateIds, kind: MessageKind | 'general'): string {
  const id = templateIds[kind] ?? templateIds.default;
  if (!id) throw new Error(`No GOV.UK Notify template is configured for ${kind} emails (NOTIFY_TEMPLATE_IDS)`);
  return id;
}

/** A transport sending each message through GOV.UK Notify, one request per recipient not yet reached. */
export function createNotifyTransport(options: NotifyTransportOptions): MailTransport {
  const client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  return {
    async sendMail(mail: OutgoingMail): Promise<DeliveryInfo> {
      if (!mail.notify) throw new Error('The Notify transport needs the message kind and personalisation of each email');
      const templateId = notifyTemplateId(options.templateIds, mail.notify.template);
      const recipients = (mail.envelope?.to ?? []) as string[];
      const accepted: string[] = [];
      const rejectedErrors: NodemailerError[] = [];
      for (const address of recipients) {
        try {
          await client.sendEmail(templateId, address, {
            personalisation: mail.notify.personalisation,
            reference: mail.notify.reference,
            ...(options.replyToId ? { emailReplyToId: options.replyToId } : {}),
          });
          accepted.push(address);
        } catch (err) {
          const { status, message } = errorOf(err);
          if (refusesRecipient(status, message)) {
            rejectedErrors.push(refusal(address, message));
            continue;
          }
          // Report who was reached: the sent-log records them, and the retry reaches only the rest.
          if (accepted.length > 0 || rejectedErrors.length > 0) break;
          throw Object.assign(new Error(`GOV.UK Notify did not take the email (${status ?? 'no answer'}): ${message}`, { cause: err }), {
            code: `NOTIFY_${status ?? 'UNREACHABLE'}`,
          });
        }
      }
      return {
        messageId: String(mail.messageId ?? ''),
        accepted,
        rejected: rejectedErrors.map((e) => e.recipient ?? ''),
        rejectedErrors,
        response: `GOV.UK Notify accepted ${accepted.length} of ${recipients.length}`,
      };
    },
    close() {},
  };
}
