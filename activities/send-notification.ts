/**
 * Sends one notification exactly once per recipient: the sent log is checked before sending and
 * written after the server has answered, and the Message-ID is derived from the key.
 */
import { activityInfo, cancellationSignal, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { NodemailerError } from 'nodemailer';
import { asError } from './as-error';
import { deadlineCalendar } from './deadline-calendar';
import type { DeliveryInfo, MailTransport } from './mail-transport';
import { messageIdFor } from './message-id';
import type { Notification, NotificationRecipient } from './notification';
import { NOTIFICATION_KEY_HEADER } from './outbox-transport';
import { notifyPersonalisation, renderNotification, templateOf } from './render-notification';
import type { RecipientRefusal, SentLog, SentState } from './sent-log';

/** Everything the email activities need, built once by the worker from config. */
export interface ActivityDeps {
  transport: MailTransport;
  sentLog: SentLog;
  /** From address of every email, e.g. `hapa <no-reply@example.org>`. */
  from: string;
  /** Link to an arrangement's page in the web app: `arrangementPageUrl(config)`. */
  arrangementUrl: (ref: string) => string;
}

/**
 * The outcome of a successful send; `alreadySent` means an earlier attempt had delivered it, `held`
 * that every recipient gets it in a digest instead (activities/digests.ts).
 */
export interface SendReceipt {
  key: string;
  messageId: string;
  status: 'sent' | 'alreadySent' | 'held';
  /** ISO instant at which the server first accepted the message (for `held`, when it was held). */
  acceptedAt: string;
}

/** Failure type for recipients the mail server refuses for good; the workflow records it and moves on. */
export const UNDELIVERABLE_RECIPIENT = 'undeliverableRecipient';

/** Failure type for a message the server refuses for good whatever the recipients (e.g. 554 at DATA). */
export const MESSAGE_REJECTED = 'messageRejected';

const normal = (email: string) => email.trim().toLowerCase();

// 5xx is a permanent negative completion (RFC 5321 §4.2.1), except 503 (bad sequence of commands),
// which says the session was in the wrong state, not that the message or recipient is bad.
const isPermanent = (e: Pick<NodemailerError, 'responseCode' | 'permanent'>) =>
  e.permanent ?? (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode !== 503);

const permanentRefusals = (errors: readonly NodemailerError[] | undefined): RecipientRefusal[] =>
  (errors ?? []).filter((e) => e.recipient && isPermanent(e)).map((e) => ({ email: e.recipient ?? '', reason: e.response ?? e.message }));

/** The recipients with an address, each address once (case and spaces aside). */
export function addressed(recipients: readonly NotificationRecipient[]): NotificationRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const email = normal(r.email ?? '');
    if (!email.includes('@') || seen.has(email)) return false;
    seen.add(email);
    return true;
  });
}

function undeliverable(n: Notification, refused: readonly RecipientRefusal[], delivered: readonly string[], cause?: Error) {
  const refusedText = refused.map((r) => `${r.email} (${r.reason})`).join('; ');
  const what = refused.length > 0 ? `cannot be delivered to ${refusedText}` : 'has no recipient with an email address';
  const rest = delivered.length > 0 ? `; delivered to ${delivered.join(', ')}` : '';
  return ApplicationFailure.create({
    type: UNDELIVERABLE_RECIPIENT,
    nonRetryable: true,
    message: `Notification ${n.key} ${what}${rest}`,
    details: [{ key: n.key, arrangementRef: n.arrangementRef, refused, delivered }],
    cause,
  });
}

/** Sends `n` to every addressed recipient the sent log has not yet settled. */
export async function sendNotification(deps: ActivityDeps, n: Notification): Promise<SendReceipt> {
  const messageId = messageIdFor(n.key);
  const attrs = { key: n.key, arrangementRef: n.arrangementRef, kind: n.kind, messageId };
  const recipients = addressed(n.recipients);
  if (recipients.length === 0) throw undeliverable(n, [], []);

  const prior = await deps.sentLog.lookup(n.key);
  const settled = new Set([...(prior?.accepted ?? []), ...(prior?.refused ?? []).map((r) => r.email)].map(normal));
  const pending = recipients.filter((r) => !settled.has(normal(r.email)));
  if (pending.length === 0) return settledOutcome(n, messageId, prior, attrs);

  const link = deps.arrangementUrl(n.arrangementRef);
  const rendered = renderNotification(n, link);
  // A deadline's email carries its calendar event (not through Notify, which sends files only as links).
  const calendar = deadlineCalendar(n, link, rendered, Date.now());
  let info: DeliveryInfo;
  try {
    info = await deps.transport.sendMail({
      from: deps.from,
      // The header names everyone; the envelope only those not reached yet, so a retry after a
      // partial delivery (some recipients deferred with 4xx) reaches only the rest.
      to: recipients.map((r) => ({ name: r.name, address: r.email })),
      envelope: { from: deps.from, to: pending.map((r) => r.email) },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(calendar ? { attachments: [calendar] } : {}),
      messageId,
      headers: { [NOTIFICATION_KEY_HEADER]: n.key },
      // A local try (PATCHES.sendLocallyFirst) is cancelled when its 5 s are up, and an abort then could cut
      // the connection after the server had the whole message and before this attempt records it: the
      // activity's attempt after it would send it again. So a local try runs to its end, holding the
      // sent-log's key, and the attempt after it finds its record.
      ...(activityInfo().isLocal ? {} : { signal: cancellationSignal() }),
      notify: { template: templateOf(n), personalisation: notifyPersonalisation(n, link, rendered), reference: n.key },
    });
  } catch (err) {
    throw await failureOf(deps, n, messageId, err, prior, attrs);
  }

  const at = new Date().toISOString();
  const refused = permanentRefusals(info.rejectedErrors);
  const accepted = info.accepted ?? [];
  // Recorded after the server accepted and before returning: a retry of this activity, even after
  // a crash right here, finds the record and sends nothing. A crash between the server's 250 and
  // this fsync cannot be closed on our side; the repeat then carries the same Message-ID.
  await deps.sentLog.record({ key: n.key, messageId, accepted, refused, at });
  // Counts, not addresses: logs are read more widely than the sent-log (issue 16 §4).
  log.info('notification sent', { ...attrs, accepted: accepted.length, refused: refused.length, response: info.response });

  const reached = new Set([...settled, ...accepted.map(normal), ...refused.map((r) => normal(r.email))]);
  const deferred = pending.filter((r) => !reached.has(normal(r.email))).map((r) => r.email);
  // Deferred recipients come first: the retry reaches them, and only once everyone is settled does
  // a refusal end the activity (then from `settledOutcome`).
  if (deferred.length > 0) throw new Error(`Notification ${n.key} was deferred for ${deferred.join(', ')}; retrying for them only`);
  const everRefused = [...(prior?.refused ?? []), ...refused];
  if (everRefused.length > 0) throw undeliverable(n, everRefused, [...(prior?.accepted ?? []), ...accepted]);
  return { key: n.key, messageId, status: 'sent', acceptedAt: prior?.firstAcceptedAt ?? at };
}

function settledOutcome(n: Notification, messageId: string, prior: SentState | undefined, attrs: object): SendReceipt {
  // The same outcome as the attempt that settled it: a refusal stays a refusal.
  if (prior && prior.refused.length > 0) throw undeliverable(n, prior.refused, prior.accepted);
  const acceptedAt = prior?.firstAcceptedAt ?? new Date().toISOString();
  log.info('notification already sent; not sending again', { ...attrs, acceptedAt });
  return { key: n.key, messageId, status: 'alreadySent', acceptedAt };
}

async function failureOf(
  deps: ActivityDeps,
  n: Notification,
  messageId: string,
  err: unknown,
  prior: SentState | undefined,
  attrs: object,
): Promise<Error> {
  const e = (err ?? {}) as NodemailerError;
  const cause = asError(err);
  const refused = permanentRefusals(e.rejectedErrors);
  if (refused.length > 0) {
    await deps.sentLog.record({ key: n.key, messageId, accepted: [], refused, at: new Date().toISOString() });
  }
  // Every recipient refused, and none of them only for now: retrying cannot help.
  const allRefused = e.code === 'EENVELOPE' && e.command === 'RCPT TO' && e.rejected !== undefined && refused.length === e.rejected.length;
  if (allRefused) {
    log.warn('notification refused for every recipient', { ...attrs, refused: refused.length });
    return undeliverable(n, [...(prior?.refused ?? []), ...refused], prior?.accepted ?? [], cause);
  }
  // The content itself refused for good (e.g. 554 after DATA): the same bytes will be refused again.
  if (e.command === 'DATA' && isPermanent(e)) {
    log.warn('notification rejected by the mail server', { ...attrs, response: e.response });
    return ApplicationFailure.create({
      type: MESSAGE_REJECTED,
      nonRetryable: true,
      message: `Notification ${n.key} was rejected by the mail server: ${e.response ?? 'no reply text'}`,
      cause,
    });
  }
  // Connection refused, timeouts, 4xx, a refused sender or bad credentials (an operator can fix
  // those and restart the worker): a plain Error, so Temporal retries with backoff for days.
  log.warn('notification not sent; will retry', { ...attrs, code: e.code, responseCode: e.responseCode, error: cause.message });
  return new Error(`Notification ${n.key} could not be handed to the mail server (${e.code ?? 'unknown error'})`, { cause });
}
