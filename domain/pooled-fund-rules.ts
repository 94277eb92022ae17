import { partnerById } from './arrangement-terms';
import { CITATIONS } from './citations';
import type { EligibilityRule } from './eligibility';
import { refusal, type Refusal } from './refusal';

// The pooled-fund rule of eligibility (reg 7; HSC 4): the pool, its host and contributors, revenue only.

/** Pooled fund: present when declared, host is a partner, contributors are partners, revenue only (HSC 4). */
export const pooledFund: EligibilityRule = (terms) => {
  const out: Refusal[] = [];
  const pool = terms.pooledFund;
  if (terms.types.includes('pooledFund') && !pool) {
    out.push(
      refusal('pooledFundMissing', 'A pooled fund arrangement must describe its pooled fund.', CITATIONS.writtenAgreement, ['pooledFund']),
    );
  }
  if (!pool) return out;
  if (!terms.types.includes('pooledFund')) {
    out.push(
      refusal('pooledFundTypeMissing', 'A pooled fund is described but the types do not include pooledFund.', CITATIONS.typesCombined, [
        'types',
      ]),
    );
  }
  if (!partnerById(terms, pool.hostPartnerId)) {
    out.push(
      refusal(
        'hostPartnerNotAPartner',
        `The host of the pooled fund, ${pool.hostPartnerId}, is not one of the partners.`,
        CITATIONS.hostPartner,
        ['pooledFund', 'hostPartnerId'],
      ),
    );
  }
  pool.contributions.forEach((c, i) => {
    if (!partnerById(terms, c.partnerId)) {
      out.push(
        refusal(
          'contributorNotAPartner',
          `${c.partnerId} is not a partner; only partners contribute to the pooled fund.`,
          'SI 2000/617 reg 7(1) [V]',
          ['pooledFund', 'contributions', i, 'partnerId'],
        ),
      );
    }
    if (c.kind !== 'revenue') {
      out.push(
        refusal(
          'capitalInPooledFund',
          'Only revenue may be pooled; capital goes through s28A or s28BB transfers instead.',
          CITATIONS.capitalInPool,
          ['pooledFund', 'contributions', i, 'kind'],
        ),
      );
    }
  });
  return out;
};
