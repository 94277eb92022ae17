import { classifyVariation, type ArrangementTerms } from '../../domain';
import { PARTNERS, validTerms } from './fixtures';

const base = validTerms();
const pool = base.pooledFund!;

describe('variation classification', () => {
  test.each<[string, Partial<ArrangementTerms>, 'minor' | 'material', string[], boolean, boolean]>([
    ['the aims are reworded', { aims: ['Better lives'] }, 'minor', [], false, false],
    ['the end date is extended', { endDate: '2005-03-31' }, 'minor', [], false, false],
    ['the review date moves', { reviewDate: '2002-12-31' }, 'minor', [], false, false],
    [
      'contributions are re-split with the same pool size',
      {
        pooledFund: {
          ...pool,
          contributions: pool.contributions.map((c, i) => ({
            ...c,
            amountPence: i === 0 ? c.amountPence + 100 : i === 1 ? c.amountPence - 100 : c.amountPence,
          })),
        },
      },
      'minor',
      [],
      false,
      false,
    ],
    [
      'the pool grows',
      {
        pooledFund: {
          ...pool,
          contributions: [
            ...pool.contributions,
            { partnerId: PARTNERS.county.id, financialYear: 2001, amountPence: 5000, kind: 'revenue' },
          ],
        },
      },
      'material',
      ['poolSizeChanged'],
      false,
      false,
    ],
    [
      'a new client group is covered',
      { clientGroups: [...base.clientGroups, 'older people'] },
      'material',
      ['clientGroupsAdded'],
      true,
      true,
    ],
    [
      'a client group is dropped',
      { clientGroups: ['adults with learning disabilities', 'x'].slice(1) },
      'material',
      ['clientGroupsAdded', 'clientGroupsRemoved'],
      true,
      true,
    ],
    ['a function is added', { functionIds: [...base.functionIds, 'la.housingAdaptations'] }, 'material', ['functionsAdded'], true, true],
    ['a function is removed', { functionIds: base.functionIds.slice(1) }, 'material', ['functionsRemoved'], false, false],
    ['the range of services changes', { serviceKinds: ['day services'] }, 'material', ['serviceKindsChanged'], false, false],
    ['the RO gate changes', { regionalOfficeGate: 'approve' }, 'material', ['regionalOfficeGateChanged'], false, false],
  ])('when %s, then the variation is %s', (_name, change, materiality, reasons, needsConsultation, needsExclusionCheck) => {
    const result = classifyVariation(base, { ...base, ...change });
    expect(result).toMatchObject({ materiality, reasons, needsConsultation, needsExclusionCheck });
  });
});
