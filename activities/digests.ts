/**
 * Digests instead of floods (issue 15 §2): which notifications wait for a digest rather than going
 * out at once, and the digest itself, one email per person per period, sent exactly once across
 * retries, restarts and workers through the PostgreSQL sent-log (key `digest:{person}:{period}`).
 *
 * Who gets what at once and what waits is the domain's `deliveryOf` (domain/digest-delivery.ts).
 */
import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { BURST_WINDOW_MS, deliveryOf, englandDateOf, type DigestSettings } from '../domain';
import type { Db } from '../store/database';
import {
  chooseDeliveries,
  claimDigestItems,
  peopleWaiting,
  type DeliveryChooser,
  type DigestCadence,
  type DigestItem,
} from '../store/digests';
import type { MailTransport } from './mail-transport';
import { messageIdFor } from './message-id';
import type { Notification, NotificationRecipient } from './notification';
import { NOTIFICATION_KEY_HEADER } from './outbox-transport';
import { asEmail, humanDate, plainWords, renderTemplateText, renderText, templateOf } from './render-notification';
import type { SentLog } from './sent-log';

export type { DigestCadence } from '../store/digests';
export type { Delivery } from '../domain';

/** What the digest code needs: the store, the settings, and the email deps shared with single messages. */
export interface DigestDeps extends DigestSettings {
  db: Db;
  transport: MailTransport;
  sentLog: SentLog;
  from: string;
  arrangementUrl: (ref: string) => string;
}

const DEADLINE_MESSAGES: readonly string[] = ['reminder', 'dueToday', 'overdue'];

/** How a notification is listed in a digest: a deadline by its title (the digest says the date), anything else by its subject. */
function listedAs(n: Notification, arrangementUrl: string): string {
  const title = n.facts?.['title'];
  if (DEADLINE_MESSAGES.includes(templateOf(n)) && typeof title === 'string') return `${plainWords(title)} (${n.arrangementRef})`;
  return renderText(n, arrangementUrl).subject;
}

/**
 * Decides, once per person, whether `n` goes out now or waits for a digest (recording the waiting
 * ones), and returns the recipients to send it to now. Idempotent: a retried attempt gets the same answer.
 */
export async function recipientsToSendNow(
  deps: DigestDeps,
  n: Notification,
  recipients: readonly NotificationRecipient[],
): Promise<NotificationRecipient[]> {
  if (recipients.length === 0) return [];
  const items = digestItemsOf(n, recipients, deps.arrangementUrl);
  const roleOf = new Map(items.map((item, i) => [item, recipients[i]?.role ?? 'responsible']));
  const choose: DeliveryChooser = (item, { preference, recentCount }) =>
    deliveryOf(deps, n, roleOf.get(item) ?? '', preference, recentCount);
  const deliveries = await chooseDeliveries(deps.db, items, BURST_WINDOW_MS, choose);
  const held = deliveries.filter((d) => d !== 'immediate').length;
  // Counts, not addresses: logs are read more widely than the store.
  if (held > 0) log.info('notification held for digests', { key: n.key, held, now: deliveries.length - held });
  return recipients.filter((_r, i) => deliveries[i] === 'immediate');
}

/** `n` as each of `recipients`' digests lists it. */
export function digestItemsOf(
  n: Notification,
  recipients: readonly NotificationRecipient[],
  arrangementUrl: (ref: string) => string,
): DigestItem[] {
  const subject = listedAs(n, arrangementUrl(n.arrangementRef));
  return recipients.map((r) => ({
    email: r.email,
    name: r.name,
    notificationKey: n.key,
    arrangementRef: n.arrangementRef,
    messageKind: templateOf(n),
    subject,
    ...(n.dueDate ? { dueDate: n.dueDate } : {}),
    ...(n.obligationId ? { obligationId: n.obligationId } : {}),
  }));
}

/** A short, stable name for a person in keys and logs, so neither carries their address. */
export const personId = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);

/** The period a digest run covers, named by its cadence and England's day of the run: `daily-2040-05-07`. */
export const periodOf = (cadence: DigestCadence, at: number): string => `${cadence}-${englandDateOf(at)}`;

/** The sent-log key of one person's digest for one period. */
export const digestKey = (email: string, period: string): string => `digest:${personId(email)}:${period}`;

/** The period as people read it: "Monday 7 May 2040", or "the week to Monday 7 May 2040". */
function periodLabel(period: string): string {
  const [cadence, ...day] = period.split('-');
  const date = humanDate(day.join('-'));
  return cadence === 'weekly' ? `the week to ${date}` : date;
}

/**
 * One line per duty: a reminder followed by its escalations while the digest waited is one thing to
 * do, shown as the latest message about it (an overdue after a reminder), where the first stood.
 */
function latestPerDuty(items: readonly DigestItem[]): DigestItem[] {
  const duty = (item: DigestItem) => (item.obligationId ? `${item.arrangementRef}\n${item.obligationId}` : undefined);
  const latest = new Map<string, DigestItem>();
  for (const item of items) {
    const d = duty(item);
    if (d) latest.set(d, item);
  }
  const shown = new Set<string>();
  return items.flatMap((item) => {
    const d = duty(item);
    if (!d) return [item];
    if (shown.has(d)) return [];
    shown.add(d);
    return [latest.get(d) ?? item];
  });
}

/** Renders one person's digest from `templates/email/digest.njk`: overdue first, then due, then news, each soonest first. */
export function renderDigest(name: string, period: string, held: readonly DigestItem[], arrangementUrl: (ref: string) => string) {
  const items = latestPerDuty(held);
  const listed = (item: DigestItem) => ({
    subject: item.subject,
    dueDate: item.dueDate,
    ref: item.arrangementRef,
    link: arrangementUrl(item.arrangementRef),
  });
  const of = (kinds: string[], included: boolean) => items.filter((i) => kinds.includes(i.messageKind) === included).map(listed);
  return asEmail(
    renderTemplateText('digest', {
      name,
      periodLabel: periodLabel(period),
      overdue: of(['overdue'], true),
      due: of(['reminder', 'dueToday'], true),
      news: of(['overdue', 'reminder', 'dueToday'], false),
      count: items.length,
      arrangementCount: new Set(items.map((i) => i.arrangementRef)).size,
    }),
  );
}

/** What one digest run did: people sent a digest now, already sent one for the period, or with nothing left to list. */
export interface DigestRunReport {
  period: string;
  sent: number;
  alreadySent: number;
  empty: number;
}

/**
 * Sends every waiting person their digest for the period of `cadence` at instant `at` (ms): the
 * daily run takes what waits for a daily digest, the weekly run everything still waiting. Each
 * person's digest is claimed under its sent-log key, so a second run, a retry or another worker
 * for the same period sends nothing again. A failure for one person is thrown after the others
 * have been tried, so the activity's retry reaches only those not yet sent.
 */
export async function sendDigests(deps: DigestDeps, cadence: DigestCadence, at: number): Promise<DigestRunReport> {
  const period = periodOf(cadence, at);
  const report: DigestRunReport = { period, sent: 0, alreadySent: 0, empty: 0 };
  const failures: Error[] = [];
  for (const email of await peopleWaiting(deps.db, cadence)) {
    const key = digestKey(email, period);
    try {
      report[await deps.sentLog.exclusively(key, (sentLog) => sendOneDigest({ ...deps, sentLog }, email, cadence, period))] += 1;
    } catch (err) {
      log.warn('digest not sent; will retry', { key, error: (err as Error).message });
      failures.push(err as Error);
    }
  }
  log.info('digests sent', { ...report, failed: failures.length });
  if (failures.length > 0)
    throw new Error(`${failures.length} digests of ${period} could not be sent; retrying for them`, { cause: failures[0] });
  return report;
}

// A Notify template written with any of the fields every message gets must find them all (else Notify answers 400).
const NOTIFY_FIELDS = { arrangement_ref: '', arrangement_partners: '', due_date: '', link: '', legal_basis: '', reasons: '' };

async function sendOneDigest(
  deps: DigestDeps,
  email: string,
  cadence: DigestCadence,
  period: string,
): Promise<'sent' | 'alreadySent' | 'empty'> {
  const key = digestKey(email, period);
  const prior = await deps.sentLog.lookup(key);
  if (prior && (prior.accepted.length > 0 || prior.refused.length > 0)) return 'alreadySent';
  const items = await claimDigestItems(deps.db, email, cadence, key);
  if (items.length === 0) return 'empty';
  const name = items[0]?.name ?? '';
  const rendered = renderDigest(name, period, items, deps.arrangementUrl);
  const messageId = messageIdFor(key);
  const info = await deps.transport.sendMail({
    from: deps.from,
    to: [{ name, address: email }],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId,
    headers: { [NOTIFICATION_KEY_HEADER]: key },
    // Notify's `general` template (README): the same fields as every message kind, only subject and body filled.
    notify: {
      template: 'general',
      personalisation: { ...NOTIFY_FIELDS, subject: rendered.subject, body: rendered.text.trim() },
      reference: key,
    },
  });
  const refused = (info.rejectedErrors ?? []).map((e) => ({ email: e.recipient ?? email, reason: e.response ?? e.message }));
  await deps.sentLog.record({ key, messageId, accepted: info.accepted ?? [], refused, at: new Date().toISOString() });
  return 'sent';
}

/** Creates the digest activities the digest workflow calls. */
export function createDigestActivities(deps: DigestDeps) {
  return {
    /** Sends each waiting person their digest of `cadence` for the period of instant `at` (ms), once per person and period. */
    async sendDigests(input: { cadence: DigestCadence; at: number }): Promise<DigestRunReport> {
      return sendDigests(deps, input.cadence, input.at);
    },
  };
}

/** The digest activity functions, as the digest workflow proxies them. */
export type DigestActivities = ReturnType<typeof createDigestActivities>;
