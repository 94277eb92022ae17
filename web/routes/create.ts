/**
 * Create an arrangement as a sequence of question pages (partners, type, functions, pooled fund or
 * delegation, dates, contacts) and a check-your-answers page. Answers are kept in the session; each page
 * checks that it was answered, and the terms as a whole are checked where the API checks them, by
 * `createArrangementAs` (the same code path as `POST /arrangements`): its refusals come back on the
 * check page, each linked to the question that asks for the field at fault.
 */
import { Router, type Request, type Response } from 'express';
import type nunjucks from 'nunjucks';
import { createArrangementAs } from '../../api/routes/arrangements';
import { ApiError } from '../../api/errors';
import { createBodySchema } from '../../api/schemas';
import { FUNCTION_CATALOGUE, sectorOf, type Actor, type ArrangementTerms, type Partner } from '../../domain';
import type { ActionField } from '../action-forms';
import { dateOf, lines, list, penceOf, text, type Answers } from '../answers';
import type { WebDeps } from '../deps';
import { citationInWords, longDate, plainText, pounds, words } from '../format';
import { renderPage } from '../render';

/** One question page: its fields (from the answers so far), whether it applies, and what it adds to the answers. */
interface Question {
  slug: string;
  title: string;
  applies?: (a: Answers) => boolean;
  fields: (a: Answers, organisations: readonly Partner[]) => ActionField[];
}

const chosen = (a: Answers, organisations: readonly Partner[]) => organisations.filter((o) => list(a.partners).includes(o.id));
const partnerOptions = (a: Answers, organisations: readonly Partner[]) =>
  chosen(a, organisations).map((p) => ({ value: p.id, text: p.name }));
const isPool = (a: Answers) => a.type === 'pooledFund';

const QUESTIONS: Question[] = [
  {
    slug: 'partners',
    title: 'Who are the partners?',
    fields: (_a, organisations) => [
      { name: 'ref', label: 'Reference for the arrangement', kind: 'text', hint: 'Your own reference, for example NW-2027-004' },
      {
        name: 'partners',
        label: 'Partners',
        kind: 'checkboxes',
        hint: 'Choose at least one NHS body and one local authority',
        options: organisations.map((o) => ({ value: o.id, text: o.name, hint: words(o.kind) })),
      },
    ],
  },
  {
    slug: 'type',
    title: 'What type of arrangement is it?',
    fields: () => [
      {
        name: 'type',
        label: 'Type',
        kind: 'radios',
        options: [
          { value: 'pooledFund', text: 'Pooled fund', hint: 'The partners pay into one fund for the functions (regulation 7)' },
          { value: 'leadCommissioning', text: 'Lead commissioning', hint: 'One partner commissions services for another (regulation 9)' },
          { value: 'integratedProvision', text: 'Integrated provision', hint: 'One partner provides services for another' },
        ],
      },
    ],
  },
  {
    slug: 'functions',
    title: 'Which functions and services does it cover?',
    fields: (a, organisations) => {
      const sectors = new Set(chosen(a, organisations).map((p) => sectorOf(p.kind)));
      return [
        {
          name: 'functionIds',
          label: 'Functions',
          kind: 'checkboxes',
          options: FUNCTION_CATALOGUE.filter((f) => !f.excluded && sectors.has(f.sector)).map((f) => ({ value: f.id, text: f.label })),
        },
        { name: 'clientGroups', label: 'Client groups', kind: 'textarea', hint: 'The people the services are for, one group on each line' },
        { name: 'serviceKinds', label: 'Kinds of service', kind: 'textarea', hint: 'One on each line, for example day services' },
        { name: 'aims', label: 'Aims and outcomes', kind: 'textarea', hint: 'One on each line' },
      ];
    },
  },
  {
    slug: 'pooled-fund',
    title: 'How much does each partner put into the pooled fund?',
    applies: isPool,
    fields: (a, organisations) => [
      { name: 'hostPartnerId', label: 'Which partner hosts the fund?', kind: 'radios', options: partnerOptions(a, organisations) },
      ...chosen(a, organisations).map((p): ActionField => ({
        name: `contribution-${p.id}`,
        label: `${p.name}: contribution in the first financial year, in pounds`,
        kind: 'number',
      })),
      { name: 'poolManagerName', label: 'Name of the pool manager', kind: 'text' },
      { name: 'poolManagerEmail', label: 'Email address of the pool manager', kind: 'text' },
    ],
  },
  {
    slug: 'delegation',
    title: 'Who acts for whom?',
    applies: (a) => !isPool(a),
    fields: (a, organisations) => [
      { name: 'delegatorId', label: 'Which partner delegates its functions?', kind: 'radios', options: partnerOptions(a, organisations) },
      { name: 'delegateId', label: 'Which partner exercises them?', kind: 'radios', options: partnerOptions(a, organisations) },
    ],
  },
  {
    slug: 'dates',
    title: 'When does it start and end?',
    fields: () => [
      { name: 'startDate', label: 'Start date', kind: 'date' },
      { name: 'endDate', label: 'End date', kind: 'date', hint: 'The last day it is in force' },
      { name: 'reviewDate', label: 'Review date', kind: 'date' },
      { name: 'terminationNoticeDays', label: 'Days of notice a partner must give to end it', kind: 'number' },
    ],
  },
  {
    slug: 'contacts',
    title: 'Who needs to be told?',
    fields: () => [
      {
        name: 'regionalOfficeGate',
        label: 'What does the Regional Office do with the notification?',
        kind: 'radios',
        options: [
          { value: 'notifyAck', text: 'Acknowledges it' },
          { value: 'approve', text: 'Approves the arrangement' },
        ],
      },
      { name: 'roName', label: 'Name of the Regional Office officer', kind: 'text' },
      { name: 'roEmail', label: 'Email address of the Regional Office officer', kind: 'text' },
      {
        name: 'consultees',
        label: 'Who is consulted?',
        kind: 'textarea',
        hint: 'One group on each line: the group, the contact’s name and email, separated by commas. For example: service users, Sam Jones, sam.jones@example.org',
      },
    ],
  },
];

/** The create request the answers stand for (not yet checked: `createBodySchema` and the domain do that). */
export function createRequestOf(a: Answers, organisations: readonly Partner[]): { ref: string; terms: Partial<ArrangementTerms> } {
  const partners = chosen(a, organisations);
  const startDate = dateOf(a, 'startDate');
  const month = Number(startDate.slice(5, 7));
  const financialYear = Number(startDate.slice(0, 4)) - (month < 4 ? 1 : 0);
  const functionIds = list(a.functionIds);
  const delegator = partners.find((p) => p.id === a.delegatorId);
  const first = partners[0];
  return {
    ref: text(a.ref),
    terms: {
      partners,
      types: [a.type as ArrangementTerms['types'][number]],
      delegations: isPool(a)
        ? []
        : [
            {
              delegatorId: text(a.delegatorId),
              delegateId: text(a.delegateId),
              mode: a.type === 'integratedProvision' ? 'provision' : 'commissioning',
              // The delegator's own functions among those covered: a body delegates only what it holds.
              functionIds: functionIds.filter(
                (id) => FUNCTION_CATALOGUE.find((f) => f.id === id)?.sector === (delegator ? sectorOf(delegator.kind) : undefined),
              ),
            },
          ],
      ...(isPool(a)
        ? {
            pooledFund: {
              hostPartnerId: text(a.hostPartnerId),
              poolManager: { name: text(a.poolManagerName), email: text(a.poolManagerEmail) },
              contributions: partners.map((p) => ({
                partnerId: p.id,
                financialYear,
                amountPence: penceOf(a[`contribution-${p.id}`]),
                kind: 'revenue' as const,
              })),
            },
          }
        : {}),
      clientGroups: lines(a.clientGroups),
      serviceKinds: lines(a.serviceKinds),
      functionIds,
      aims: lines(a.aims),
      startDate,
      endDate: dateOf(a, 'endDate'),
      reviewDate: dateOf(a, 'reviewDate'),
      terminationNoticeDays: Number(text(a.terminationNoticeDays)),
      regionalOfficeGate: a.regionalOfficeGate as ArrangementTerms['regionalOfficeGate'],
      regionalOffice: { region: first?.region ?? '', officer: { name: text(a.roName), email: text(a.roEmail) } },
      consultees: lines(a.consultees).map((line) => {
        const [group = '', name = '', email = ''] = line.split(',').map((s) => s.trim());
        return { group, contact: { name, email } };
      }),
    },
  };
}

/** The question that asks for a field of the create request (`terms.startDate` → dates), for error links. */
function questionOfPath(path: string): { slug: string; field: string } {
  const parts = path.replace(/^body\./, '').split('.');
  const [top, second, third] = parts[0] === 'terms' ? parts.slice(1) : parts;
  const at = (slug: string, field: string) => ({ slug, field });
  switch (top) {
    case 'ref':
      return at('partners', 'ref');
    case 'partners':
      return at('partners', 'partners');
    case 'types':
      return at('type', 'type');
    case 'functionIds':
    case 'clientGroups':
    case 'serviceKinds':
    case 'aims':
      return at('functions', top);
    case 'pooledFund':
      return at(
        'pooled-fund',
        second === 'hostPartnerId'
          ? 'hostPartnerId'
          : second === 'poolManager'
            ? `poolManager${third === 'email' ? 'Email' : 'Name'}`
            : 'hostPartnerId',
      );
    case 'delegations':
      return at('delegation', 'delegatorId');
    case 'startDate':
    case 'endDate':
    case 'reviewDate':
      return at('dates', `${top}-day`);
    case 'terminationNoticeDays':
      return at('dates', top);
    case 'regionalOffice':
      return at('contacts', third === 'email' ? 'roEmail' : 'roName');
    case 'regionalOfficeGate':
      return at('contacts', 'regionalOfficeGate');
    case 'consultees':
      return at('contacts', 'consultees');
    default:
      return at('partners', 'ref');
  }
}

/** Whether a page's own fields were all answered (each page asks only for what is needed). */
function missingOn(q: Question, body: Answers, organisations: readonly Partner[]): { field: string; text: string }[] {
  return q
    .fields(body, organisations)
    .filter((f) => !f.label.includes('(optional)'))
    .filter((f) =>
      f.kind === 'date'
        ? dateOf(body, f.name) === ''
        : f.kind === 'checkboxes'
          ? list(body[f.name]).length === 0
          : text(body[f.name]) === '',
    )
    .map((f) => ({
      field: f.kind === 'date' ? `${f.name}-day` : f.name,
      text: `${f.kind === 'checkboxes' || f.kind === 'radios' ? 'Choose' : 'Enter'} ${f.label.charAt(0).toLowerCase()}${f.label.slice(1).replace(/\?$/, '')}`,
    }));
}

/** The create journey's routes. */
export function createPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();
  const orgs = deps.organisations;
  const applying = (a: Answers) => QUESTIONS.filter((q) => q.applies?.(a) ?? true);
  const nextAfter = (slug: string, a: Answers) => {
    const qs = applying(a);
    const i = qs.findIndex((q) => q.slug === slug);
    return a._checking ? '/arrangements/new/check' : `/arrangements/new/${qs[i + 1]?.slug ?? 'check'}`;
  };

  router.get('/arrangements/new', (req, res) => {
    req.session.draft = {};
    req.session.save(() => res.redirect(303, '/arrangements/new/partners'));
  });

  router.get('/arrangements/new/check', (req, res) => {
    // From here on, "Change" on a question page comes back here.
    const a: Answers = { ...(req.session.draft ?? {}), _checking: true };
    req.session.draft = a;
    const request = createRequestOf(a, orgs);
    const t = request.terms;
    const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
    const row = (key: string, value: string, slug: string) => ({
      key: { text: key },
      value: { text: value },
      actions: { items: [{ href: `/arrangements/new/${slug}`, text: 'Change', visuallyHiddenText: key.toLowerCase() }] },
    });
    const rows = [
      row('Reference', request.ref, 'partners'),
      row('Partners', (t.partners ?? []).map((p) => p.name).join(', '), 'partners'),
      row('Type', words(text(a.type)), 'type'),
      row('Functions', (t.functionIds ?? []).map((id) => FUNCTION_CATALOGUE.find((f) => f.id === id)?.label ?? id).join(', '), 'functions'),
      row('Client groups', (t.clientGroups ?? []).join(', '), 'functions'),
      row('Kinds of service', (t.serviceKinds ?? []).join(', '), 'functions'),
      row('Aims', (t.aims ?? []).join('; '), 'functions'),
      ...(t.pooledFund
        ? [
            row('Host of the fund', name(t.pooledFund.hostPartnerId), 'pooled-fund'),
            row(
              'Contributions',
              t.pooledFund.contributions.map((c) => `${name(c.partnerId)} ${pounds(c.amountPence)}`).join(', '),
              'pooled-fund',
            ),
            row('Pool manager', `${t.pooledFund.poolManager.name} (${t.pooledFund.poolManager.email})`, 'pooled-fund'),
          ]
        : (t.delegations ?? []).map((d) => row('Delegation', `${name(d.delegatorId)} to ${name(d.delegateId)}`, 'delegation'))),
      row('Starts', longDate(t.startDate), 'dates'),
      row('Ends', longDate(t.endDate), 'dates'),
      row('Review', longDate(t.reviewDate), 'dates'),
      row('Notice to end it', `${String(t.terminationNoticeDays ?? '')} days`, 'dates'),
      row('Regional Office', a.regionalOfficeGate === 'approve' ? 'Approves the arrangement' : 'Acknowledges the notification', 'contacts'),
      row('Regional Office officer', `${t.regionalOffice?.officer.name ?? ''} (${t.regionalOffice?.officer.email ?? ''})`, 'contacts'),
      row('Consulted', (t.consultees ?? []).map((c) => `${c.group} (${c.contact.name})`).join(', '), 'contacts'),
    ];
    renderPage(views, res, 'check.njk', { title: 'Check your answers before creating the arrangement', rows });
  });

  router.post('/arrangements/new/check', async (req, res) => {
    const actor = req.session.user as Actor;
    const a = req.session.draft ?? {};
    const parsed = createBodySchema.safeParse(createRequestOf(a, orgs));
    const back = (errors: { text: string; href: string }[], rule?: string) => {
      req.session.flash = { errors, ...(rule ? { rule } : {}) };
      req.session.save(() => res.redirect(303, '/arrangements/new/check'));
    };
    if (!parsed.success) {
      return back(
        parsed.error.issues.map((i) => {
          const q = questionOfPath(i.path.join('.'));
          return {
            text: `${words(String(i.path.at(-1) ?? q.field))}: ${i.message}`,
            href: `/arrangements/new/${q.slug}#${q.slug}-${q.field}`,
          };
        }),
      );
    }
    try {
      const created = await createArrangementAs(deps.api, actor, parsed.data, `web-${req.sessionID}-${parsed.data.ref}`.slice(0, 200));
      req.session.draft = {};
      req.session.flash = { success: `Arrangement ${created.ref} created. Submit the proposal to open the joint consultation.` };
      req.session.save(() => res.redirect(303, `/arrangements/${encodeURIComponent(created.ref)}`));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      const details = err.details.length > 0 ? err.details : [{ path: 'body.ref', message: err.message }];
      back(
        details.map((d) => {
          const q = questionOfPath(d.path);
          return { text: plainText(d.message), href: `/arrangements/new/${q.slug}#${q.slug}-${q.field}` };
        }),
        err.extras.citation ? citationInWords(err.extras.citation) : undefined,
      );
    }
  });

  for (const q of QUESTIONS) {
    router.get(`/arrangements/new/${q.slug}`, (req, res) => {
      const a: Answers = { ...(req.session.draft ?? {}), ...((res.locals.answers as Answers | undefined) ?? {}) };
      const errors = (res.locals.errors as { text: string; href?: string }[] | undefined) ?? [];
      const errorsByField: Record<string, string> = Object.fromEntries(errors.map((e) => [e.href?.split('#')[1] ?? '', e.text]));
      renderPage(views, res, 'question.njk', {
        title: q.title,
        slug: q.slug,
        fields: q.fields(a, orgs),
        answers: a,
        errorsByField,
        checking: Boolean(a._checking),
      });
    });
    router.post(`/arrangements/new/${q.slug}`, (req: Request, res: Response) => {
      const body = req.body as Answers;
      const a = { ...(req.session.draft ?? {}) };
      // Unticked checkboxes send nothing: clear this page's answers first.
      for (const f of q.fields(a, orgs))
        for (const key of f.kind === 'date' ? ['day', 'month', 'year'].map((p) => `${f.name}-${p}`) : [f.name]) delete a[key];
      const answers = Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('_')));
      const missing = missingOn(q, { ...a, ...answers }, orgs);
      if (missing.length > 0) {
        req.session.flash = { errors: missing.map((m) => ({ text: m.text, href: `#${q.slug}-${m.field}` })), answers };
        return req.session.save(() => res.redirect(303, `/arrangements/new/${q.slug}`));
      }
      req.session.draft = { ...a, ...answers };
      req.session.save(() => res.redirect(303, nextAfter(q.slug, req.session.draft ?? {})));
    });
  }
  return router;
}
