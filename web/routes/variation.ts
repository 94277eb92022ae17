/**
 * Propose a variation: edit the terms that commonly change (aims, client groups, kinds of service,
 * end and review dates, notice, pooled fund contributions), see the difference from the terms in force,
 * then send it. The changes go as a JSON Merge Patch through the API's own `executeAction`
 * (`proposeVariation`, the workflow's Update); whether it may be proposed, and what it needs (a
 * consultation, consents, the Regional Office), is the domain's to say.
 */
import { Router, type Request, type Response } from 'express';
import type nunjucks from 'nunjucks';
import { ApiError } from '../../api/errors';
import { readStateOrClosure } from '../../api/register-reads';
import { executeAction } from '../../api/routes/actions';
import { refusalOfUpdateFailure } from '../../api/temporal-errors';
import { actionsOpenTo, diffTerms, variationTermsOf, type Actor, type ArrangementState, type ArrangementTerms } from '../../domain';
import type { ActionField } from '../action-forms';
import { dateAnswers, dateOf, lines, penceOf, text, type Answers } from '../answers';
import type { WebDeps } from '../deps';
import { citationInWords, longDate, plainText, words } from '../format';
import { renderPage } from '../render';

const pathOf = (ref: string) => `/arrangements/${encodeURIComponent(ref)}/variation`;
const contributionField = (i: number) => `contribution-${i}`;

/** The questions of the variation form, for the terms in force. */
function fieldsOf(terms: ArrangementTerms): ActionField[] {
  const name = (id: string) => terms.partners.find((p) => p.id === id)?.name ?? id;
  return [
    { name: 'aims', label: 'Aims and outcomes', kind: 'textarea', hint: 'One on each line' },
    { name: 'clientGroups', label: 'Client groups', kind: 'textarea', hint: 'One group on each line' },
    { name: 'serviceKinds', label: 'Kinds of service', kind: 'textarea', hint: 'One on each line' },
    ...(terms.pooledFund?.contributions ?? []).map((c, i): ActionField => ({
      name: contributionField(i),
      label: `${name(c.partnerId)}: contribution for the financial year from April ${c.financialYear}, in pounds`,
      kind: 'number',
    })),
    { name: 'endDate', label: 'End date', kind: 'date' },
    { name: 'reviewDate', label: 'Review date', kind: 'date' },
    { name: 'terminationNoticeDays', label: 'Days of notice a partner must give to end it', kind: 'number' },
    { name: 'reason', label: 'Why vary the arrangement? (optional)', kind: 'textarea' },
  ];
}

/** The form's answers for the terms in force. */
function answersOf(terms: ArrangementTerms): Answers {
  return {
    aims: terms.aims.join('\n'),
    clientGroups: terms.clientGroups.join('\n'),
    serviceKinds: terms.serviceKinds.join('\n'),
    ...Object.fromEntries((terms.pooledFund?.contributions ?? []).map((c, i) => [contributionField(i), String(c.amountPence / 100)])),
    ...dateAnswers('endDate', terms.endDate),
    ...dateAnswers('reviewDate', terms.reviewDate),
    terminationNoticeDays: String(terms.terminationNoticeDays),
  };
}

/** The merge patch of the fields the answers change (nothing for a field left as it was). */
export function patchOf(terms: ArrangementTerms, a: Answers): Partial<Record<keyof ArrangementTerms, unknown>> {
  const edited: Partial<ArrangementTerms> = {
    aims: lines(a.aims),
    clientGroups: lines(a.clientGroups),
    serviceKinds: lines(a.serviceKinds),
    endDate: dateOf(a, 'endDate'),
    reviewDate: dateOf(a, 'reviewDate'),
    terminationNoticeDays: Number(text(a.terminationNoticeDays)),
  };
  const patch: Partial<Record<keyof ArrangementTerms, unknown>> = {};
  for (const [field, value] of Object.entries(edited) as [keyof ArrangementTerms, unknown][]) {
    if (JSON.stringify(value) !== JSON.stringify(terms[field])) patch[field] = value;
  }
  if (terms.pooledFund) {
    const contributions = terms.pooledFund.contributions.map((c, i) => ({ ...c, amountPence: penceOf(a[contributionField(i)]) }));
    // A merge patch replaces an array whole: the contributions are sent in full when one changes.
    if (JSON.stringify(contributions) !== JSON.stringify(terms.pooledFund.contributions)) patch.pooledFund = { contributions };
  }
  return patch;
}

function describe(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDate(value) : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** The variation pages. */
export function variationPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();

  /** The arrangement, if this person may propose a variation of it now (the domain's answer); else throws 404/403. */
  async function openFor(req: Request): Promise<{ state: ArrangementState; actor: Actor }> {
    const actor = req.session.user as Actor;
    const state = await readStateOrClosure(deps.api, actor, String(req.params.ref));
    if (!actionsOpenTo(state, actor, (deps.now ?? Date.now)()).includes('proposeVariation')) {
      throw new ApiError('forbidden', 'A variation cannot be proposed on this arrangement now.');
    }
    return { state, actor };
  }

  router.get('/arrangements/:ref/variation', async (req, res) => {
    const { state } = await openFor(req);
    const saved = req.session.variation?.ref === state.ref ? req.session.variation.answers : undefined;
    const answers = { ...answersOf(state.terms), ...saved, ...((res.locals.answers as Answers | undefined) ?? {}) };
    const errors = (res.locals.errors as { text: string; href?: string }[] | undefined) ?? [];
    renderPage(views, res, 'variation.njk', {
      title: 'Propose a variation',
      ref: state.ref,
      fields: fieldsOf(state.terms),
      answers,
      errorsByField: Object.fromEntries(errors.map((e) => [e.href?.split('#')[1] ?? '', e.text])),
    });
  });

  router.post('/arrangements/:ref/variation', async (req, res) => {
    const { state } = await openFor(req);
    const answers = Object.fromEntries(Object.entries(req.body as Answers).filter(([k]) => !k.startsWith('_')));
    const patch = patchOf(state.terms, answers);
    const back = (text: string, href: string) => {
      req.session.flash = { errors: [{ text, href }], answers };
      req.session.save(() => res.redirect(303, pathOf(state.ref)));
    };
    if (Object.keys(patch).length === 0) return back('Change at least one of the terms', '#variation-aims');
    const proposed = variationTermsOf(state.terms, { patch });
    if (!proposed.ok) return back(plainText(proposed.refusal.message), `#variation-${String(proposed.refusal.path?.[1] ?? 'aims')}`);
    req.session.variation = { ref: state.ref, answers, patch, reason: text(answers.reason) };
    req.session.save(() => res.redirect(303, `${pathOf(state.ref)}/check`));
  });

  router.get('/arrangements/:ref/variation/check', async (req, res) => {
    const { state } = await openFor(req);
    const pending = req.session.variation;
    if (pending?.ref !== state.ref) return res.redirect(303, pathOf(state.ref));
    const proposed = variationTermsOf(state.terms, { patch: pending.patch });
    const changes = proposed.ok ? diffTerms(state.terms, proposed.terms) : [];
    renderPage(views, res, 'variation-check.njk', {
      title: 'Check the variation before sending it',
      ref: state.ref,
      rows: changes.map((c) => [{ text: words(c.path) }, { text: describe(c.old) }, { text: describe(c.new) }]),
      reason: pending.reason,
    });
  });

  router.post('/arrangements/:ref/variation/check', async (req: Request, res: Response) => {
    const { state, actor } = await openFor(req);
    const pending = req.session.variation;
    if (pending?.ref !== state.ref) return res.redirect(303, pathOf(state.ref));
    try {
      await executeAction(deps.api, actor, state.ref, {
        type: 'proposeVariation',
        patch: pending.patch,
        ...(pending.reason ? { reason: pending.reason } : {}),
      });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500 || err.code === 'notFound') throw err;
      const citation = err.extras.citation ?? refusalOfUpdateFailure(err.cause)?.citation;
      req.session.flash = {
        errors: [{ text: plainText(err.message), href: '#variation-aims' }],
        ...(citation ? { rule: citationInWords(citation) } : {}),
        answers: pending.answers,
      };
      return req.session.save(() => res.redirect(303, pathOf(state.ref)));
    }
    delete req.session.variation;
    req.session.flash = { success: 'Variation proposed. The partners are told, and the page says what it now waits for.' };
    req.session.save(() => res.redirect(303, `/arrangements/${encodeURIComponent(state.ref)}#status`));
  });
  return router;
}
