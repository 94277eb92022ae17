import {
  CITATIONS,
  DEFAULT_POLICY,
  requiredTrustConsents,
  resolvePolicy,
  whyTermsAreIneligible,
  type ArrangementTerms,
  type EnteredPartnerKind,
} from '../../domain';
import { PARTNERS, at, validLeadCommissioningTerms, validTerms } from './fixtures';

const now = at('2000-12-01');
const lead = validLeadCommissioningTerms();
const withKind = (kind: EnteredPartnerKind, base = PARTNERS.county) => ({ ...base, kind });

describe('eligibility', () => {
  test.each([
    ['the pooled fund fixture', validTerms()],
    ['the lead commissioning fixture', lead],
    [
      'an NHS trust provides LA services (reg 8 integrated provision)',
      validTerms({
        types: ['pooledFund', 'integratedProvision'],
        delegations: [
          { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.trust.id, mode: 'provision', functionIds: ['la.domiciliaryCare'] },
        ],
      }),
    ],
  ])('when the terms are %s, then there is no refusal', (_name, terms) => {
    expect(whyTermsAreIneligible(terms, now)).toEqual([]);
  });

  const cases: [string, ArrangementTerms, string, string, (string | number)[] | undefined][] = [
    [
      'there is no local authority',
      validTerms({ partners: [PARTNERS.ha, PARTNERS.pct], pooledFund: undefined, types: ['leadCommissioning'], delegations: [] }),
      'partnerMixInvalid',
      CITATIONS.partnerMix,
      ['partners'],
    ],
    [
      'there is no NHS body',
      validTerms({ partners: [PARTNERS.county, { ...PARTNERS.county, id: 'cc-2' }] }),
      'partnerMixInvalid',
      CITATIONS.partnerMix,
      ['partners'],
    ],
    [
      'a partner is of an unprescribed kind (parish council)',
      validTerms({ partners: [...validTerms().partners, withKind('parishOrTownCouncil', { ...PARTNERS.county, id: 'parish' })] }),
      'partnerKindNotPrescribed',
      'SI 2000/617 reg 3(2) [V]',
      ['partners', 4, 'kind'],
    ],
    [
      'a partner appears twice',
      validTerms({ partners: [...validTerms().partners, PARTNERS.county] }),
      'duplicatePartner',
      CITATIONS.partnerMix,
      ['partners', 4, 'id'],
    ],
    [
      'surgery is included',
      validTerms({ functionIds: [...validTerms().functionIds, 'X-SURG'] }),
      'functionExcluded',
      CITATIONS.excludedFunctions,
      ['functionIds', 4],
    ],
    [
      'emergency ambulances are included',
      validTerms({ functionIds: ['X-AMB', 'la.domiciliaryCare'] }),
      'functionExcluded',
      CITATIONS.excludedFunctions,
      ['functionIds', 0],
    ],
    [
      'family health services are included (unverified exclusion)',
      validTerms({ functionIds: ['X-FHS', 'la.domiciliaryCare'] }),
      'functionExcluded',
      CITATIONS.excludedFunctions,
      ['functionIds', 0],
    ],
    [
      'charging is pooled',
      validTerms({ functionIds: ['la.charging', 'nhs.communityHealth'] }),
      'functionExcluded',
      CITATIONS.charging,
      ['functionIds', 0],
    ],
    [
      'a function is not in the catalogue',
      validTerms({ functionIds: ['nhs.magic', 'la.domiciliaryCare'] }),
      'functionUnknown',
      CITATIONS.unknownFunction,
      ['functionIds', 0],
    ],
    [
      'an NHS trust is the lead commissioner',
      validTerms({
        types: ['pooledFund', 'leadCommissioning'],
        delegations: [
          { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.trust.id, mode: 'commissioning', functionIds: ['la.domiciliaryCare'] },
        ],
      }),
      'nhsTrustAsLeadCommissioner',
      CITATIONS.trustNotLeadCommissioner,
      ['delegations', 0, 'delegateId'],
    ],
    [
      'a Health Authority is the integrated provider',
      validTerms({
        types: ['pooledFund', 'integratedProvision'],
        delegations: [
          { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.ha.id, mode: 'provision', functionIds: ['la.domiciliaryCare'] },
        ],
      }),
      'healthAuthorityAsIntegratedProvider',
      CITATIONS.haNotProvider,
      ['delegations', 0, 'delegateId'],
    ],
    [
      'capital is put into the pool',
      validTerms({
        pooledFund: {
          ...validTerms().pooledFund!,
          contributions: [{ partnerId: PARTNERS.ha.id, financialYear: 2001, amountPence: 1, kind: 'capital' }],
        },
      }),
      'capitalInPooledFund',
      CITATIONS.capitalInPool,
      ['pooledFund', 'contributions', 0, 'kind'],
    ],
    [
      'the start date is before 1 April 2000',
      validTerms({ startDate: '2000-03-31' }),
      'startBeforeRegulations',
      CITATIONS.regimeStart,
      ['startDate'],
    ],
    [
      'the host partner is not a partner',
      validTerms({ pooledFund: { ...validTerms().pooledFund!, hostPartnerId: 'someone-else' } }),
      'hostPartnerNotAPartner',
      CITATIONS.hostPartner,
      ['pooledFund', 'hostPartnerId'],
    ],
    [
      'a pooled fund type has no pool',
      validTerms({ pooledFund: undefined }),
      'pooledFundMissing',
      CITATIONS.writtenAgreement,
      ['pooledFund'],
    ],
    [
      'a contributor is not a partner',
      validTerms({
        pooledFund: {
          ...validTerms().pooledFund!,
          contributions: [{ partnerId: 'x', financialYear: 2001, amountPence: 1, kind: 'revenue' }],
        },
      }),
      'contributorNotAPartner',
      'SI 2000/617 reg 7(1) [V]',
      ['pooledFund', 'contributions', 0, 'partnerId'],
    ],
    [
      'the delegate is not a partner',
      { ...lead, delegations: [{ ...lead.delegations[0]!, delegateId: 'nobody' }] },
      'delegationPartyNotAPartner',
      CITATIONS.delegationDirection,
      ['delegations', 0, 'delegateId'],
    ],
    [
      'delegator and delegate are both NHS bodies',
      validTerms({
        types: ['pooledFund', 'leadCommissioning'],
        delegations: [
          { delegatorId: PARTNERS.ha.id, delegateId: PARTNERS.pct.id, mode: 'commissioning', functionIds: ['nhs.communityHealth'] },
        ],
      }),
      'delegationSameSector',
      CITATIONS.delegationDirection,
      ['delegations', 0],
    ],
    [
      'an NHS body delegates an LA function',
      { ...lead, delegations: [{ ...lead.delegations[0]!, functionIds: ['la.learningDisabilitySocialCare'] }] },
      'delegatedFunctionWrongSector',
      CITATIONS.delegationDirection,
      ['delegations', 0, 'functionIds', 0],
    ],
    [
      'a delegated function is not among the functions',
      { ...lead, functionIds: ['nhs.communityHealth', 'la.learningDisabilitySocialCare'] },
      'delegatedFunctionNotCovered',
      CITATIONS.writtenAgreement,
      ['delegations', 0, 'functionIds', 0],
    ],
    [
      'lead commissioning has no commissioning delegation',
      { ...lead, delegations: [] },
      'delegationMissing',
      CITATIONS.delegationModes,
      ['delegations'],
    ],
    [
      'a delegation has no matching type',
      { ...lead, types: ['pooledFund'], pooledFund: validTerms().pooledFund },
      'delegationTypeMissing',
      CITATIONS.delegationModes,
      ['types'],
    ],
    [
      'the end is not after the start',
      validTerms({ endDate: '2001-04-01', reviewDate: '2001-03-01' }),
      'endNotAfterStart',
      CITATIONS.durationAndReview,
      ['endDate'],
    ],
    [
      'the review is not before the end',
      validTerms({ reviewDate: '2004-03-31' }),
      'reviewNotBeforeEnd',
      CITATIONS.durationAndReview,
      ['reviewDate'],
    ],
    [
      'the review is not after the start',
      validTerms({ reviewDate: '2001-04-01' }),
      'reviewNotAfterStart',
      CITATIONS.durationAndReview,
      ['reviewDate'],
    ],
    ['nobody is to be consulted', validTerms({ consultees: [] }), 'noConsultees', CITATIONS.consultation, ['consultees']],
    [
      'the Regional Office is not that of the NHS partners',
      validTerms({ regionalOffice: { region: 'london', officer: { name: 'L', email: 'l@ro.example.org' } } }),
      'regionalOfficeNotOfNhsPartners',
      CITATIONS.roRegion,
      ['regionalOffice', 'region'],
    ],
  ];

  test.each(cases)('when %s, then it is refused with the rule and its citation', (_name, terms, code, citation, path) => {
    const found = whyTermsAreIneligible(terms, now).find((r) => r.code === code);
    expect(found).toMatchObject({ code, citation });
    if (path) expect(found?.path).toEqual(path);
  });

  test('when several rules are broken, then every refusal is returned', () => {
    const terms = validTerms({ startDate: '1999-04-01', functionIds: ['X-SURG', 'X-TOP'], consultees: [] });
    expect(whyTermsAreIneligible(terms, now).map((r) => r.code)).toEqual([
      'functionExcluded',
      'functionExcluded',
      'startBeforeRegulations',
      'noConsultees',
    ]);
  });

  test.each([
    [
      'healthAuthorityMayProvide',
      { healthAuthorityMayProvide: true },
      validTerms({
        types: ['pooledFund', 'integratedProvision'],
        delegations: [
          { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.ha.id, mode: 'provision', functionIds: ['la.domiciliaryCare'] },
        ],
      }),
    ],
    [
      'requireRegionalOfficeOfNhsPartner',
      { requireRegionalOfficeOfNhsPartner: false },
      validTerms({ regionalOffice: { region: 'london', officer: { name: 'L', email: 'l@ro.example.org' } } }),
    ],
  ])('when the inferred rule %s is switched off by policy, then it no longer refuses', (_name, policy, terms) => {
    expect(whyTermsAreIneligible(terms, now, resolvePolicy(policy))).toEqual([]);
  });

  const trustInReg8 = validTerms({
    types: ['integratedProvision'],
    pooledFund: undefined,
    delegations: [
      { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.trust.id, mode: 'provision', functionIds: ['la.domiciliaryCare'] },
    ],
  });
  test.each([
    [
      'a trust pools with an LA and an HA contract covers the client group',
      validTerms(),
      DEFAULT_POLICY,
      [{ trustId: 'trust-city', healthAuthorityId: 'ha-northshire' }],
    ],
    ['no HA contract covers the client group', validTerms({ clientGroups: ['children'] }), DEFAULT_POLICY, []],
    [
      'two contracts cover two client groups',
      validTerms({ clientGroups: ['adults with learning disabilities', 'older people'] }),
      DEFAULT_POLICY,
      [
        { trustId: 'trust-city', healthAuthorityId: 'ha-northshire' },
        { trustId: 'trust-city', healthAuthorityId: 'ha-elsewhere' },
      ],
    ],
    ['there is no NHS trust', validLeadCommissioningTerms(), DEFAULT_POLICY, []],
    [
      'a trust is a reg 8 delegate (unverified, consent by default)',
      trustInReg8,
      DEFAULT_POLICY,
      [{ trustId: 'trust-city', healthAuthorityId: 'ha-northshire' }],
    ],
    ['a trust is a reg 8 delegate and policy drops the unverified rule', trustInReg8, resolvePolicy({ trustConsentForReg8: false }), []],
  ])('when %s, then the consent set is as expected', (_name, terms, policy, expected) => {
    expect(requiredTrustConsents(terms, policy)).toEqual(expected);
  });
});
