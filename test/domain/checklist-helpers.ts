import type { ArrangementTerms } from '../../domain';
import { PARTNERS, validLeadCommissioningTerms, validTerms } from './fixtures';

export { checklistItem, requiredChecklistItems, resolvePolicy } from '../../domain';

/** Terms for each checklist scenario. */
export function validTermsFor(kind: 'pool' | 'reg9' | 'reg8' | 'manualReview'): ArrangementTerms {
  switch (kind) {
    case 'pool':
      return validTerms();
    case 'reg9':
      return validLeadCommissioningTerms();
    case 'reg8':
      return validTerms({
        types: ['integratedProvision'],
        pooledFund: undefined,
        delegations: [
          { delegatorId: PARTNERS.county.id, delegateId: PARTNERS.trust.id, mode: 'provision', functionIds: ['la.domiciliaryCare'] },
        ],
      });
    case 'manualReview':
      return validTerms({ functionIds: [...validTerms().functionIds, 'nhs.acuteNonSurgical'] });
  }
}
