import { partnerById, type ArrangementTerms } from './arrangement-terms';
import { CITATIONS } from './citations';
import type { EligibilityRule } from './eligibility';
import { catalogueFunction } from './function-catalogue';
import { sectorOf } from './partners';
import { refusal, type Refusal } from './refusal';

// The delegation rule of the eligibility check (§3.1, §13.2), kept apart for its size; eligibility.ts runs it.

/** Delegation roles: parties, opposite sectors, role matrix §3.1 and functions of the delegator's sector. */
export const delegations: EligibilityRule = (terms, policy) => {
  const out: Refusal[] = [];
  terms.delegations.forEach((d, i) => {
    const delegator = partnerById(terms, d.delegatorId);
    const delegate = partnerById(terms, d.delegateId);
    if (!delegator || !delegate) {
      // Name each party that is not a partner, at its own field.
      for (const [id, field, found] of [
        [d.delegatorId, 'delegatorId', delegator],
        [d.delegateId, 'delegateId', delegate],
      ] as const) {
        if (found) continue;
        out.push(
          refusal(
            'delegationPartyNotAPartner',
            `The ${field === 'delegatorId' ? 'delegator' : 'delegate'} ${id} is not a partner; both parties to a delegation must be partners.`,
            CITATIONS.delegationDirection,
            ['delegations', i, field],
          ),
        );
      }
      return;
    }
    // A party that is not a prescribed body is refused by the partner rule; its side is unknown here.
    if (sectorOf(delegator.kind) === undefined || sectorOf(delegate.kind) === undefined) return;
    if (sectorOf(delegator.kind) === sectorOf(delegate.kind)) {
      out.push(
        refusal(
          'delegationSameSector',
          `${delegator.name} and ${delegate.name} are in the same sector; delegation runs between an NHS body and an LA.`,
          CITATIONS.delegationDirection,
          ['delegations', i],
        ),
      );
    }
    if (d.mode === 'commissioning' && delegate.kind === 'nhsTrust') {
      out.push(
        refusal(
          'nhsTrustAsLeadCommissioner',
          `${delegate.name} is an NHS trust and cannot be a lead commissioner; it may only do operational commissioning as an integrated provider.`,
          CITATIONS.trustNotLeadCommissioner,
          ['delegations', i, 'delegateId'],
        ),
      );
    }
    if (d.mode === 'provision' && delegate.kind === 'healthAuthority' && !policy.healthAuthorityMayProvide) {
      out.push(
        refusal(
          'healthAuthorityAsIntegratedProvider',
          `${delegate.name} is a Health Authority; HAs commission services and do not provide them.`,
          CITATIONS.haNotProvider,
          ['delegations', i, 'delegateId'],
        ),
      );
    }
    d.functionIds.forEach((id, fi) => {
      const entry = catalogueFunction(id);
      if (entry && entry.sector !== sectorOf(delegator.kind)) {
        out.push(
          refusal(
            'delegatedFunctionWrongSector',
            `${entry.label} is not a function of ${delegator.name}, so it cannot delegate it.`,
            CITATIONS.delegationDirection,
            ['delegations', i, 'functionIds', fi],
          ),
        );
      }
      if (!terms.functionIds.includes(id)) {
        out.push(
          refusal(
            'delegatedFunctionNotCovered',
            `Delegated function ${id} must also be listed in the arrangement's functions.`,
            CITATIONS.writtenAgreement,
            ['delegations', i, 'functionIds', fi],
          ),
        );
      }
    });
  });
  const needs: [ArrangementTerms['types'][number], 'commissioning' | 'provision'][] = [
    ['leadCommissioning', 'commissioning'],
    ['integratedProvision', 'provision'],
  ];
  for (const [type, mode] of needs) {
    const has = terms.delegations.some((d) => d.mode === mode);
    if (terms.types.includes(type) && !has) {
      out.push(
        refusal('delegationMissing', `A ${type} arrangement needs at least one ${mode} delegation.`, CITATIONS.delegationModes, [
          'delegations',
        ]),
      );
    }
    if (!terms.types.includes(type) && has) {
      out.push(
        refusal('delegationTypeMissing', `There is a ${mode} delegation but the types do not include ${type}.`, CITATIONS.delegationModes, [
          'types',
        ]),
      );
    }
  }
  return out;
};
