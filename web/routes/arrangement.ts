/**
 * The arrangement page (`/arrangements/{ref}`, the link in every email) and its action forms. The page
 * reads the arrangement as the API does (`readStateOrClosure`: the same scope rules), asks the domain
 * what it waits for and which actions this person may take now, and posts each action through the
 * API's own `executeAction` (the workflow's Update). A refusal comes back as a GOV.UK error summary
 * with the rule and its citation; nothing is decided here.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type nunjucks from 'nunjucks';
import {
  actionsOpenTo,
  catalogueFunction,
  commandSchemas,
  COMMAND_TYPES,
  daysOf,
  reminderKey,
  reminderStepsFor,
  termsVersions,
  whyWaiting,
  type Actor,
  type ArrangementState,
  type CommandType,
} from '../../domain';
import { ApiError } from '../../api/errors';
import { executeAction } from '../../api/routes/actions';
import { readStateOrClosure } from '../../api/register-reads';
import { refusalOfUpdateFailure } from '../../api/temporal-errors';
import { actionFields, commandOfForm, type ActionField } from '../action-forms';
import type { WebDeps } from '../deps';
import { ACTION_WORDS, citationInWords, longDate, plainText, pounds, STATUS_WORDS, words } from '../format';
import { renderPage } from '../render';
import { stagesOf } from '../stages';

const pageOf = (ref: string): string => `/arrangements/${encodeURIComponent(ref)}`;

/** The terms in force as summary-list rows. */
function termsRows(state: ArrangementState) {
  const t = state.terms;
  const name = (id: string) => t.partners.find((p) => p.id === id)?.name ?? id;
  const rows: [string, string][] = [
    ['Reference', state.ref],
    ['Partners', t.partners.map((p) => `${p.name} (${words(p.kind).toLowerCase()})`).join('\n')],
    ['Type', t.types.map((ty) => words(ty)).join(', ')],
    ['Functions', t.functionIds.map((id) => catalogueFunction(id)?.label ?? id).join('\n')],
    ['Client groups', t.clientGroups.join('\n')],
    ['Kinds of service', t.serviceKinds.join('\n')],
    ['Aims', t.aims.join('\n')],
  ];
  if (t.pooledFund) {
    rows.push(['Host of the pooled fund', name(t.pooledFund.hostPartnerId)]);
    rows.push([
      'Contributions',
      t.pooledFund.contributions
        .map((c) => `${name(c.partnerId)}: ${pounds(c.amountPence)} (${c.kind}, financial year from April ${c.financialYear})`)
        .join('\n'),
    ]);
  }
  for (const d of t.delegations)
    rows.push([
      'Delegation',
      `${name(d.delegatorId)} to ${name(d.delegateId)} (${d.mode === 'commissioning' ? 'lead commissioning' : 'integrated provision'})`,
    ]);
  rows.push(
    ['Starts', longDate(t.startDate)],
    ['Ends', longDate(t.endDate)],
    ['Review', longDate(t.reviewDate)],
    ['Notice to end it', `${t.terminationNoticeDays} days`],
    [
      'Regional Office',
      `${words(t.regionalOffice.region).replace(/\b\w/g, (c) => c.toUpperCase())}: ${t.regionalOfficeGate === 'approve' ? 'approves the arrangement' : 'acknowledges the notification'}`,
    ],
  );
  return rows.map(([key, value]) => ({ key: { text: key }, value: { html: escapeLines(value) } }));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const escapeLines = (s: string) => s.split('\n').map(escapeHtml).join('<br>');

/** Obligations with their due dates and the reminders sent for each, open ones first. */
function obligationRows(state: ArrangementState) {
  const sent = new Set(state.sentNotificationKeys);
  const days = daysOf(state);
  return [...state.obligations]
    .sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || a.dueAt - b.dueAt)
    .map((o) => {
      const reminders = reminderStepsFor(o, state.policy, days).filter((s) => sent.has(reminderKey(state.ref, o.id, s.step)));
      return [
        { text: plainText(o.title) },
        { text: longDate(o.dueDate) },
        { text: o.status === 'open' ? 'To do' : o.status === 'done' ? 'Done' : 'No longer needed' },
        { text: reminders.length === 0 ? 'None' : reminders.map((r) => longDate(r.at)).join(', ') },
      ];
    });
}

/** Each version of the terms with what changed from the one before. */
function versionsOf(state: ArrangementState) {
  return termsVersions(state).map((v) => ({
    n: v.n,
    effectiveDate: longDate(v.effectiveDate),
    changes: v.changes.map((c) => ({ field: words(c.path), old: describeValue(c.old), new: describeValue(c.new) })),
  }));
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDate(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The audit trail, newest first, in words. */
function auditRows(state: ArrangementState) {
  return [...state.audit].reverse().map((e) => [
    { text: longDate(e.at) },
    { text: COMMAND_TYPES.includes(e.action as CommandType) ? ACTION_WORDS[e.action as CommandType] : words(e.action) },
    {
      text:
        e.role === 'system'
          ? 'hapa'
          : `${e.actorId}${e.organisationId ? ` (${state.terms.partners.find((p) => p.id === e.organisationId)?.name ?? e.organisationId})` : ''}`,
    },
    { text: plainText(e.reason) },
  ]);
}

/** The arrangement page and its actions. */
export function arrangementPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();

  router.get('/arrangements/:ref', async (req, res) => {
    const actor = req.session.user as Actor;
    const ref = String(req.params.ref);
    const state = await readStateOrClosure(deps.api, actor, ref);
    const now = (deps.now ?? Date.now)();
    const waiting = whyWaiting(state, now);
    const actions = actionsOpenTo(state, actor, now).flatMap(
      (type): { type: CommandType; label: string; fields: ActionField[]; key: string; href?: string }[] => {
        const fields = actionFields(type, state, actor, waiting);
        if (type === 'proposeVariation')
          return [{ type, label: ACTION_WORDS[type], fields: [], key: '', href: `${pageOf(ref)}/variation` }];
        return fields ? [{ type, label: ACTION_WORDS[type], fields, key: randomUUID() }] : [];
      },
    );
    renderPage(views, res, 'arrangement.njk', {
      title: `Arrangement ${state.ref}`,
      state,
      status: STATUS_WORDS[state.status],
      waiting: { ...waiting, blockingCondition: plainText(waiting.blockingCondition), rule: citationInWords(waiting.rule) },
      whoMustAct: waiting.whoMustAct.map((w) => plainText(w)),
      nextDeadline: waiting.nextDeadline
        ? { title: plainText(waiting.nextDeadline.title), dueDate: longDate(waiting.nextDeadline.dueDate) }
        : undefined,
      checklist: waiting.checklist,
      terms: termsRows(state),
      stages: stagesOf(state),
      obligations: obligationRows(state),
      versions: versionsOf(state),
      audit: auditRows(state),
      actions,
      actionsPath: pageOf(ref),
    });
  });

  router.post('/arrangements/:ref/actions/:type', async (req, res) => {
    const actor = req.session.user as Actor;
    const ref = String(req.params.ref);
    const type = String(req.params.type) as CommandType;
    if (!COMMAND_TYPES.includes(type)) throw new ApiError('notFound', 'No such action.');
    const body = req.body as Record<string, unknown>;
    const parsed = commandSchemas[type].safeParse(commandOfForm(type, body));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        text: `${ACTION_WORDS[type]}: ${fieldMessage(String(i.path[0] ?? ''), i.message)}`,
        href: `#${type}-${fieldId(String(i.path[0] ?? ''))}`,
      }));
      return flashAndReturn(req, res, ref, { errors, answers: { [type]: body } });
    }
    try {
      const key = typeof body._key === 'string' && /^[0-9a-f-]{36}$/.test(body._key) ? body._key : undefined;
      await executeAction(deps.api, actor, ref, parsed.data, key);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500 || err.code === 'notFound') throw err;
      // A 403 carries no citation in the API's body; the page still names the rule that refused.
      const citation = err.extras.citation ?? refusalOfUpdateFailure(err.cause)?.citation;
      return flashAndReturn(req, res, ref, {
        errors: [{ text: plainText(err.message), href: `#action-${type}` }],
        ...(citation ? { rule: citationInWords(citation) } : {}),
        answers: { [type]: body },
      });
    }
    flashAndReturn(req, res, ref, { success: `Done: ${ACTION_WORDS[type].toLowerCase()}.` });
  });

  return router;
}

/** The input a command field is asked for in (consents and checklist items are chosen, not typed). */
const fieldId = (field: string): string => (field === 'trustId' || field === 'healthAuthorityId' ? 'consent' : field);

function fieldMessage(field: string, message: string): string {
  const missing = /received undefined|Required|expected (string|number|array)/i.test(message);
  if (field === 'items') return 'choose at least one particular';
  if (missing) return `answer “${words(fieldId(field)).toLowerCase()}”`;
  return `${words(fieldId(field)).toLowerCase()}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

function flashAndReturn(req: Request, res: Response, ref: string, flash: NonNullable<Request['session']['flash']>): void {
  req.session.flash = flash;
  req.session.save(() => res.redirect(303, `${pageOf(ref)}${flash.errors ? '' : '#status'}`));
}
