/**
 * The home page of the person signed in, read from the read model (`deps.readModel`) with the
 * domain's list scope of the person:
 * - a Regional Office officer: what awaits its answer in its region (oldest first, working days
 *   waiting against the target, the partners, the next action), what is overdue, and counts by status;
 * - a partner officer: everything its organisation owes across arrangements (overdue first, then the
 *   soonest), each with what to do and a link, then the arrangements it is party to;
 * - an administrator: what is overdue, counts by status, and every arrangement.
 * The arrangements come a page at a time (GOV.UK pagination), soonest next deadline first.
 */
import { Router } from 'express';
import type nunjucks from 'nunjucks';
import {
  DEFAULT_POLICY,
  englandDateOf,
  listScopeOf,
  regionalOfficeWait,
  type Actor,
  type ArrangementStatus,
  type ListScope,
} from '../../domain';
import type { OpenObligation } from '../../store/read-model-queries';
import type { ArrangementSummary } from '../../store/read-model';
import type { WebDeps } from '../deps';
import { longDate, OBLIGATION_WORDS, plainText, STATUS_WORDS } from '../format';
import { pageOf, paginationOf, PAGE_SIZE } from '../paging';
import { renderPage } from '../render';

/** Most rows each obligation list of a home page shows; the page says when a list is cut there. */
export const HOME_LIST_LIMIT = 200;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const link = (ref: string) => ({ html: `<a class="govuk-link" href="/arrangements/${encodeURIComponent(ref)}">${escape(ref)}</a>` });
const names = (partners: { name: string }[]): string => partners.map((p) => p.name).join(', ');
const OVERDUE_TAG = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>';
const isOverdue = (o: OpenObligation, now: number): boolean => Date.parse(o.dueAt) <= now;
/** A due date written out, after an "Overdue" tag when it has passed. */
const dueCell = (o: OpenObligation, now: number) => ({
  html: `${isOverdue(o, now) ? `${OVERDUE_TAG} ` : ''}${escape(longDate(o.dueDate))}`,
});

/**
 * The Regional Office's "awaiting your answer" rows, oldest first, with the working days waited against
 * the target (`regionalOfficeWait`). The read model does not carry an arrangement's own bank holidays,
 * so the default policy's (England and Wales) are used.
 */
function awaitingAnswerRows(list: OpenObligation[], now: number) {
  const today = englandDateOf(now);
  return [...list]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.ref.localeCompare(b.ref))
    .map((o) => {
      const sentOn = englandDateOf(Date.parse(o.createdAt));
      const { waiting, target, overdue } = regionalOfficeWait(sentOn, o.dueDate, today, DEFAULT_POLICY);
      return [
        link(o.ref),
        { text: names(o.partners) },
        { text: longDate(sentOn) },
        { html: `${overdue ? `${OVERDUE_TAG} ` : ''}${waiting} of ${target}`, format: 'numeric' },
        { text: o.arrangementStatus === 'notified' ? 'Answer the notification' : 'Answer the proposed variation' },
      ];
    });
}

/** The Regional Office's "awaiting information" rows: its clock stopped on the day it asked, oldest first. */
function awaitingInformationRows(list: OpenObligation[]) {
  return [...list]
    .sort((a, b) => (a.clockStoppedOn ?? '').localeCompare(b.clockStoppedOn ?? '') || a.ref.localeCompare(b.ref))
    .map((o) => [
      link(o.ref),
      { text: names(o.partners) },
      { text: longDate(o.clockStoppedOn ?? o.dueDate) },
      {
        text:
          o.arrangementStatus === 'notified'
            ? 'Wait for the partners to answer your question'
            : 'Wait for the partners to answer your question on the variation',
      },
    ]);
}

/** An obligation's title for people: dates written out, codes in words, and the partners' ids (as in a consent's title) as their names. */
const titleOf = (o: OpenObligation): string =>
  plainText(o.partners.reduce((title, p) => title.replace(new RegExp(`\\b${p.id.replace(/[^\w-]/g, '')}\\b`, 'g'), p.name), o.title));

/** Rows of what is owed, as the list already orders them (soonest due first, so overdue first). */
function owedRows(list: OpenObligation[], now: number, withOwners: boolean) {
  return list.map((o) => [
    {
      html: `${escape(OBLIGATION_WORDS[o.kind])}<br><span class="govuk-hint govuk-!-margin-bottom-0">${escape(titleOf(o))}</span>`,
    },
    link(o.ref),
    ...(withOwners ? [{ text: o.ownerIds.length > 0 ? names(o.owners) : 'The Regional Office' }] : []),
    dueCell(o, now),
  ]);
}

function arrangementRows(list: ArrangementSummary[], now: number) {
  return list.map((a) => {
    const due = a.nextDeadlineAt === undefined ? undefined : Date.parse(a.nextDeadlineAt);
    return [
      link(a.ref),
      { text: names(a.partners) },
      { text: STATUS_WORDS[a.status] },
      {
        html: due === undefined ? 'None' : `${due <= now ? `${OVERDUE_TAG} ` : ''}${escape(longDate(due - 1))}`,
      },
    ];
  });
}

function countRows(counts: Partial<Record<ArrangementStatus, number>>) {
  return (Object.keys(STATUS_WORDS) as ArrangementStatus[])
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => ({ key: { text: STATUS_WORDS[s] }, value: { text: String(counts[s]) } }));
}

const TITLES: Record<Actor['role'], string> = {
  regionalOfficeOfficer: 'Regional Office home',
  partnerOfficer: 'Your arrangements',
  administrator: 'All arrangements',
  system: 'Arrangements',
};

/** What the home page of `user` reads, each list from one query of the read model. */
async function homeData(deps: WebDeps, user: Actor, scope: ListScope, now: number, page: number) {
  const { readModel } = deps;
  const isRegionalOffice = user.role === 'regionalOfficeOfficer';
  const isPartner = user.role === 'partnerOfficer';
  const [awaiting, owed, counts, arrangements] = await Promise.all([
    isRegionalOffice ? readModel.openObligationsFor({ scope, kinds: ['roResponse'], limit: HOME_LIST_LIMIT }) : undefined,
    // A partner's list is everything it owes; the others' is what is overdue in their scope.
    readModel.openObligationsFor({ scope, limit: HOME_LIST_LIMIT, ...(isPartner ? {} : { dueBefore: new Date(now) }) }),
    isPartner ? undefined : readModel.countByStatus(scope),
    readModel.listSummaries({ scope, sort: 'nextDeadline', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  return { awaiting, owed, counts, arrangements };
}

/** The home page. */
export function homePages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = req.session.user as Actor;
    const now = (deps.now ?? Date.now)();
    const page = pageOf(req);
    const { awaiting, owed, counts, arrangements } = await homeData(deps, user, listScopeOf(user), now, page);
    const isPartner = user.role === 'partnerOfficer';
    renderPage(views, res, 'home.njk', {
      title: TITLES[user.role],
      organisation: deps.organisations.find((o) => o.id === user.organisationId)?.name,
      mayCreate: user.role !== 'regionalOfficeOfficer',
      // A notification or variation on which the Regional Office asked a question waits for the partners, its clock stopped.
      awaiting: awaiting
        ? awaitingAnswerRows(
            awaiting.items.filter((o) => o.clockStoppedOn === undefined),
            now,
          )
        : undefined,
      awaitingInformation: awaiting ? awaitingInformationRows(awaiting.items.filter((o) => o.clockStoppedOn !== undefined)) : undefined,
      awaitingCut: awaiting?.truncated ? HOME_LIST_LIMIT : undefined,
      owed: isPartner ? owedRows(owed.items, now, false) : undefined,
      overdue: isPartner ? undefined : owedRows(owed.items, now, true),
      owedCut: owed.truncated ? HOME_LIST_LIMIT : undefined,
      counts: counts ? countRows(counts) : undefined,
      rows: arrangementRows(arrangements.items, now),
      page,
      pagination: paginationOf('/', {}, page, arrangements.nextOffset !== undefined),
    });
  });
  return router;
}
