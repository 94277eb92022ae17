import { parse } from 'csv-parse/sync';
import { csvOf } from '../../api/csv';

describe('CSV lists', () => {
  test('when a cell holds commas, quotes or line breaks, then it is quoted and reads back whole', () => {
    const rows = [{ name: 'Riverside, "North"\nPCT', n: 3, ok: false }];
    const text = csvOf(rows, [
      { header: 'name', cell: (r) => r.name },
      { header: 'n', cell: (r) => r.n },
      { header: 'ok', cell: (r) => r.ok },
    ]);
    expect(parse(text, { columns: true })).toEqual([{ name: 'Riverside, "North"\nPCT', n: '3', ok: 'false' }]);
  });

  test('when a cell would run as a spreadsheet formula, then it is prefixed with an apostrophe', () => {
    const text = csvOf(
      [{ v: '=HYPERLINK("http://x")' }, { v: '+1' }, { v: '@SUM(A1)' }, { v: 'plain' }, { v: undefined }],
      [{ header: 'v', cell: (r) => r.v }],
    );
    expect(parse<{ v: string }>(text, { columns: true }).map((r) => r.v)).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'@SUM(A1)",
      'plain',
      '',
    ]);
  });
});
