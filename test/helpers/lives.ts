/**
 * Scripted lives of an arrangement, shared by the three-year workflow test and the benchmark (B5):
 * what the partners do, and when, after set-up.
 */
import type { ArrangementTerms } from '../../domain';
import { officerOf, PARTNERS, RO_OFFICER, type ScriptStep } from '../domain/fixtures';
import { termsForFinancialYear } from './arrangements';

/** One step of a life: when (UTC, 'YYYY-MM-DDTHH:MM') and what. */
export type TimedStep = [string, ScriptStep];

/** A whole life: its terms, when set-up happens, and what the partners do afterwards. */
export interface Life {
  readonly name: string;
  readonly terms: ArrangementTerms;
  /** When the set-up commands (draft to ready) run. */
  readonly setUpAt: string;
  readonly timeline: readonly TimedStep[];
}

/** The host partner's officer, who files the pooled fund's reports. */
export const host = officerOf(PARTNERS.county.id);
/** The Health Authority's officer. */
export const ha = officerOf(PARTNERS.ha.id);

/** Terms with the pool's contributions extended to `financialYear` as well: a material variation (EN 239). */
export function withContributionsFor(terms: ArrangementTerms, financialYear: number): ArrangementTerms {
  const pool = terms.pooledFund;
  if (!pool) throw new Error('the fixture has a pooled fund');
  const base = pool.contributions.filter((c) => c.financialYear === Math.min(...pool.contributions.map((x) => x.financialYear)));
  return { ...terms, pooledFund: { ...pool, contributions: [...pool.contributions, ...base.map((c) => ({ ...c, financialYear }))] } };
}

/** The three-year life of the workflow test: late reports up the ladder, a review, a variation, notice, wind-up. */
export function threeYearLife(): Life {
  const terms = termsForFinancialYear(2040);
  const varied = withContributionsFor(terms, 2041);
  return {
    name: 'three years (test timeline)',
    terms,
    setUpAt: '2040-01-02T12:00',
    timeline: [
      ['2040-07-25T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q1' }, actor: host }], // 2 days early: R0, R1 only
      ['2040-10-31T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q2' }, actor: host }], // 5 days late: up to E1
      ['2041-02-18T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q3' }, actor: host }], // 20 days late: up to E2, chief officers
      ['2041-06-01T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q4' }, actor: host }], // 32 days late: E3, the Regional Office
      ['2041-06-20T12:00', { command: { type: 'fileAnnualReport', financialYear: 2040 }, actor: host }],
      ['2041-06-20T13:00', { command: { type: 'submitAnnualReturn', financialYear: 2040 }, actor: host }],
      ['2041-07-21T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q1' }, actor: host }],
      ['2041-09-01T12:00', { command: { type: 'certifyAudit', financialYear: 2040 }, actor: host }],
      [
        '2041-09-30T12:00',
        { command: { type: 'completeReview', outcome: 'continue', nextReviewDate: '2042-09-30', summary: 'Working well' }, actor: ha },
      ],
      ['2041-10-20T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q2' }, actor: host }],
      ['2041-11-01T12:00', { command: { type: 'proposeVariation', terms: varied, reason: 'Pool continues into 2041/42' }, actor: host }],
      ['2041-11-03T12:00', { command: { type: 'acknowledgeReceipt', reason: 'Variation noted' }, actor: RO_OFFICER }],
      // The varied agreement takes effect once every partner has signed it (issue 12 §1).
      ...terms.partners.map((p, i): TimedStep => [`2041-11-04T1${i}:00`, { command: { type: 'signVariation' }, actor: officerOf(p.id) }]),
      ['2042-01-20T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q3' }, actor: host }],
      ['2042-04-25T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q4' }, actor: host }],
      ['2042-05-02T12:00', { command: { type: 'giveNotice', reason: 'Services move to a Care Trust' }, actor: host }],
      ['2042-06-01T12:00', { command: { type: 'fileAnnualReport', financialYear: 2041 }, actor: host }],
      ['2042-06-01T13:00', { command: { type: 'submitAnnualReturn', financialYear: 2041 }, actor: host }],
      ['2042-07-20T12:00', { command: { type: 'fileQuarterlyReport', period: '2042Q1' }, actor: host }],
      ['2042-09-01T12:00', { command: { type: 'certifyAudit', financialYear: 2041 }, actor: host }],
    ],
  };
}
