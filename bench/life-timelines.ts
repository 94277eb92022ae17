/**
 * The scripted lives B5 replays on the time-skipping server: the three-year life of
 * `test/workflows/three-year-life.test.ts` (its TIMELINE copied, not imported, since a test file
 * registers tests when loaded) and a five-year life with two variations, generated year by year.
 */
import type { ArrangementTerms } from '../domain';
import { officerOf, PARTNERS, RO_OFFICER, type ScriptStep } from '../test/domain/fixtures';
import { termsForFinancialYear } from '../test/helpers/arrangements';

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

const host = officerOf(PARTNERS.county.id);
const ha = officerOf(PARTNERS.ha.id);

/** Terms with the pool's contributions extended to `financialYear` as well: a material variation (EN 239). */
function withContributionsFor(terms: ArrangementTerms, financialYear: number): ArrangementTerms {
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
      ['2040-07-25T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q1' }, actor: host }],
      ['2040-10-31T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q2' }, actor: host }],
      ['2041-02-18T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q3' }, actor: host }],
      ['2041-06-01T12:00', { command: { type: 'fileQuarterlyReport', period: '2040Q4' }, actor: host }],
      ['2041-06-20T12:00', { command: { type: 'fileAnnualReport', financialYear: 2040 }, actor: host }],
      ['2041-06-20T13:00', { command: { type: 'submitAnnualReturn', financialYear: 2040 }, actor: host }],
      ['2041-07-21T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q1' }, actor: host }],
      ['2041-09-01T12:00', { command: { type: 'certifyAudit', financialYear: 2040 }, actor: host }],
      ['2041-09-30T12:00', { command: { type: 'completeReview', outcome: 'continue', nextReviewDate: '2042-09-30', summary: 'Working well' }, actor: ha }],
      ['2041-10-20T12:00', { command: { type: 'fileQuarterlyReport', period: '2041Q2' }, actor: host }],
      ['2041-11-01T12:00', { command: { type: 'proposeVariation', terms: varied, reason: 'Pool continues into 2041/42' }, actor: host }],
      ['2041-11-03T12:00', { command: { type: 'acknowledgeReceipt', reason: 'Variation noted' }, actor: RO_OFFICER }],
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

/**
 * Five financial years (2045/46 to 2049/50) that run to expiry: every report on time, a review each
 * September, and two material variations (the pool extended in the second and fourth years).
 */
export function fiveYearLife(): Life {
  const first = 2045;
  const years = 5;
  const base = termsForFinancialYear(first);
  const terms: ArrangementTerms = { ...base, endDate: `${first + years}-03-31` };
  // Each variation carries the review date in force when it is proposed (set by the last review).
  const variedOnce = { ...withContributionsFor(terms, first + 1), reviewDate: `${first + 2}-09-30` };
  const variedTwice = { ...withContributionsFor(variedOnce, first + 3), reviewDate: `${first + 4}-09-30` };
  const timeline: TimedStep[] = [];
  const at = (date: string, step: ScriptStep, hour = 12) => timeline.push([`${date}T${String(hour).padStart(2, '0')}:00`, step]);
  for (let fy = first; fy < first + years; fy += 1) {
    at(`${fy}-07-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q1` }, actor: host });
    if (fy > first) {
      at(`${fy}-06-20`, { command: { type: 'fileAnnualReport', financialYear: fy - 1 }, actor: host });
      at(`${fy}-06-20`, { command: { type: 'submitAnnualReturn', financialYear: fy - 1 }, actor: host }, 13);
      at(`${fy}-09-01`, { command: { type: 'certifyAudit', financialYear: fy - 1 }, actor: host });
    }
    // Reviews each September from the second year, while the next one still falls before the end date.
    if (fy > first && fy + 1 < first + years) {
      at(`${fy}-09-30`, { command: { type: 'completeReview', outcome: 'continue', nextReviewDate: `${fy + 1}-09-30`, summary: 'Working well' }, actor: ha });
    }
    at(`${fy}-10-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q2` }, actor: host });
    if (fy === first + 1 || fy === first + 3) {
      const varied = fy === first + 1 ? variedOnce : variedTwice;
      at(`${fy}-11-01`, { command: { type: 'proposeVariation', terms: varied, reason: `Pool extended into ${fy}/${(fy + 1) % 100}` }, actor: host });
      at(`${fy}-11-03`, { command: { type: 'acknowledgeReceipt', reason: 'Variation noted' }, actor: RO_OFFICER });
    }
    at(`${fy + 1}-01-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q3` }, actor: host });
    // The last quarter ends on the end date: expiry cancels its report (periods ending at termination).
    if (fy + 1 < first + years) at(`${fy + 1}-04-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q4` }, actor: host });
  }
  timeline.sort((a, b) => a[0].localeCompare(b[0]));
  return { name: 'five years, two variations', terms, setUpAt: `${first}-01-02T12:00`, timeline };
}
