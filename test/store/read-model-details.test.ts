import { sql } from 'kysely';
import { isObligationInListScope, type ListScope, type ObligationRow, type ProjectionDetails } from '../../domain';
import { createReadModel, type ArrangementSummary } from '../../store/read-model';
import { createReadModelQueries } from '../../store/read-model-queries';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';

let t: TestDatabase;
beforeEach(async () => {
  t = await testDatabase();
});
afterEach(async () => {
  await t.drop();
});

const obligation = (id: string, overrides: Partial<ObligationRow> = {}): ObligationRow => ({
  obligationId: id,
  kind: 'quarterlyReport',
  title: `Report ${id}`,
  dueDate: '2028-07-31',
  dueAt: '2028-07-31T23:00:00.000Z',
  status: 'open',
  responsibleRole: 'reportingPartner',
  ownerIds: ['pct-a'],
  citation: 'SI 2000/617 reg 7(4)',
  createdAt: '2028-04-01T00:00:00.000Z',
  remindersSent: [],
  ...overrides,
});

const details = (overrides: Partial<ProjectionDetails> = {}): ProjectionDetails => ({
  obligations: [obligation('quarterlyReport:2028Q1')],
  decisions: [{ round: 1, notifiedAt: '2028-01-10T10:00:00.000Z' }],
  versions: [],
  ...overrides,
});

const summary = (ref: string, revision: number, overrides: Partial<ArrangementSummary> = {}): ArrangementSummary => ({
  ref,
  workflowId: `arrangement:${ref}`,
  revision,
  status: 'active',
  region: 'northWest',
  types: ['pooledFund'],
  partners: [
    { id: 'pct-a', name: 'A PCT' },
    { id: 'la-a', name: 'A Council' },
  ],
  startDate: '2028-04-01',
  updatedAt: '2028-04-01T09:00:00.000Z',
  ...overrides,
});

describe('read model details', () => {
  test('when a summary carries details, then its obligations, decisions and versions read back with it', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    const d = details({
      obligations: [
        obligation('quarterlyReport:2028Q1', {
          remindersSent: [
            { step: '-7', key: 'X:quarterlyReport:2028Q1:-7', recipients: [{ name: 'Ann', email: 'ann@a.example', role: 'responsible' }] },
          ],
        }),
      ],
    });
    expect(await rm.writeSummary(summary('X', 1, { details: d }))).toBe(true);
    const read = await q.readArrangement('X');
    expect(read).toMatchObject({ ref: 'X', revision: 1, obligations: d.obligations, decisions: d.decisions, versions: [] });
  });

  test('when free text carries a lone UTF-16 surrogate, then the write still lands, with U+FFFD in its place, as text parameters were stored', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    // Accepted by the input checks (a printable pattern); PostgreSQL's jsonb refuses an unpaired \ud800 escape.
    const reason = 'Refused: see the letter \ud800 of 3 May';
    const d = details({ decisions: [{ round: 1, notifiedAt: '2028-01-10T10:00:00.000Z', outcome: 'refused', reason }] });
    expect(await rm.writeSummary(summary('S', 1, { details: d, partners: [{ id: 'pct-a', name: 'A \udc00 PCT' }] }))).toBe(true);
    const read = await q.readArrangement('S');
    expect(read?.decisions[0]?.reason).toBe('Refused: see the letter \ufffd of 3 May');
    expect(read?.partners[0]?.name).toBe('A \ufffd PCT');
  });

  test('when an older revision lands after a newer one, or a write is retried, then the detail rows are unchanged', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    const newer = details({ obligations: [obligation('a', { status: 'done', doneAt: '2028-07-01T00:00:00.000Z' })] });
    await rm.writeSummary(summary('X', 5, { details: newer }));
    expect(await rm.writeSummary(summary('X', 4, { details: details() }))).toBe(false);
    expect(await rm.writeSummary(summary('X', 5, { details: details() }))).toBe(false);
    expect((await q.readArrangement('X'))?.obligations).toEqual(newer.obligations);
  });

  test('when a newer revision drops an obligation, then its row goes too', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    await rm.writeSummary(summary('X', 1, { details: details({ obligations: [obligation('a'), obligation('b')] }) }));
    await rm.writeSummary(summary('X', 2, { details: details({ obligations: [obligation('b')] }) }));
    expect((await q.readArrangement('X'))?.obligations.map((o) => o.obligationId)).toEqual(['b']);
  });

  test('when two newer revisions wait on the same summary, then each removes the rows the one before it committed, and the newest alone remains', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    // Every row says which revision wrote it, so rows a writer failed to remove show up.
    const detailsOf = (revision: number) =>
      details({ obligations: [obligation(`r${revision}`)], decisions: [{ round: revision, notifiedAt: '2028-01-10T10:00:00.000Z' }] });
    await rm.writeSummary(summary('X', 1, { details: detailsOf(1) }));
    const lockWaiters = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)
      ).rows[0]?.n;

    // Revision 2 then revision 3 queue behind a lock on the summary row, and run in that order once it goes:
    // revision 3's replacement of the detail rows starts after revision 2 has committed its own.
    let release = () => {};
    const held = t.db.transaction().execute(async (tx) => {
      await tx.selectFrom('arrangement_summary').select('ref').where('ref', '=', 'X').forUpdate().execute();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await eventually(async () => expect(await lockWaiters()).toBe(0));
    const second = rm.writeSummary(summary('X', 2, { details: detailsOf(2) }));
    await eventually(async () => expect(await lockWaiters()).toBe(1));
    const third = rm.writeSummary(summary('X', 3, { details: detailsOf(3) }));
    await eventually(async () => expect(await lockWaiters()).toBe(2));
    release();
    await held;

    expect(await Promise.all([second, third])).toEqual([true, true]);
    expect(await q.readArrangement('X')).toMatchObject({
      revision: 3,
      obligations: [{ obligationId: 'r3' }],
      decisions: [{ round: 3 }],
    });
    const rowsOfX = await sql<{ n: number }>`select (select count(*) from arrangement_obligation where ref = 'X')
      + (select count(*) from arrangement_decision where ref = 'X') as n`.execute(t.db);
    expect(Number(rowsOfX.rows[0]?.n)).toBe(2);
  });

  test('when a summary comes without details (a workflow from before them), then the detail rows are kept', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    await rm.writeSummary(summary('X', 1, { details: details() }));
    await rm.writeSummary(summary('X', 2, { status: 'terminating' }));
    expect(await q.readArrangement('X')).toMatchObject({
      revision: 2,
      status: 'terminating',
      obligations: [{ obligationId: 'quarterlyReport:2028Q1' }],
    });
  });
});

describe('read model queries', () => {
  beforeEach(async () => {
    const rm = createReadModel(t.db);
    const ro = obligation('roResponse:1', { responsibleRole: 'regionalOffice', ownerIds: [], dueAt: '2028-02-01T00:00:00.000Z' });
    await rm.writeSummary(
      summary('NW-1', 1, {
        nextDeadlineAt: '2028-02-01T00:00:00.000Z',
        notifiedAt: '2028-01-10T10:00:00.000Z',
        details: details({ obligations: [ro, obligation('q1', { dueAt: '2028-03-01T00:00:00.000Z' })] }),
      }),
    );
    await rm.writeSummary(
      summary('NW-2', 1, {
        nextDeadlineAt: '2028-01-15T00:00:00.000Z',
        types: ['leadCommissioning'],
        partners: [
          { id: 'pct-b', name: 'B PCT' },
          { id: 'la-b', name: 'B Council' },
        ],
        details: details({ obligations: [obligation('q2', { ownerIds: ['pct-b'], dueAt: '2028-01-15T00:00:00.000Z' })], decisions: [] }),
      }),
    );
    await rm.writeSummary(
      summary('WM-1', 1, {
        region: 'westMidlands',
        notifiedAt: '2028-03-10T10:00:00.000Z',
        details: details({ obligations: [obligation('q3', { status: 'done', doneAt: '2028-01-01T00:00:00.000Z' })] }),
      }),
    );
  });

  test('when lists are sorted by next deadline, notified-at or reference, then rows come in that order, none last', async () => {
    const q = createReadModelQueries(t.db);
    const refs = async (sort: 'nextDeadline' | 'notifiedAt' | 'ref') =>
      (await q.listSummaries({ scope: { all: true }, sort })).items.map((s) => s.ref);
    expect(await refs('nextDeadline')).toEqual(['NW-2', 'NW-1', 'WM-1']);
    expect(await refs('notifiedAt')).toEqual(['WM-1', 'NW-1', 'NW-2']);
    expect(await refs('ref')).toEqual(['NW-1', 'NW-2', 'WM-1']);
  });

  test('when a list is scoped and filtered, then it holds only what the scope covers and the filters match, page by page', async () => {
    const q = createReadModelQueries(t.db);
    const refs = async (input: Parameters<typeof q.listSummaries>[0]) => (await q.listSummaries(input)).items.map((s) => s.ref);
    expect(await refs({ scope: { partnerId: 'pct-a' }, sort: 'ref' })).toEqual(['NW-1', 'WM-1']);
    expect(await refs({ scope: { region: 'northWest' }, sort: 'ref' })).toEqual(['NW-1', 'NW-2']);
    expect(await refs({ scope: { nothing: true } })).toEqual([]);
    expect(await refs({ scope: { all: true }, filters: { type: 'leadCommissioning' } })).toEqual(['NW-2']);
    expect(await refs({ scope: { all: true }, filters: { partner: 'la-b' } })).toEqual(['NW-2']);
    expect(await refs({ scope: { all: true }, filters: { deadlineBefore: new Date('2028-01-20T00:00:00Z') } })).toEqual(['NW-2']);
    expect(await refs({ scope: { all: true }, filters: { deadlineAfter: new Date('2028-01-20T00:00:00Z') } })).toEqual(['NW-1']);
    const first = await q.listSummaries({ scope: { all: true }, sort: 'ref', limit: 2 });
    expect(first).toMatchObject({ nextOffset: 2 });
    const second = await q.listSummaries({ scope: { all: true }, sort: 'ref', limit: 2, offset: first.nextOffset });
    expect(second.items.map((s) => s.ref)).toEqual(['WM-1']);
    expect(second).not.toHaveProperty('nextOffset');
  });

  test('when a list is searched, then words match the reference or a partner’s name in any case, and LIKE’s wildcards match only themselves', async () => {
    const q = createReadModelQueries(t.db);
    const refs = async (search: string) =>
      (await q.listSummaries({ scope: { all: true }, sort: 'ref', filters: { search } })).items.map((s) => s.ref);
    expect(await refs('nw-')).toEqual(['NW-1', 'NW-2']);
    expect(await refs('b council')).toEqual(['NW-2']);
    expect(await refs('%')).toEqual([]);
    expect(await refs('_')).toEqual([]);
  });

  test('when arrangements are counted by status or sorted by start date, then the counts and the order follow the scope', async () => {
    const rm = createReadModel(t.db);
    await rm.writeSummary(summary('NW-3', 1, { status: 'notified', startDate: '2027-04-01' }));
    const q = createReadModelQueries(t.db);
    expect(await q.countByStatus({ region: 'northWest' })).toEqual({ active: 2, notified: 1 });
    expect(await q.countByStatus({ partnerId: 'pct-b' })).toEqual({ active: 1 });
    expect(await q.countByStatus({ nothing: true })).toEqual({});
    expect((await q.listSummaries({ scope: { region: 'northWest' }, sort: 'startDate' })).items.map((s) => s.ref)).toEqual([
      'NW-3',
      'NW-1',
      'NW-2',
    ]);
  });

  test('when open obligations are asked for by kind, then only those kinds come, with the arrangement’s partners', async () => {
    const answer = obligation('roResponse:1', { kind: 'roResponse', responsibleRole: 'regionalOffice', ownerIds: [] });
    await createReadModel(t.db).writeSummary(summary('NW-9', 1, { status: 'notified', details: details({ obligations: [answer] }) }));
    const q = createReadModelQueries(t.db);
    const { items } = await q.openObligationsFor({ scope: { region: 'northWest' }, kinds: ['roResponse'] });
    expect(items.map((o) => [o.ref, o.obligationId, o.partners.map((p) => p.name)])).toEqual([
      ['NW-9', 'roResponse:1', ['A PCT', 'A Council']],
    ]);
    expect((await q.openObligationsFor({ scope: { all: true }, kinds: [] })).items).toEqual([]);
  });

  test("when a partner asks for its open obligations, then it gets its own and never the Regional Office's duties; the region gets all of its own", async () => {
    const q = createReadModelQueries(t.db);
    const ids = async (scope: Parameters<typeof q.openObligationsFor>[0]['scope']) =>
      (await q.openObligationsFor({ scope })).items.map((o) => `${o.ref}/${o.obligationId}`);
    expect(await ids({ partnerId: 'pct-a' })).toEqual(['NW-1/q1']);
    expect(await ids({ partnerId: 'pct-b' })).toEqual(['NW-2/q2']);
    expect(await ids({ region: 'northWest' })).toEqual(['NW-2/q2', 'NW-1/roResponse:1', 'NW-1/q1']);
    expect(await ids({ region: 'westMidlands' })).toEqual([]);
    expect(await ids({ all: true })).toEqual(['NW-2/q2', 'NW-1/roResponse:1', 'NW-1/q1']);
    const [first] = (await q.openObligationsFor({ scope: { partnerId: 'pct-b' } })).items;
    expect(first).toMatchObject({ title: 'Report q2', owners: [{ id: 'pct-b', name: 'B PCT' }], region: 'northWest' });
  });

  test("when any scope asks for open obligations, then the store's SQL agrees with the domain's rule", async () => {
    const q = createReadModelQueries(t.db);
    const everyOpen = (await q.openObligationsFor({ scope: { all: true } })).items;
    const scopes: ListScope[] = [
      { partnerId: 'pct-a' },
      { partnerId: 'la-a' },
      { partnerId: 'pct-b' },
      { partnerId: 'nobody' },
      { region: 'northWest' },
      { region: 'westMidlands' },
      { all: true },
      { nothing: true },
    ];
    for (const scope of scopes) {
      const fromStore = (await q.openObligationsFor({ scope })).items.map((o) => `${o.ref}/${o.obligationId}`);
      const byRule = everyOpen.filter((o) => isObligationInListScope(scope, o)).map((o) => `${o.ref}/${o.obligationId}`);
      expect({ scope, ids: fromStore }).toEqual({ scope, ids: byRule });
    }
  });

  test('when decisions are read for a period, then unanswered ones always come and answered ones only within it', async () => {
    const rm = createReadModel(t.db);
    const q = createReadModelQueries(t.db);
    await rm.writeSummary(
      summary('NW-1', 2, {
        status: 'active',
        details: details({
          decisions: [
            { round: 1, notifiedAt: '2028-01-10T10:00:00.000Z', decidedAt: '2028-01-20T10:00:00.000Z', outcome: 'refuse', decidedBy: 'ro' },
            { round: 2, notifiedAt: '2028-02-10T10:00:00.000Z', decidedAt: '2028-03-20T10:00:00.000Z', outcome: 'approve' },
          ],
        }),
      }),
    );
    const rounds = async (input: Omit<Parameters<typeof q.decisionsFor>[0], 'scope'>) =>
      (await q.decisionsFor({ scope: { region: 'northWest' }, ...input })).map((d) => `${d.ref}/${d.round}`);
    expect(await rounds({})).toEqual(['NW-1/1', 'NW-1/2']);
    expect(await rounds({ decidedFrom: new Date('2028-03-01T00:00:00Z') })).toEqual(['NW-1/2']);
    expect(await rounds({ decidedBefore: new Date('2028-03-01T00:00:00Z') })).toEqual(['NW-1/1']);
    expect((await q.decisionsFor({ scope: { region: 'westMidlands' } })).map((d) => `${d.ref}/${d.round}/${d.arrangementStatus}`)).toEqual([
      'WM-1/1/active',
    ]);
  });
});
