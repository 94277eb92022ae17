/**
 * The home page of the person signed in: for a Regional Office officer, the notifications awaiting its
 * decision in its region (oldest first, working days waiting, the partners, the answer's due date) and
 * counts by status; for a partner officer, the arrangements its organisation is party to, overdue first
 * then soonest deadline; for an administrator, every arrangement. Lists come from `deps.lists`.
 */
import { Router } from 'express';
import type nunjucks from 'nunjucks';
import { addDays, englandDateOf, isWorkingDay, listScopeOf, type Actor } from '../../domain';
import { LIST_LIMIT, type ListedArrangement } from '../arrangement-lists';
import type { WebDeps } from '../deps';
import { longDate, STATUS_WORDS } from '../format';
import { renderPage } from '../render';

/** Working days (England and Wales) from the day after `from` up to and including `to`; 0 when `to` is not later. */
function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to && count < 2_000; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
  return count;
}

const partnersOf = (a: ListedArrangement): string => a.partners.map((p) => p.name).join(', ');
const link = (a: ListedArrangement) => ({ html: `<a class="govuk-link" href="/arrangements/${encodeURIComponent(a.ref)}">${a.ref}</a>` });

/** The rows of the Regional Office's "awaiting your decision" table, oldest notification first. */
function awaitingDecision(list: ListedArrangement[], now: number) {
  const today = englandDateOf(now);
  return list
    .filter((a) => a.status === 'notified')
    .sort((a, b) => (a.notifiedAt?.getTime() ?? 0) - (b.notifiedAt?.getTime() ?? 0))
    .map((a) => [
      link(a),
      { text: partnersOf(a) },
      { text: a.notifiedAt ? longDate(a.notifiedAt) : '' },
      { text: a.notifiedAt ? String(workingDaysBetween(englandDateOf(a.notifiedAt.getTime()), today)) : '', format: 'numeric' },
      { text: a.nextDeadlineAt ? longDate(a.nextDeadlineAt.getTime() - 1) : '' },
    ]);
}

/** Rows of an arrangements table: overdue first, then the soonest next deadline. */
function arrangementRows(list: ListedArrangement[], now: number) {
  const due = (a: ListedArrangement) => a.nextDeadlineAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return [...list]
    .sort((a, b) => due(a) - due(b))
    .map((a) => {
      const overdue = a.nextDeadlineAt !== undefined && a.nextDeadlineAt.getTime() <= now;
      return [
        link(a),
        { text: partnersOf(a) },
        { text: STATUS_WORDS[a.status as keyof typeof STATUS_WORDS] ?? a.status },
        {
          html: a.nextDeadlineAt
            ? `${overdue ? '<strong class="govuk-tag govuk-tag--red">Overdue</strong> ' : ''}${longDate(a.nextDeadlineAt.getTime() - 1)}`
            : 'None',
        },
      ];
    });
}

function countsByStatus(list: ListedArrangement[]) {
  const counts = new Map<string, number>();
  for (const a of list) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => ({
    key: { text: STATUS_WORDS[status as keyof typeof STATUS_WORDS] ?? status },
    value: { text: String(n) },
  }));
}

const TITLES: Record<Actor['role'], string> = {
  regionalOfficeOfficer: 'Regional Office home',
  partnerOfficer: 'Your arrangements',
  administrator: 'All arrangements',
  system: 'Arrangements',
};

/** The home page. */
export function homePages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = req.session.user as Actor;
    const now = (deps.now ?? Date.now)();
    const list = await deps.lists.within(listScopeOf(user));
    const organisation = deps.organisations.find((o) => o.id === user.organisationId)?.name;
    renderPage(views, res, 'home.njk', {
      title: TITLES[user.role],
      organisation,
      awaiting: user.role === 'regionalOfficeOfficer' ? awaitingDecision(list, now) : undefined,
      overdue: arrangementRows(
        list.filter((a) => a.nextDeadlineAt !== undefined && a.nextDeadlineAt.getTime() <= now),
        now,
      ),
      rows: arrangementRows(list, now),
      counts: countsByStatus(list),
      mayCreate: user.role !== 'regionalOfficeOfficer',
      cut: list.length >= LIST_LIMIT ? LIST_LIMIT : undefined,
    });
  });
  return router;
}
