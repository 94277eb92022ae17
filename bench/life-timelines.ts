/**
 * The scripted lives B5 replays on the time-skipping server: the three-year life of
 * `test/workflows/three-year-life.test.ts` (shared through `test/helpers/lives.ts`) and a
 * five-year life with two variations, generated year by year.
 */
import type { ArrangementTerms } from '../domain';
import { officerOf, RO_OFFICER, type ScriptStep } from '../test/domain/fixtures';
import { termsForFinancialYear } from '../test/helpers/arrangements';
import { ha, host, withContributionsFor, type Life, type TimedStep } from '../test/helpers/lives';

export { threeYearLife, type Life, type TimedStep } from '../test/helpers/lives';

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
      at(`${fy}-09-30`, {
        command: { type: 'completeReview', outcome: 'continue', nextReviewDate: `${fy + 1}-09-30`, summary: 'Working well' },
        actor: ha,
      });
    }
    at(`${fy}-10-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q2` }, actor: host });
    if (fy === first + 1 || fy === first + 3) {
      const varied = fy === first + 1 ? variedOnce : variedTwice;
      at(`${fy}-11-01`, {
        command: { type: 'proposeVariation', terms: varied, reason: `Pool extended into ${fy}/${(fy + 1) % 100}` },
        actor: host,
      });
      at(`${fy}-11-03`, { command: { type: 'acknowledgeReceipt', reason: 'Variation noted' }, actor: RO_OFFICER });
      // Every partner signs the varied agreement; the last signature makes it take effect (issue 12 §1).
      terms.partners.forEach((p, i) => at(`${fy}-11-04`, { command: { type: 'signVariation' }, actor: officerOf(p.id) }, 10 + i));
    }
    at(`${fy + 1}-01-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q3` }, actor: host });
    // The last quarter ends on the end date: expiry cancels its report (periods ending at termination).
    if (fy + 1 < first + years) at(`${fy + 1}-04-20`, { command: { type: 'fileQuarterlyReport', period: `${fy}Q4` }, actor: host });
  }
  timeline.sort((a, b) => a[0].localeCompare(b[0]));
  return { name: 'five years, two variations', terms, setUpAt: `${first}-01-02T12:00`, timeline };
}
