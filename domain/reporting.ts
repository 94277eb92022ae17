import { daysOf } from './days';
import { addWorkingDays } from './bank-holidays';
import { reportingPartnerIds, type ArrangementTerms } from './arrangement-terms';
import {
  dateOf,
  financialYearEnd,
  isAfter,
  isBefore,
  financialYearStart,
  quarterEnd,
  quarterLabel,
  quarterStart,
  type FinancialQuarter,
} from './calendar';
import { CITATIONS } from './citations';
import { annualReportId, annualReturnId, auditCertificationId, quarterlyReportId } from './obligation-ids';
import { withObligation, type NewObligation } from './obligations';
import { withState, type Outcome } from './outcome';
import type { ArrangementPolicy } from './policy';

const QUARTERS = [1, 2, 3, 4] as const;

/**
 * The reporting obligations of one financial year while the arrangement runs (§8, §13.4): a quarterly
 * report for each quarter overlapping the arrangement, an annual report, and for a pooled fund the
 * annual return and its audit certification. Due dates are policy defaults (inferred).
 */
export function financialYearObligations(terms: ArrangementTerms, policy: ArrangementPolicy, financialYear: number): NewObligation[] {
  const { startDate, endDate } = terms;
  if (isBefore(financialYearEnd(financialYear), startDate) || isAfter(financialYearStart(financialYear), endDate)) return [];
  const reporters = reportingPartnerIds(terms);
  const pool = terms.pooledFund;
  const reporterRole = pool ? 'poolManager' : 'reportingPartner';
  const out: NewObligation[] = [];
  for (const quarter of QUARTERS) {
    const q: FinancialQuarter = { financialYear, quarter };
    if (isBefore(quarterEnd(q), startDate) || isAfter(quarterStart(q), endDate)) continue;
    out.push({
      id: quarterlyReportId(quarterLabel(q)),
      kind: 'quarterlyReport',
      title: `Quarterly report for ${quarterLabel(q)} (${quarterStart(q)} to ${quarterEnd(q)})`,
      // 20 working days after quarter end, excluding England & Wales bank holidays (inferred default).
      dueDate: addWorkingDays(quarterEnd(q), policy.quarterlyReportWorkingDays, policy.bankHolidays),
      responsibleRole: reporterRole,
      responsiblePartnerIds: reporters,
      citation: CITATIONS.quarterlyReport,
      periodEnd: quarterEnd(q),
    });
  }
  const yearEnd = financialYearEnd(financialYear);
  const due = (md: { month: number; day: number }): string => dateOf(financialYear + 1, md.month, md.day);
  out.push({
    id: annualReportId(financialYear),
    kind: 'annualReport',
    title: `Annual report for ${financialYear}/${String((financialYear + 1) % 100).padStart(2, '0')}`,
    dueDate: due(policy.annualReportDue),
    responsibleRole: reporterRole,
    responsiblePartnerIds: reporters,
    citation: CITATIONS.annualReport,
    periodEnd: yearEnd,
  });
  if (pool) {
    out.push({
      id: annualReturnId(financialYear),
      kind: 'annualReturn',
      title: `Pooled fund annual return for ${financialYear}/${String((financialYear + 1) % 100).padStart(2, '0')}`,
      dueDate: due(policy.annualReturnDue),
      responsibleRole: 'poolManager',
      responsiblePartnerIds: [pool.hostPartnerId],
      citation: CITATIONS.annualReturn,
      periodEnd: yearEnd,
    });
    out.push({
      id: auditCertificationId(financialYear),
      kind: 'auditCertification',
      title: `Audit certification of the ${financialYear}/${String((financialYear + 1) % 100).padStart(2, '0')} pooled fund annual return`,
      dueDate: due(policy.auditCertificationDue),
      responsibleRole: 'hostFinance',
      responsiblePartnerIds: [pool.hostPartnerId],
      citation: CITATIONS.auditCertification,
      periodEnd: yearEnd,
    });
  }
  return out;
}

/** Creates one financial year's reporting obligations (idempotent by id) and records the year as planned. */
export function planFinancialYear(outcome: Outcome, financialYear: number, at: number): Outcome {
  const { state } = outcome;
  let obligations = state.obligations;
  for (const o of financialYearObligations(state.terms, state.policy, financialYear))
    obligations = withObligation(obligations, o, at, daysOf(state));
  const planned = [...new Set([...state.reports.plannedFinancialYears, financialYear])].sort((a, b) => a - b);
  return withState(outcome, { obligations, reports: { plannedFinancialYears: planned } });
}
