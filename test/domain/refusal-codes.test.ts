import { isRefusalCode, refusal, REFUSAL_CODE_LIST, REFUSAL_CODES } from '../../domain';

describe('refusal codes: a closed table, each with a citation', () => {
  test('when the table is read, then every code is camelCase with a cited rule and a description', () => {
    for (const code of REFUSAL_CODE_LIST) {
      expect(code).toMatch(/^[a-z][A-Za-z]+$/);
      expect(REFUSAL_CODES[code].citation).toMatch(/\S/);
      expect(REFUSAL_CODES[code].description).toMatch(/\S/);
    }
  });

  test('when a refusal is built without a citation, then it cites the code’s own rule', () => {
    expect(refusal('proposerCannotDecide', 'No.')).toEqual({
      code: 'proposerCannotDecide',
      message: 'No.',
      citation: REFUSAL_CODES.proposerCannotDecide.citation,
    });
  });

  test('when a code read back from the wire is checked, then only members of the table pass', () => {
    expect(isRefusalCode('checklistIncomplete')).toBe(true);
    expect(isRefusalCode('noSuchCode')).toBe(false);
    expect(isRefusalCode('toString')).toBe(false);
    expect(isRefusalCode(42)).toBe(false);
  });
});
