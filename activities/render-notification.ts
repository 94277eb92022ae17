/**
 * Renders a notification as an email from the templates in `templates/email/` (one Nunjucks file per
 * message kind, edited by people; conventions in templates/email/README.md). Each template writes the
 * plain text; the HTML is made from that same text, so the two never say different things.
 */
import path from 'node:path';
import nunjucks from 'nunjucks';
import { citationForPeople } from '../domain/citation-names';
import { humanDate, plainWords } from '../domain/plain-words';
import { MESSAGE_KINDS, type MessageKind } from '../domain/notifications';
import type { Notification, NotificationKind, RecipientRole } from './notification';

/** A notification rendered as an email body, in plain text and HTML with the same content. */
export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

/** The folder of the email templates, one `<message kind>.njk` each. */
export const EMAIL_TEMPLATES_DIR = path.join(__dirname, '..', 'templates', 'email');

// The heading of a notification built before message kinds existed (issue 15): it renders from its summary.
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

// Dates and quarter labels in words: the domain's, shared with the calendar feeds (api/calendar-feed.ts).
export { humanDate, plainWords };

/** Joins names as people write them: "A", "A and B", "A, B and C". */
export function listOf(items: unknown): string {
  const list = (Array.isArray(items) ? items : [items]).map(String).filter((s) => s.trim() !== '');
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template value as text: strings, numbers and booleans as written; anything else (undefined) as nothing. */
const textOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

// Autoescape off: templates write plain text, and every character of it is escaped when the HTML is made.
const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(EMAIL_TEMPLATES_DIR), {
  autoescape: false,
  trimBlocks: true,
  lstripBlocks: true,
});
environment.addFilter('longDate', (value: unknown) => humanDate(textOf(value)));
environment.addFilter('list', listOf);
environment.addFilter('plain', (value: unknown) => plainWords(textOf(value)));
// Nunjucks' own `capitalize` lowers the rest ("Regional Office" → "regional office"); this only raises the first letter.
environment.addFilter('sentence', (value: unknown) => textOf(value).replace(/^\s*\S/, (c) => c.toUpperCase()));

/** The template a notification renders with: its message kind, or `general.njk` for one from before them. */
export function templateOf(n: Notification): MessageKind | 'general' {
  return n.message !== undefined && (MESSAGE_KINDS as readonly string[]).includes(n.message) ? n.message : 'general';
}

/** What the templates see; the names are documented in templates/email/README.md. */
export function templateContext(n: Notification, arrangementUrl: string) {
  const escalatedTo = [...new Set(n.recipients.filter((r) => r.role !== 'responsible').map((r) => roleOf(r.role)))];
  return {
    ref: n.arrangementRef,
    partners: n.partnerNames ?? [],
    link: arrangementUrl,
    dueDate: n.dueDate,
    obligationKind: n.obligationKind,
    facts: n.facts ?? {},
    reasons: n.reasons?.trim(),
    legalBasis: n.citation ? citationForPeople(n.citation) : '',
    sentTo: n.recipients.map((r) => `${r.name} (${roleOf(r.role)})`).join(', '),
    escalatedTo: n.kind === 'overdue' ? escalatedTo : [],
    // Only for notifications from before the templates: their own words and heading.
    subject: n.subject,
    summary: n.summary.trim(),
    heading: headingOf(n.kind),
  };
}

/** Renders the plain text of a notification: its subject line and body, from its template. */
export function renderText(n: Notification, arrangementUrl: string): { subject: string; text: string } {
  return renderTemplateText(templateOf(n), templateContext(n, arrangementUrl));
}

/** Renders `templates/email/<template>.njk` with `context` as a subject line and a plain-text body. */
export function renderTemplateText(template: string, context: object): { subject: string; text: string } {
  const rendered = environment.render(`${template}.njk`, context);
  // The subject is the first paragraph (a title with a line break in it stays in the subject).
  const [subjectLines = '', ...rest] = rendered
    .replace(/[ \t]+$/gm, '')
    .trim()
    .split(/\n\s*\n/);
  // Header injection is handled by nodemailer; collapsing whitespace keeps the subject on one line.
  const subject = subjectLines
    .replace(/^Subject:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const body = rest
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n\n');
  return { subject, text: `${body}\n` };
}

const linkify = (escaped: string) => escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
const inline = (line: string) => linkify(escapeHtml(line));

/** One paragraph of the templates' text as HTML: '# ' and '## ' headings, '- ' lists, lines kept. */
function htmlBlock(paragraph: string): string {
  const lines = paragraph.split('\n');
  if (paragraph.startsWith('# ')) return `<h1 style="font-size: 24px;">${inline(paragraph.slice(2))}</h1>`;
  if (paragraph.startsWith('## ')) return `<h2 style="font-size: 19px;">${inline(paragraph.slice(3))}</h2>`;
  if (lines.every((l) => l.startsWith('- '))) return `<ul>\n${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('\n')}\n</ul>`;
  return `<p>${lines.map(inline).join('<br>')}</p>`;
}

/** The plain text people read: headings without their marks. */
const readable = (text: string) => text.replace(/^#{1,2} /gm, '');

/** Renders a notification: what is due, by when, for which arrangement, what to do, and the link. */
export function renderNotification(n: Notification, arrangementUrl: string): RenderedNotification {
  return asEmail(renderText(n, arrangementUrl));
}

/** A rendered subject and text as an email: the text with its heading marks removed, and the same content as HTML. */
export function asEmail({ subject, text }: { subject: string; text: string }): RenderedNotification {
  const html = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
${text
  .trim()
  .split(/\n\s*\n/)
  .map(htmlBlock)
  .join('\n')}
</body>
</html>
`;
  return { subject, text: readable(text), html };
}

/**
 * The personalisation sent to GOV.UK Notify with every message kind (README: "Sending through GOV.UK
 * Notify"): the rendered subject and body, and the facts on their own for templates written in Notify.
 */
export function notifyPersonalisation(n: Notification, arrangementUrl: string, rendered: RenderedNotification): Record<string, string> {
  return {
    subject: rendered.subject,
    body: rendered.text.trim(),
    arrangement_ref: n.arrangementRef,
    arrangement_partners: listOf(n.partnerNames ?? []),
    due_date: n.dueDate ? humanDate(n.dueDate) : '',
    link: arrangementUrl,
    legal_basis: n.citation ? citationForPeople(n.citation) : '',
    reasons: n.reasons?.trim() ?? '',
  };
}
