/**
 * Calendar feeds on the real dev server (issue 15 §3): each person's and each organisation's secret
 * URL, read as a calendar client reads it (no bearer token) and parsed with an independent iCalendar
 * parser (node-ical), checked against the read model: one all-day event per open obligation in scope on
 * its due date in England (either side of a clock change), the lead-time alarm, the link, UIDs that
 * survive a moved due date; revoked or rotated URLs answer 404.
 */
import ical, { type VEvent } from 'node-ical';
import { deadlineUid, englandDays, englandOffsetMs, whatToDoAbout, type ListScope, type ObligationRow } from '../../domain';
import { createCalendarFeeds } from '../../store/calendar-feeds';
import { createReadModel, type ArrangementSummary } from '../../store/read-model';
import { createReadModelQueries } from '../../store/read-model-queries';
import { arrangementWorkflowId } from '../../workflows/contract';
import { commandsToReachReady } from '../domain/fixtures';
import { actAll, stepsBefore } from '../helpers/arrangements';
import { eventually } from '../helpers/eventually';
import { uniqueRef } from '../helpers/temporal';
import { createBody, FIXTURE, futureTerms } from './api-fixtures';
import { call, tokenFor } from './api-harness';
import { startLiveApi, type LiveApi } from './live-api';

const link = (ref: string) => `https://hapa.example/arrangements/${ref}`;
const OTHER_ORG = 'pct-elsewhere';
let live: LiveApi;
let notified: string;
let ours: string;
let theirs: string;
const tokens = {} as Record<'partner' | 'otherPartner' | 'ro' | 'admin', string>;

/** An open obligation row as the workflow projects it, due on `dueDate` (a day in England). */
const obligation = (id: string, dueDate: string, ownerIds: string[], leadDays?: number): ObligationRow => ({
  obligationId: id,
  kind: ownerIds.length > 0 ? 'quarterlyReport' : 'roResponse',
  title: ownerIds.length > 0 ? 'Quarterly report for 2030Q4 (2031-01-01 to 2031-03-31)' : "Regional Office's response to the notification",
  dueDate,
  dueAt: new Date(englandDays.passedAt(dueDate)).toISOString(),
  status: 'open',
  responsibleRole: ownerIds.length > 0 ? 'reportingPartner' : 'regionalOffice',
  ownerIds,
  citation: 'SI 2000/617 reg 7',
  ...(leadDays !== undefined ? { leadDays } : {}),
  createdAt: '2030-01-01T00:00:00.000Z',
  remindersSent: [],
});

/** A summary with its obligations, as the `projectSummary` activity writes it. */
const summary = (ref: string, revision: number, region: string, partners: string[], obligations: ObligationRow[]): ArrangementSummary => ({
  ref,
  workflowId: `arrangement-${ref}`,
  revision,
  status: 'active',
  region,
  types: ['pooledFund'],
  partners: partners.map((id) => ({ id, name: `Name of ${id}` })),
  startDate: '2030-04-01',
  updatedAt: new Date().toISOString(),
  details: { obligations, decisions: [], versions: [] },
});

// Either side of the clocks going forward (Sunday 30 March 2031) and back (Sunday 26 October 2031).
const OUR_DUTIES = (moved = '2031-10-27') => [
  obligation('q4', '2031-03-28', [FIXTURE.partyOrg], 14),
  obligation('q1', '2031-03-31', [FIXTURE.partyOrg, OTHER_ORG], 14),
  obligation('q2', moved, [FIXTURE.partyOrg], 7),
  obligation('ro', '2031-04-02', []),
  obligation('theirs', '2031-05-01', [OTHER_ORG], 14),
];

beforeAll(async () => {
  live = await startLiveApi((db) => ({ calendarFeeds: { feeds: createCalendarFeeds(db), arrangementUrl: link } }));
  tokens.partner = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  tokens.otherPartner = await tokenFor({ sub: 'officer@elsewhere', role: 'partnerOfficer', org: OTHER_ORG });
  tokens.ro = await tokenFor({ sub: 'ro@nw', role: 'regionalOfficeOfficer', region: FIXTURE.region });
  tokens.admin = await tokenFor({ sub: 'admin', role: 'administrator' });

  // One arrangement driven by its workflow to the Regional Office's decision (which the partners do not owe)…
  notified = uniqueRef('CFN');
  const terms = futureTerms();
  const steps = commandsToReachReady(terms);
  expect((await call(live.api, 'POST', '/arrangements', { token: tokens.partner, body: createBody(notified, terms) })).status).toBe(201);
  await actAll(live.env.client.workflow.getHandle(arrangementWorkflowId(notified)), stepsBefore(steps, steps.at(-1)!.command.type));
  // …and two whose projections carry dates across a clock change, and another region's duties.
  ours = uniqueRef('CFA');
  theirs = uniqueRef('CFB');
  const writer = createReadModel(live.database.db);
  await writer.writeSummary(summary(ours, 1, FIXTURE.region, [FIXTURE.partyOrg, OTHER_ORG], OUR_DUTIES()));
  await writer.writeSummary(summary(theirs, 1, 'westMidlands', [OTHER_ORG], [obligation('w', '2031-06-30', [OTHER_ORG], 14)]));
  await eventually(async () => {
    const read = await createReadModelQueries(live.database.db).readArrangement(notified);
    expect(read?.obligations.some((o) => o.kind === 'roResponse' && o.status === 'open')).toBe(true);
  }, 20_000);
}, 120_000);
afterAll(() => live?.stop());

/** Makes a feed and returns its URL and id. */
async function feedFor(token: string, body: Record<string, unknown>): Promise<{ url: string; id: string }> {
  const res = await call(live.api, 'POST', '/calendar-feeds', { token, body });
  expect(res.status).toBe(201);
  return res.body as { url: string; id: string };
}

/** Reads a feed as a calendar client does (no bearer token) and parses it with node-ical. */
async function eventsOf(url: string): Promise<VEvent[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
  const parsed = ical.sync.parseICS(await res.text());
  return Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
}

// An all-day DATE value comes back as midnight of the parser's own zone, marked date-only.
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : typeof (value as { val?: unknown })?.val === 'string' ? (value as { val: string }).val : '';

/** The open obligations the read model lists for a scope, by UID. */
async function readModelFor(scope: ListScope) {
  const { items } = await createReadModelQueries(live.database.db).openObligationsFor({ scope });
  return new Map(items.map((o) => [deadlineUid(o.ref, o.obligationId), o]));
}

/** The UIDs of a feed's events that belong to this test's arrangements. */
const ourUids = (events: VEvent[]) =>
  events
    .map((e) => e.uid)
    .filter((uid) => [notified, ours, theirs].some((ref) => uid.startsWith(`${ref}/`)))
    .sort();

test('when a partner officer reads their feed, then each event is an open obligation its organisation owes, all-day on the due date in England, with the alarm and the link', async () => {
  const { url } = await feedFor(tokens.partner, { for: 'me' });
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const events = await eventsOf(url);
  const expected = await readModelFor({ partnerId: FIXTURE.partyOrg });
  expect(events.map((e) => e.uid).sort()).toEqual([...expected.keys()].sort());
  expect(ourUids(events)).toEqual([`${ours}/q1@hapa`, `${ours}/q2@hapa`, `${ours}/q4@hapa`]);
  // The clocks change between these due dates, and the events still fall on them.
  expect(englandOffsetMs(englandDays.passedAt('2031-03-28'))).not.toBe(englandOffsetMs(englandDays.passedAt('2031-03-31')));
  for (const event of events) {
    const row = expected.get(event.uid)!;
    expect(event.start.dateOnly).toBe(true);
    expect(dayOf(event.start)).toBe(row.dueDate);
    expect(event.end!.getTime() - event.start.getTime()).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(event.url).toMatchObject({ val: link(row.ref) });
    expect(textOf(event.description)).toContain(whatToDoAbout(row.kind));
    expect(textOf(event.description)).toContain(link(row.ref));
    expect(event.alarms?.map((a) => a.trigger) ?? []).toEqual(row.leadDays ? [`-P${row.leadDays}D`] : []);
  }
  // In words, as the emails write them: no ISO dates or quarter codes.
  const q1 = events.find((e) => e.uid === `${ours}/q1@hapa`)!;
  expect(textOf(q1.summary)).toBe(`Quarterly report for quarter 4 of 2030/31 (1 January 2031 to 31 March 2031) due (${ours})`);
  expect(textOf(q1.description)).toContain('is due on Monday 31 March 2031.');
  expect(textOf(q1.description)).toContain(`Owed by Name of ${FIXTURE.partyOrg}, Name of ${OTHER_ORG}.`);
  expect(events.find((e) => e.uid === `${ours}/q2@hapa`)?.alarms?.map((a) => [a.action, a.trigger])).toEqual([['DISPLAY', '-P7D']]);
});

test("when a partner's feed is read, then it never lists another organisation's or the Regional Office's duties; the Regional Office's lists its region's", async () => {
  const partner = await eventsOf((await feedFor(tokens.partner, { for: 'organisation' })).url);
  expect(partner.some((e) => e.uid.includes('roResponse'))).toBe(false);
  expect(ourUids(partner)).toEqual([`${ours}/q1@hapa`, `${ours}/q2@hapa`, `${ours}/q4@hapa`]);

  const other = await eventsOf((await feedFor(tokens.admin, { for: 'organisation', organisationId: OTHER_ORG })).url);
  expect(ourUids(other)).toEqual([`${ours}/q1@hapa`, `${ours}/theirs@hapa`, `${theirs}/w@hapa`]);

  const ro = await eventsOf((await feedFor(tokens.ro, { for: 'me' })).url);
  const roUids = ourUids(ro);
  expect(roUids).toEqual(expect.arrayContaining([`${ours}/ro@hapa`, `${ours}/theirs@hapa`]));
  expect(roUids.some((uid) => uid.startsWith(`${notified}/roResponse`))).toBe(true);
  expect(roUids.some((uid) => uid.startsWith(`${theirs}/`))).toBe(false);
  expect(roUids.sort()).toEqual(
    [...(await readModelFor({ region: FIXTURE.region })).keys()].filter((u) => ourUids([{ uid: u } as VEvent]).length > 0).sort(),
  );
});

test('when a due date moves, then the event keeps its UID and moves to the new day', async () => {
  const { url } = await feedFor(tokens.partner, { for: 'me' });
  const before = (await eventsOf(url)).find((e) => e.uid === `${ours}/q2@hapa`)!;
  expect(dayOf(before.start)).toBe('2031-10-27');
  await createReadModel(live.database.db).writeSummary(
    summary(ours, 2, FIXTURE.region, [FIXTURE.partyOrg, OTHER_ORG], OUR_DUTIES('2031-11-10')),
  );
  const after = (await eventsOf(url)).filter((e) => e.uid.startsWith(`${ours}/`));
  expect(after.map((e) => e.uid).sort()).toEqual([`${ours}/q1@hapa`, `${ours}/q2@hapa`, `${ours}/q4@hapa`]);
  expect(dayOf(after.find((e) => e.uid === `${ours}/q2@hapa`)!.start)).toBe('2031-11-10');
});

test('when a feed is revoked or replaced, then its URL answers 404 with the same body as a URL that never existed', async () => {
  const first = await feedFor(tokens.otherPartner, { for: 'me' });
  const second = await feedFor(tokens.otherPartner, { for: 'me' });
  const unknown = await fetch(`${live.api.baseUrl}/calendar/${'A'.repeat(43)}.ics`);
  const rotated = await fetch(first.url);
  expect([unknown.status, rotated.status]).toEqual([404, 404]);
  const body = await unknown.text();
  expect(await rotated.text()).toBe(body);

  const listed = await call(live.api, 'GET', '/calendar-feeds', { token: tokens.otherPartner });
  expect(listed.status).toBe(200);
  // Theirs, and their organisation's (which the administrator made in the test before).
  expect(listed.body.items).toEqual([
    expect.objectContaining({ owner: { kind: 'organisation', organisationId: OTHER_ORG }, createdBy: 'admin' }),
    expect.objectContaining({ id: second.id, owner: { kind: 'person', personId: 'officer@elsewhere' } }),
  ]);
  expect(JSON.stringify(listed.body)).not.toContain(second.url.split('/').pop()!.slice(0, 43));

  expect((await call(live.api, 'DELETE', `/calendar-feeds/${second.id}`, { token: tokens.partner })).status).toBe(404);
  expect((await fetch(second.url)).status).toBe(200);
  expect((await call(live.api, 'DELETE', `/calendar-feeds/${second.id}`, { token: tokens.otherPartner })).status).toBe(204);
  const revoked = await fetch(second.url);
  expect(revoked.status).toBe(404);
  expect(await revoked.text()).toBe(body);
  expect((await call(live.api, 'DELETE', `/calendar-feeds/${second.id}`, { token: tokens.otherPartner })).status).toBe(404);
});

test('when a feed is asked for without a token, for another organisation, or without naming one, then it is refused with the field at fault', async () => {
  expect((await call(live.api, 'POST', '/calendar-feeds', { body: { for: 'me' } })).status).toBe(401);
  expect(
    await call(live.api, 'POST', '/calendar-feeds', { token: tokens.partner, body: { for: 'organisation', organisationId: OTHER_ORG } }),
  ).toMatchObject({
    status: 403,
  });
  expect(await call(live.api, 'POST', '/calendar-feeds', { token: tokens.admin, body: { for: 'organisation' } })).toMatchObject({
    status: 400,
    body: { details: [{ path: 'body.organisationId' }] },
  });
  expect(await call(live.api, 'POST', '/calendar-feeds', { token: tokens.partner, body: { for: 'everyone' } })).toMatchObject({
    status: 400,
    body: { details: [{ path: 'body.for' }] },
  });
  expect(await call(live.api, 'DELETE', '/calendar-feeds/not-a-uuid', { token: tokens.partner })).toMatchObject({
    status: 400,
    body: { details: [{ path: 'params.id' }] },
  });
});
