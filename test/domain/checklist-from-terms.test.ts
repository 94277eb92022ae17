import { requiredChecklistItems, type ChecklistItemId } from '../../domain/agreement-checklist';
import { ITEMS_CHECKED_FROM_TERMS, termsGapsOf } from '../../domain/checklist-from-terms';
import type { ArrangementTerms } from '../../domain/arrangement-terms';
import { decide } from '../../domain';
import { at, driveToStatus, officerOf, PARTNERS, validTerms } from './fixtures';
import { validTermsFor } from './checklist-helpers';

/** The refusals for one item: code, citation and message, so a test can read what the partners are told. */
const gaps = (terms: ArrangementTerms, itemId: ChecklistItemId) =>
  termsGapsOf(terms, itemId).map((r) => ({ code: r.code, citation: r.citation, message: r.message }));

describe('issue 11 §4: items whose content the terms carry are checked from the terms', () => {
  test.each(['pool', 'reg9', 'reg8', 'manualReview'] as const)('complete %s terms leave no gap in any required item', (kind) => {
    const terms = validTermsFor(kind);
    expect(requiredChecklistItems(terms).flatMap((id) => termsGapsOf(terms, id))).toEqual([]);
  });

  const pool = validTermsFor('pool');
  const reg9 = validTermsFor('reg9');
  const reg8 = validTermsFor('reg8');
  const withoutAims = { aims: [] } as Partial<ArrangementTerms>;
  const withoutScope = { clientGroups: [], serviceKinds: [] } as Partial<ArrangementTerms>;
  const reviewAfterEnd = { reviewDate: '2005-01-01' };
  const endBeforeStart = { endDate: '2001-03-31' };

  test.each<[ChecklistItemId, ArrangementTerms, string, string[]]>([
    ['PF-A', { ...pool, ...withoutAims }, 'SI 2000/617 reg 7(3)(a) [V]', ['no agreed aims or outcomes', '(aims)']],
    ['D9-A', { ...reg9, ...withoutAims }, 'SI 2000/617 reg 9(3)(a) [V]', ['no agreed aims or outcomes']],
    ['D8-A', { ...reg8, ...withoutAims }, 'SI 2000/617 reg 8 (unverified: mirror of reg 9(3))', ['no agreed aims or outcomes']],
    [
      'PF-B',
      {
        ...pool,
        pooledFund: { ...pool.pooledFund!, contributions: pool.pooledFund!.contributions.filter((c) => c.partnerId !== PARTNERS.pct.id) },
      },
      'SI 2000/617 reg 7(3)(b) [V]',
      [`no contribution from ${PARTNERS.pct.name} (${PARTNERS.pct.id})`, '(pooledFund.contributions)'],
    ],
    [
      'PF-C',
      { ...pool, functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth'] },
      'SI 2000/617 reg 7(3)(c) [V]',
      [`no health-related function of ${PARTNERS.county.name} (${PARTNERS.county.id})`, '(functionIds)'],
    ],
    ['PF-D', { ...pool, ...withoutScope }, 'SI 2000/617 reg 7(3)(d) [V]', ['no client group', '(clientGroups)']],
    ['D9-D', { ...reg9, ...withoutScope }, 'SI 2000/617 reg 9(3)(d) [V]', ['no client group']],
    ['D8-D', { ...reg8, ...withoutScope }, 'SI 2000/617 reg 8 (unverified: mirror of reg 9(3))', ['no kind of service', '(serviceKinds)']],
    ['PF-F', { ...pool, ...reviewAfterEnd }, 'SI 2000/617 reg 7(3)(f) [V]', ['no review within the arrangement', '(reviewDate)']],
    ['D9-F', { ...reg9, ...endBeforeStart }, 'SI 2000/617 reg 9(3)(f) [V]', ['no duration', '(endDate)']],
    ['D8-F', { ...reg8, ...reviewAfterEnd }, 'SI 2000/617 reg 8 (unverified: mirror of reg 9(3))', ['no review within the arrangement']],
    [
      'D9-C',
      { ...reg9, functionIds: ['nhs.communityHealth'] },
      'SI 2000/617 reg 9(3)(c) [V]',
      [`nhs.learningDisabilityHealth delegated by ${PARTNERS.pct.name} (${PARTNERS.pct.id})`, '(functionIds)'],
    ],
    [
      'D8-C',
      { ...reg8, functionIds: ['nhs.learningDisabilityHealth'] },
      'SI 2000/617 reg 8 (unverified: mirror of reg 9(3))',
      [`la.domiciliaryCare delegated by ${PARTNERS.county.name} (${PARTNERS.county.id})`],
    ],
    [
      'PF-H',
      { ...pool, pooledFund: { ...pool.pooledFund!, hostPartnerId: 'nobody' } },
      'SI 2000/617 reg 7 (unverified); inferred',
      ['no host among the partners (nobody)', '(pooledFund.hostPartnerId)'],
    ],
    [
      'X-TYPES',
      { ...reg9, delegations: [] },
      'section31.md §6.4 (inferred)',
      ['no commissioning delegation for leadCommissioning', '(delegations)'],
    ],
    [
      'X-REVIEW-DATE',
      { ...pool, ...reviewAfterEnd },
      'SI 2000/617 reg 7(3)(f), 9(3)(f) [V]; section31.md §6.4 (inferred)',
      ['no review within'],
    ],
  ])('%s: terms lacking its content are refused, naming the missing piece', (itemId, terms, citation, fragments) => {
    const found = gaps(terms, itemId);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ code: 'checklistItemNotInTerms', citation });
    for (const fragment of fragments) expect(found.map((g) => g.message).join(' ')).toContain(fragment);
    expect(found[0]!.message.startsWith(`${itemId} (`)).toBe(true);
  });

  test('every item checked from the terms has a gap case above, and the tick-only items never report a gap', () => {
    expect([...ITEMS_CHECKED_FROM_TERMS].sort()).toEqual(
      [
        'PF-A',
        'PF-B',
        'PF-C',
        'PF-D',
        'PF-F',
        'PF-H',
        'D9-A',
        'D9-C',
        'D9-D',
        'D9-F',
        'D8-A',
        'D8-C',
        'D8-D',
        'D8-F',
        'X-TYPES',
        'X-REVIEW-DATE',
      ].sort(),
    );
    const empty = { ...pool, aims: [], clientGroups: [], serviceKinds: [] } as ArrangementTerms;
    for (const id of [
      'PF-E',
      'PF-G',
      'D9-B',
      'D9-E',
      'D9-G',
      'D8-B',
      'X-LIABILITY',
      'X-GOVERNANCE',
      'X-STAFF',
      'X-REPORTING',
      'X-MANUAL-REVIEW',
    ] as const)
      expect(termsGapsOf(empty, id)).toEqual([]);
  });

  test('PF-C names the NHS partners when the pool covers no NHS function', () => {
    const found = gaps({ ...pool, functionIds: ['la.learningDisabilitySocialCare'] }, 'PF-C');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(`no NHS function of ${PARTNERS.ha.name} (${PARTNERS.ha.id})`);
    expect(found[0]!.message).toContain(PARTNERS.trust.name);
  });
});

describe('issue 11 §4: a tick cannot override a gap, except on arrangements started before the rule', () => {
  const T0 = at('2000-12-01');
  const county = officerOf(PARTNERS.county.id);
  const noCouncilFunction = validTerms({ functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth'] });
  const mark = { type: 'markChecklistItem', itemId: 'PF-C', documentRef: 'a.pdf#PF-C' } as const;

  test('when the pool covers no function of the council, then ticking PF-C is refused, citing reg 7(3)(c)', () => {
    const decision = decide(driveToStatus('agreementDrafting', noCouncilFunction), mark, county, T0);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.refusal).toMatchObject({ code: 'checklistItemNotInTerms', citation: 'SI 2000/617 reg 7(3)(c) [V]' });
  });

  test("when the arrangement keeps the older 'ticksOnly' rule, then the same tick is accepted", () => {
    const older = { ...driveToStatus('agreementDrafting', noCouncilFunction), checklistRule: 'ticksOnly' as const };
    expect(decide(older, mark, county, T0).ok).toBe(true);
  });
});
