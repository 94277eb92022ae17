/**
 * Reads of the read model for the API's lists, the web application's home pages and the reports: the
 * summaries (filtered, sorted, scoped, paged), the open obligations a caller owes or oversees, one
 * arrangement with its revision and detail rows, and the Regional Office's notifications and answers.
 * Every read takes the caller's `ListScope` (the domain's `listScopeOf`), translated here clause for
 * clause into SQL as `api/visibility-query.ts` translates it into a visibility query; no rule is decided here.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { ArrangementStatus, ListScope, ObligationRow, DecisionRow, TermsVersion } from '../domain';
import type { Db } from './database';
import { rowToSummary, summaryOf, type ArrangementSummary } from './read-model';
import type { Database } from './schema';

/** Filters of a list of summaries; all optional and ANDed (as `GET /arrangements` takes them). */
export interface SummaryFilters {
  region?: string;
  status?: ArrangementStatus;
  /** Id of a partner organisation. */
  partner?: string;
  type?: string;
  /** Next deadline strictly before this instant. */
  deadlineBefore?: Date;
  /** Next deadline at or after this instant. */
  deadlineAfter?: Date;
  /** Words found (case-insensitively) in the reference or in a partner's name. */
  search?: string;
}

/**
 * Orders of a list: by next deadline (soonest first, none last), by notified-at (latest first, none
 * last), by reference, by start date (earliest first).
 */
export const SUMMARY_SORTS = ['nextDeadline', 'notifiedAt', 'ref', 'startDate'] as const;
/** One of `SUMMARY_SORTS`. */
export type SummarySort = (typeof SUMMARY_SORTS)[number];

/** What `listSummaries` reads: the caller's scope, filters, order and page (offset counted in rows). */
export interface ListSummariesInput {
  scope: ListScope;
  filters?: SummaryFilters;
  /** Default `nextDeadline`; ties are broken by reference, so pages are stable. */
  sort?: SummarySort;
  /** Rows per page, 1–1,000 (default 20). */
  limit?: number;
  offset?: number;
}

/** One page of summaries; `nextOffset` is absent on the last page. */
export interface SummaryPage {
  items: ArrangementSummary[];
  nextOffset?: number;
}

type SummaryQuery<O> = SelectQueryBuilder<Database, 'arrangement_summary', O>;

/** `partners @> [{"id": …}]`: the summary names this partner (served by the GIN index on partners). */
const namesPartner = (eb: ExpressionBuilder<Database, 'arrangement_summary'>, partnerId: string) =>
  eb(sql<unknown>`arrangement_summary.partners`, '@>', sql<unknown>`${JSON.stringify([{ id: partnerId }])}::jsonb`);

/** Restricts a query on summaries to what `scope` covers: a partner's arrangements, a region's, all, or none. */
function withinScope<O>(q: SummaryQuery<O>, scope: ListScope): SummaryQuery<O> {
  if ('all' in scope) return q;
  if ('nothing' in scope) return q.where(sql<boolean>`false`);
  if ('partnerId' in scope) return q.where((eb) => namesPartner(eb, scope.partnerId));
  return q.where('arrangement_summary.region', '=', scope.region);
}

function withFilters<O>(q: SummaryQuery<O>, f: SummaryFilters): SummaryQuery<O> {
  let out = q;
  if (f.region !== undefined) out = out.where('arrangement_summary.region', '=', f.region);
  if (f.status !== undefined) out = out.where('arrangement_summary.status', '=', f.status);
  if (f.partner !== undefined) {
    const partner = f.partner;
    out = out.where((eb) => namesPartner(eb, partner));
  }
  if (f.type !== undefined) out = out.where(sql<boolean>`${f.type} = any(arrangement_summary.types)`);
  if (f.deadlineBefore !== undefined) out = out.where('arrangement_summary.next_deadline_at', '<', f.deadlineBefore);
  if (f.deadlineAfter !== undefined) out = out.where('arrangement_summary.next_deadline_at', '>=', f.deadlineAfter);
  if (f.search !== undefined && f.search !== '') {
    // LIKE's own wildcards in the words are matched as themselves.
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out = out.where((eb) =>
      eb.or([
        eb('arrangement_summary.ref', 'ilike', pattern),
        eb(
          sql<boolean>`exists (select 1 from jsonb_array_elements(arrangement_summary.partners) p where p->>'name' ilike ${pattern})`,
          '=',
          true,
        ),
      ]),
    );
  }
  return out;
}

/**
 * The summaries `scope` covers that match `filters`, in `sort` order, one page at a time. Reads one
 * row more than the page to tell whether another page follows.
 */
export async function listSummaries(db: Db, input: ListSummariesInput): Promise<SummaryPage> {
  const limit = input.limit ?? 20;
  const offset = input.offset ?? 0;
  let q = withFilters(withinScope(db.selectFrom('arrangement_summary').selectAll(), input.scope), input.filters ?? {});
  const sort = input.sort ?? 'nextDeadline';
  if (sort === 'nextDeadline') q = q.orderBy(sql`next_deadline_at asc nulls last`);
  if (sort === 'notifiedAt') q = q.orderBy(sql`notified_at desc nulls last`);
  if (sort === 'startDate') q = q.orderBy('start_date');
  const rows = await q
    .orderBy('ref')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return {
    items: rows.slice(0, limit).map(rowToSummary),
    ...(rows.length > limit ? { nextOffset: offset + limit } : {}),
  };
}

/** One open obligation as a caller's deadline list shows it, with its arrangement. */
export interface OpenObligation extends Omit<ObligationRow, 'remindersSent'> {
  ref: string;
  region: string;
  arrangementStatus: ArrangementStatus;
  /** The owners' names from the arrangement's partners (the id when a name is not known). */
  owners: { id: string; name: string }[];
  /** Ladder steps already sent, e.g. `['-14', '-7']`. */
  stepsSent: string[];
  /** The arrangement's partners (the Regional Office's duties name no owner, so a page names the partners from here). */
  partners: { id: string; name: string }[];
}

/** What `openObligationsFor` reads: the caller's scope, an optional window on the due instant, and a cap. */
export interface OpenObligationsInput {
  scope: ListScope;
  /** Due strictly before this instant. */
  dueBefore?: Date;
  /** Due at or after this instant. */
  dueAfter?: Date;
  /** Only obligations of these kinds (e.g. `['roResponse']`, what awaits a Regional Office's answer). */
  kinds?: readonly ObligationRow['kind'][];
  /** Most rows returned (default 500); `truncated` says when more matched. */
  limit?: number;
}

/**
 * The open obligations a caller owes or oversees, soonest due first: for a partner's scope those its
 * organisation owes (never the Regional Office's duties, which name no owner); for a region's every
 * open obligation of its arrangements; for all, every one. Obligations of ended arrangements are
 * never open (the workflow cancels them), so none are listed.
 */
export async function openObligationsFor(db: Db, input: OpenObligationsInput): Promise<{ items: OpenObligation[]; truncated: boolean }> {
  const limit = input.limit ?? 500;
  let q = db
    .selectFrom('arrangement_obligation as o')
    .innerJoin('arrangement_summary', 'arrangement_summary.ref', 'o.ref')
    .select([
      'o.ref',
      'o.obligation_id',
      'o.kind',
      'o.title',
      'o.due_date',
      'o.due_at',
      'o.status',
      'o.responsible_role',
      'o.owner_ids',
      'o.citation',
      'o.lead_days',
      'o.created_at',
      'o.reminders_sent',
      'o.clock_stopped_on',
      'arrangement_summary.region',
      'arrangement_summary.status as arrangement_status',
      'arrangement_summary.partners',
    ])
    .where('o.status', '=', 'open');
  const scope = input.scope;
  if ('nothing' in scope) q = q.where(sql<boolean>`false`);
  if ('partnerId' in scope) q = q.where(sql<boolean>`${scope.partnerId} = any(o.owner_ids)`);
  if ('region' in scope) q = q.where('arrangement_summary.region', '=', scope.region);
  if (input.dueBefore) q = q.where('o.due_at', '<', input.dueBefore);
  if (input.dueAfter) q = q.where('o.due_at', '>=', input.dueAfter);
  if (input.kinds) q = input.kinds.length > 0 ? q.where('o.kind', 'in', input.kinds) : q.where(sql<boolean>`false`);
  const rows = await q
    .orderBy('o.due_at')
    .orderBy('o.ref')
    .orderBy('o.obligation_id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => ({
    ref: r.ref,
    region: r.region,
    arrangementStatus: r.arrangement_status as ArrangementStatus,
    obligationId: r.obligation_id,
    kind: r.kind as ObligationRow['kind'],
    title: r.title,
    dueDate: r.due_date,
    dueAt: r.due_at.toISOString(),
    status: 'open' as const,
    responsibleRole: r.responsible_role as ObligationRow['responsibleRole'],
    ownerIds: r.owner_ids,
    owners: r.owner_ids.map((id) => ({ id, name: r.partners.find((p) => p.id === id)?.name ?? id })),
    citation: r.citation,
    ...(r.lead_days !== null ? { leadDays: r.lead_days } : {}),
    createdAt: r.created_at.toISOString(),
    stepsSent: r.reminders_sent.map((s) => s.step),
    ...(r.clock_stopped_on ? { clockStoppedOn: r.clock_stopped_on } : {}),
    partners: r.partners,
  }));
  return { items, truncated: rows.length > limit };
}

/** One arrangement as the read model holds it: its summary (with revision) and its detail rows. */
export interface ArrangementReadModel extends ArrangementSummary {
  obligations: ObligationRow[];
  decisions: DecisionRow[];
  versions: TermsVersion[];
}

/**
 * The arrangement `ref` from the read model, or undefined when it holds no summary of it. The caller
 * decides whether the asker may see it (`isWithinScope` on its partners and region).
 */
export async function readArrangement(db: Db, ref: string): Promise<ArrangementReadModel | undefined> {
  // One round trip: the detail rows come as JSON arrays beside the summary (timestamps as JSON text).
  const row = await db
    .selectFrom('arrangement_summary as s')
    .selectAll('s')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('arrangement_obligation as o')
          .selectAll('o')
          .whereRef('o.ref', '=', 's.ref')
          .orderBy('o.due_at')
          .orderBy('o.obligation_id'),
      ).as('obligations'),
      jsonArrayFrom(eb.selectFrom('arrangement_decision as d').selectAll('d').whereRef('d.ref', '=', 's.ref').orderBy('d.round')).as(
        'decisions',
      ),
      jsonArrayFrom(eb.selectFrom('arrangement_terms_version as v').selectAll('v').whereRef('v.ref', '=', 's.ref').orderBy('v.n')).as(
        'versions',
      ),
    ])
    .where('s.ref', '=', ref)
    .executeTakeFirst();
  if (!row) return undefined;
  const { obligations, decisions, versions, ...summary } = row;
  return {
    ...rowToSummary(summary),
    obligations: obligations.map((o) => ({
      obligationId: o.obligation_id,
      kind: o.kind as ObligationRow['kind'],
      title: o.title,
      dueDate: o.due_date,
      dueAt: iso(o.due_at),
      status: o.status as ObligationRow['status'],
      responsibleRole: o.responsible_role as ObligationRow['responsibleRole'],
      ownerIds: o.owner_ids,
      citation: o.citation,
      createdAt: iso(o.created_at),
      ...(o.done_at ? { doneAt: iso(o.done_at) } : {}),
      ...(o.cancelled_at ? { cancelledAt: iso(o.cancelled_at) } : {}),
      remindersSent: o.reminders_sent,
      ...(o.clock_stopped_on ? { clockStoppedOn: o.clock_stopped_on } : {}),
    })),
    decisions: decisions.map((d) => ({
      round: d.round,
      notifiedAt: iso(d.notified_at),
      ...(d.decided_at ? { decidedAt: iso(d.decided_at) } : {}),
      ...(d.outcome !== null ? { outcome: d.outcome } : {}),
      ...(d.decided_by !== null ? { decidedBy: d.decided_by } : {}),
      ...(d.reason !== null ? { reason: d.reason } : {}),
    })),
    versions: versions.map((v) => ({
      n: v.n,
      effectiveDate: v.effective_date,
      terms: v.terms,
      changes: v.changes,
      ...(v.classification ? { classification: v.classification } : {}),
      ...(v.variation_id !== null ? { variationId: v.variation_id } : {}),
      decisions: v.decisions,
    })),
  };
}

/** An instant PostgreSQL wrote into JSON ('2028-07-31T23:00:00+00:00') as the ISO string hapa uses. */
const iso = (value: string | Date): string => new Date(value).toISOString();

/** One notification to a Regional Office and its answer, with the arrangement's region and status. */
export interface RegionalOfficeDecision extends DecisionRow {
  ref: string;
  region: string;
  arrangementStatus: ArrangementStatus;
}

/** What `decisionsFor` reads: the caller's scope and the period of answers wanted. */
export interface DecisionsInput {
  scope: ListScope;
  /** Answers given at or after this instant (notifications still unanswered are always included). */
  decidedFrom?: Date;
  /** Answers given strictly before this instant. */
  decidedBefore?: Date;
}

/**
 * The notifications to the Regional Offices `scope` covers: every one still unanswered, and those
 * answered within the period. Oldest notification first.
 */
export async function decisionsFor(db: Db, input: DecisionsInput): Promise<RegionalOfficeDecision[]> {
  let q = db
    .selectFrom('arrangement_decision as d')
    .innerJoin('arrangement_summary', 'arrangement_summary.ref', 'd.ref')
    .selectAll('d')
    .select(['arrangement_summary.region', 'arrangement_summary.status as arrangement_status']);
  const scope = input.scope;
  if ('nothing' in scope) q = q.where(sql<boolean>`false`);
  if ('partnerId' in scope) q = q.where((eb) => namesPartner(eb, scope.partnerId));
  if ('region' in scope) q = q.where('arrangement_summary.region', '=', scope.region);
  const { decidedFrom, decidedBefore } = input;
  q = q.where((eb) => {
    const answered = [eb('d.decided_at', 'is not', null)];
    if (decidedFrom) answered.push(eb('d.decided_at', '>=', decidedFrom));
    if (decidedBefore) answered.push(eb('d.decided_at', '<', decidedBefore));
    return eb.or([eb('d.decided_at', 'is', null), eb.and(answered)]);
  });
  const rows = await q.orderBy('d.notified_at').orderBy('d.ref').execute();
  return rows.map((d) => ({
    ref: d.ref,
    region: d.region,
    arrangementStatus: d.arrangement_status as ArrangementStatus,
    round: d.round,
    notifiedAt: d.notified_at.toISOString(),
    ...(d.decided_at ? { decidedAt: d.decided_at.toISOString() } : {}),
    ...(d.outcome !== null ? { outcome: d.outcome } : {}),
    ...(d.decided_by !== null ? { decidedBy: d.decided_by } : {}),
    ...(d.reason !== null ? { reason: d.reason } : {}),
  }));
}

/** How many arrangements `scope` covers in each status (statuses with none are absent). */
export async function countByStatus(db: Db, scope: ListScope): Promise<Partial<Record<ArrangementStatus, number>>> {
  const rows = await withinScope(
    db.selectFrom('arrangement_summary').select(['arrangement_summary.status', (eb) => eb.fn.countAll<string>().as('n')]),
    scope,
  )
    .groupBy('arrangement_summary.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The read model's queries on one database, for the API and the web application. */
export interface ReadModelQueries {
  listSummaries(input: ListSummariesInput): Promise<SummaryPage>;
  openObligationsFor(input: OpenObligationsInput): Promise<{ items: OpenObligation[]; truncated: boolean }>;
  readArrangement(ref: string): Promise<ArrangementReadModel | undefined>;
  /** The summary row of `ref` alone (one primary-key read, no detail rows), or undefined when not projected. */
  readSummary(ref: string): Promise<ArrangementSummary | undefined>;
  decisionsFor(input: DecisionsInput): Promise<RegionalOfficeDecision[]>;
  countByStatus(scope: ListScope): Promise<Partial<Record<ArrangementStatus, number>>>;
}

/** The read model's queries on hapa's PostgreSQL store. */
export function createReadModelQueries(db: Db): ReadModelQueries {
  return {
    listSummaries: (input) => listSummaries(db, input),
    openObligationsFor: (input) => openObligationsFor(db, input),
    readArrangement: (ref) => readArrangement(db, ref),
    readSummary: (ref) => summaryOf(db, ref),
    decisionsFor: (input) => decisionsFor(db, input),
    countByStatus: (scope) => countByStatus(db, scope),
  };
}
