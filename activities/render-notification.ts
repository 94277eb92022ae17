import type { Notification, NotificationKind, NotificationRecipient, RecipientRole } from './notification';

/** A notification rendered as an email body, in plain text and HTML with the same content. */
export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

const headings: Record<NotificationKind, string> = {
  reminder: 'Reminder: something is due soon',
  dueToday: 'Due today',
  overdue: 'Overdue',
  consultationInvitation: 'You are invited to comment',
  notificationSubmitted: 'The arrangement has been notified to the Regional Office',
  roDecision: 'Decision of the Regional Office',
  informationRequest: 'The Regional Office asks for more information',
  variation: 'Variation of the arrangement',
  notice: 'Notice about the arrangement',
  withdrawal: 'Withdrawal from the arrangement',
  statusChange: 'The arrangement has changed status',
};

// What each recipient is called in the "Sent to" line; one person per line, so singular.
const roleLabels: Record<RecipientRole, string> = {
  responsible: 'responsible officer',
  lineOfficer: 'line officer',
  chiefOfficers: 'chief officer',
  regionalOffice: 'Regional Office',
  partnerContacts: 'partner contact officer',
  consultees: 'consultee',
};

// Workflow histories outlive code: a kind or role from an older or newer version still renders.
const headingOf = (kind: string) =>
  Object.hasOwn(headings, kind) ? headings[kind as NotificationKind] : 'Notification about the arrangement';
const roleOf = (role: string) =>
  Object.hasOwn(roleLabels, role) ? roleLabels[role as RecipientRole] : role.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** Turns 'YYYY-MM-DD' into "Tuesday 30 June 2026"; anything else is shown as given. */
export function humanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  // A due date is a calendar day, not an instant: format it in UTC so no time zone can shift it.
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(day.getTime())) return isoDate;
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(day);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const recipientLine = (r: NotificationRecipient) => `${r.name} (${roleOf(r.role)})`;

interface Fact {
  label: string;
  value: string;
}

function factsOf(n: Notification): Fact[] {
  const facts: Fact[] = [{ label: 'Arrangement', value: n.arrangementRef }];
  if (n.dueDate) facts.push({ label: 'Due by', value: humanDate(n.dueDate) });
  // Ladder steps are stable names such as E2; only an escalation makes them worth showing.
  if (n.kind === 'overdue' && n.ladderStep) facts.push({ label: 'Escalation step', value: n.ladderStep });
  if (n.citation) facts.push({ label: 'Legal basis', value: n.citation });
  return facts;
}

const htmlParagraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/** Renders a notification: what is due, by when, for which arrangement, what to do, and the link. */
export function renderNotification(n: Notification, arrangementUrl: string): RenderedNotification {
  const heading = headingOf(n.kind);
  const facts = factsOf(n);
  const sentTo = n.recipients.map(recipientLine).join(', ');

  const text = [
    heading,
    '',
    ...facts.map((f) => `${f.label}: ${f.value}`),
    '',
    n.summary.trim(),
    ...(n.reasons ? ['', 'Reasons:', n.reasons.trim()] : []),
    '',
    `Open the arrangement: ${arrangementUrl}`,
    '',
    `Sent to: ${sentTo}`,
    `You receive this because you are a named contact on arrangement ${n.arrangementRef}.`,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${escapeHtml(n.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<h1 style="font-size: 24px;">${escapeHtml(heading)}</h1>
<table role="presentation">
${facts.map((f) => `<tr><th scope="row" style="text-align: left; padding-right: 1em;">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('\n')}
</table>
${htmlParagraphs(n.summary)}
${n.reasons ? `<h2 style="font-size: 19px;">Reasons</h2>\n${htmlParagraphs(n.reasons)}` : ''}
<p><a href="${escapeHtml(arrangementUrl)}">Open arrangement ${escapeHtml(n.arrangementRef)}</a></p>
<p style="color: #505a5f;">Sent to: ${escapeHtml(sentTo)}.<br>You receive this because you are a named contact on arrangement ${escapeHtml(n.arrangementRef)}.</p>
</body>
</html>
`;

  // Header injection is handled by nodemailer; collapsing whitespace keeps a multi-line subject readable.
  return { subject: n.subject.replace(/\s+/g, ' ').trim(), text, html };
}
