/**
 * The home pages and the portfolio on the real read model in PostgreSQL (supertest + cheerio): what a
 * Regional Office officer, a partner officer and an administrator see listed, in what order, with what
 * words, and the portfolio's search, filter, sort, pages and CSV export.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { ObligationRow } from '../../domain';
import { createReadModel, type ArrangementSummary } from '../../store/read-model';
import { createReadModelQueries } from '../../store/read-model-queries';
import { fakeTemporal } from '../api/fake-temporal';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { appWith, BROWSER, signIn } from './web-harness';

/** Thursday 15 June 2028, 11am in England. */
const NOW = Date.parse('2028-06-15T10:00:00Z');

const RIVERSIDE = { id: 'pct-riverside', name: 'Riverside Primary Care Trust' };
const NORTHSHIRE = { id: 'cc-northshire', name: 'Northshire County Council' };

const obligation = (id: string, overrides: Partial<ObligationRow>): ObligationRow => ({
  obligationId: id,
  kind: 'quarterlyReport',
  title: id,
  dueDate: '2028-07-31',
  dueAt: '2028-07-31T23:00:00.000Z',
  status: 'open',
  responsibleRole: 'reportingPartner',
  ownerIds: [RIVERSIDE.id],
  citation: 'SI 2000/617 reg 7(4)',
  createdAt: '2028-04-01T09:00:00.000Z',
  remindersSent: [],
  ...overrides,
});

/** The Regional Office's answer to a notification sent on `sentOn`, due by `dueDate`. */
const roResponse = (sentOn: string, dueDate: string): ObligationRow =>
  obligation('roResponse:1', {
    kind: 'roResponse',
    title: 'Regional Office response to the notification (version 1)',
    dueDate,
    dueAt: `${dueDate}T23:00:00.000Z`,
    responsibleRole: 'regionalOffice',
    ownerIds: [],
    createdAt: `${sentOn}T09:00:00.000Z`,
  });

const summary = (ref: string, overrides: Partial<ArrangementSummary>): ArrangementSummary => ({
  ref,
  workflowId: `arrangement:${ref}`,
  revision: 1,
  status: 'active',
  region: 'northWest',
  types: ['pooledFund'],
  partners: [RIVERSIDE, NORTHSHIRE],
  startDate: '2028-04-01',
  updatedAt: '2028-04-01T09:00:00.000Z',
  details: { obligations: [], decisions: [], versions: [] },
  ...overrides,
});

const withObligations = (obligations: ObligationRow[]) => ({
  details: { obligations, decisions: [], versions: [] },
  nextDeadlineAt: obligations.map((o) => o.dueAt).sort()[0],
});

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
  const write = createReadModel(t.db).writeSummary;
  await write(
    summary('NW-1', {
      ...withObligations([
        obligation('quarterlyReport:2028Q1', { title: 'Quarterly report for 2028 Q1 (2028-04-01 to 2028-06-30)' }),
        obligation('annualReport:2027', {
          kind: 'annualReport',
          title: 'Annual report for 2027/28',
          dueDate: '2028-06-01',
          dueAt: '2028-06-01T22:59:59.999Z',
        }),
      ]),
    }),
  );
  await write(
    summary('NW-2', {
      status: 'notified',
      notifiedAt: '2028-06-01T09:00:00.000Z',
      ...withObligations([
        roResponse('2028-06-01', '2028-06-29'),
        obligation('haConsent:cc-northshire', {
          kind: 'haConsent',
          title: 'Consent of cc-northshire for pct-riverside to take part',
          dueDate: '2028-08-15',
          dueAt: '2028-08-15T22:59:59.999Z',
        }),
      ]),
    }),
  );
  await write(
    summary('NW-3', {
      status: 'notified',
      notifiedAt: '2028-05-02T09:00:00.000Z',
      ...withObligations([roResponse('2028-05-02', '2028-05-31')]),
    }),
  );
  await write(
    summary('NE-1', {
      region: 'northEast',
      partners: [{ id: 'pct-elsewhere', name: 'Elsewhere Primary Care Trust' }],
      ...withObligations([
        obligation('annualReport:2027', {
          kind: 'annualReport',
          ownerIds: ['pct-elsewhere'],
          dueDate: '2028-06-01',
          dueAt: '2028-06-01T22:59:59.999Z',
        }),
      ]),
    }),
  );
});
afterEach(async () => {
  await t.drop();
});

const app = () => appWith(fakeTemporal(), { readModel: createReadModelQueries(t.db), now: () => NOW });

/** The cells' text of each body row of the table captioned `caption` (its start). */
function table($: CheerioAPI, caption: string): string[][] {
  const found = $('table').filter((_i, el) => $(el).find('caption').text().trim().startsWith(caption));
  expect(found.length).toBe(1);
  found.find('br').replaceWith(' ');
  return found
    .find('tbody tr')
    .toArray()
    .map((tr) =>
      $(tr)
        .find('th, td')
        .toArray()
        .map((td) => $(td).text().replace(/\s+/g, ' ').trim()),
    );
}

describe('home pages on the read model', () => {
  test('when a Regional Office officer signs in, then it sees what awaits its answer oldest first with working days against the target, what is overdue and counts by status, for its region only', async () => {
    const { agent } = await signIn(app(), 'ro-north-west');
    const $ = load((await agent.get('/').set(BROWSER)).text);
    expect(table($, 'Oldest first')).toEqual([
      [
        'NW-3',
        'Riverside Primary Care Trust, Northshire County Council',
        'Tuesday 2 May 2028',
        'Overdue 31 of 20',
        'Answer the notification',
      ],
      ['NW-2', 'Riverside Primary Care Trust, Northshire County Council', 'Thursday 1 June 2028', '10 of 20', 'Answer the notification'],
    ]);
    expect(table($, 'Duties whose due date has passed')).toEqual([
      [
        'The Regional Office answers Regional Office response to the notification (version 1)',
        'NW-3',
        'The Regional Office',
        'Overdue Wednesday 31 May 2028',
      ],
      ['File the annual report Annual report for 2027/28', 'NW-1', 'Riverside Primary Care Trust', 'Overdue Thursday 1 June 2028'],
    ]);
    const counts = $('.govuk-summary-list__row')
      .map((_i, row) => `${$(row).find('dt').text().trim()}: ${$(row).find('dd').text().trim()}`)
      .get();
    expect(counts).toEqual(['With the Regional Office: 2', 'In force: 1']);
    expect($('main').text()).not.toContain('NE-1');
  });

  test('when the Regional Office has asked the partners a question, then the notification is listed as awaiting information, not as awaiting its answer', async () => {
    await createReadModel(t.db).writeSummary(
      summary('NW-4', {
        status: 'notified',
        notifiedAt: '2028-06-02T09:00:00.000Z',
        ...withObligations([{ ...roResponse('2028-06-02', '2028-06-30'), clockStoppedOn: '2028-06-05' }]),
      }),
    );
    const { agent } = await signIn(app(), 'ro-north-west');
    const $ = load((await agent.get('/').set(BROWSER)).text);
    expect(table($, 'You asked the partners a question')).toEqual([
      [
        'NW-4',
        'Riverside Primary Care Trust, Northshire County Council',
        'Monday 5 June 2028',
        'Wait for the partners to answer your question',
      ],
    ]);
    expect(table($, 'Oldest first').map((row) => row[0])).toEqual(['NW-3', 'NW-2']);
  });

  test('when a partner officer signs in, then it sees what its organisation owes, overdue first, in words with a link, then its arrangements', async () => {
    const { agent } = await signIn(app(), 'pct-riverside');
    const $ = load((await agent.get('/').set(BROWSER)).text);
    expect(table($, 'Overdue first, then the soonest')).toEqual([
      ['File the annual report Annual report for 2027/28', 'NW-1', 'Overdue Thursday 1 June 2028'],
      [
        'File the quarterly report Quarterly report for 2028 Q1 (Saturday 1 April 2028 to Friday 30 June 2028)',
        'NW-1',
        'Monday 31 July 2028',
      ],
      [
        'Get the health authority’s consent Consent of Northshire County Council for Riverside Primary Care Trust to take part',
        'NW-2',
        'Tuesday 15 August 2028',
      ],
    ]);
    expect($('a[href="/arrangements/NW-1"]').length).toBeGreaterThan(0);
    // The Regional Office's own duties on its arrangements are not the partner's to do.
    expect($('main').text()).not.toContain('The Regional Office answers');
    expect(table($, 'Soonest deadline first').map((r) => r[0])).toEqual(['NW-3', 'NW-1', 'NW-2']);
  });
});

describe('the portfolio on the read model', () => {
  test('when the portfolio is searched, filtered and sorted, then the page and the CSV hold the same matching arrangements', async () => {
    await createReadModel(t.db).writeSummary(
      summary('NW-4', { partners: [{ id: 'x', name: '=HYPERLINK("x")' }], startDate: '2026-04-01' }),
    );
    const { agent } = await signIn(app(), 'ro-north-west');
    const refs = ($: CheerioAPI) =>
      $('tbody tr')
        .map((_i, tr) => $(tr).find('td').first().text().trim())
        .get();
    expect(refs(load((await agent.get('/portfolio?status=active&sort=startDate').set(BROWSER)).text))).toEqual(['NW-4', 'NW-1']);
    expect(refs(load((await agent.get('/portfolio?search=hyperlink').set(BROWSER)).text))).toEqual(['NW-4']);
    expect(refs(load((await agent.get('/portfolio?search=riverside&sort=reference').set(BROWSER)).text))).toEqual(['NW-1', 'NW-2', 'NW-3']);
    const csv = await agent.get('/portfolio.csv?status=active&sort=startDate').set(BROWSER);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')).toEqual([
      'Reference,Status,Region,Partners,Start date,Next deadline',
      `NW-4,In force,North West,"'=HYPERLINK(""x"")",2026-04-01,`,
      'NW-1,In force,North West,Riverside Primary Care Trust; Northshire County Council,2028-04-01,Thursday 1 June 2028',
      '',
    ]);
  });

  test('when more arrangements match than one page holds, then the pages link on and back keeping the search, and the CSV holds them all', async () => {
    const write = createReadModel(t.db).writeSummary;
    for (let i = 10; i < 70; i++) await write(summary(`NW-${i}`, {}));
    const { agent } = await signIn(app(), 'administrator');
    const first = load((await agent.get('/portfolio?search=NW-&sort=reference').set(BROWSER)).text);
    expect(first('tbody tr').length).toBe(50);
    const next = first('.govuk-pagination__next a');
    expect(next.text()).toContain('Page 2');
    expect(next.attr('href')).toBe('/portfolio?search=NW-&status=&sort=reference&page=2');
    const second = load((await agent.get(next.attr('href') as string).set(BROWSER)).text);
    expect(second('tbody tr').length).toBe(13);
    expect(second('.govuk-pagination__prev a').attr('href')).toBe('/portfolio?search=NW-&status=&sort=reference');
    expect(second('.govuk-pagination__next').length).toBe(0);
    const csv = await agent.get('/portfolio.csv?search=NW-').set(BROWSER);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 63);
  });
});
