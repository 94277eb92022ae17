import { checklistItem, requiredChecklistItems, resolvePolicy, validTermsFor } from './checklist-helpers';

describe('agreement checklist', () => {
  const cross = ['X-TYPES', 'X-LIABILITY', 'X-GOVERNANCE', 'X-STAFF', 'X-REVIEW-DATE', 'X-REPORTING'];
  test.each([
    ['a pooled fund', validTermsFor('pool'), ['PF-A', 'PF-B', 'PF-C', 'PF-D', 'PF-E', 'PF-F', 'PF-G', 'PF-H', ...cross]],
    ['a reg 9 lead commissioning delegation', validTermsFor('reg9'), ['D9-A', 'D9-B', 'D9-C', 'D9-D', 'D9-E', 'D9-F', 'D9-G', ...cross]],
    ['a reg 8 integrated provision delegation', validTermsFor('reg8'), ['D8-A', 'D8-B', 'D8-C', 'D8-D', 'D8-E', 'D8-F', 'D8-G', ...cross]],
    [
      'a pool with acute non-surgical services',
      validTermsFor('manualReview'),
      ['PF-A', 'PF-B', 'PF-C', 'PF-D', 'PF-E', 'PF-F', 'PF-G', 'PF-H', ...cross, 'X-MANUAL-REVIEW'],
    ],
  ])('when the arrangement is %s, then these particulars are required', (_name, terms, expected) => {
    expect(requiredChecklistItems(terms)).toEqual(expected);
  });

  test('when policy drops unverified and inferred items, then only verified items and the liability statement remain', () => {
    expect(requiredChecklistItems(validTermsFor('reg8'), resolvePolicy({ requireInferredChecklistItems: false }))).toEqual(['X-LIABILITY']);
    expect(requiredChecklistItems(validTermsFor('pool'), resolvePolicy({ requireInferredChecklistItems: false }))).toEqual([
      'PF-A',
      'PF-B',
      'PF-C',
      'PF-D',
      'PF-E',
      'PF-F',
      'PF-G',
      'X-LIABILITY',
    ]);
  });

  test.each([
    ['PF-B', 'SI 2000/617 reg 7(3)(b) [V]'],
    ['D9-G', 'SI 2000/617 reg 9(3)(g) [V]'],
    ['X-LIABILITY', 'Health Act 1999 s31(5) [V]; EN 240 [V]'],
  ] as const)('when looking up %s, then it carries its citation', (id, citation) => {
    expect(checklistItem(id).citation).toBe(citation);
  });
});
