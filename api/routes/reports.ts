/**
 * `GET /reports/time-to-decision`: for Regional Offices, per region, the notifications waiting for an
 * answer (aged in working days) and how long answers took over a period (median and 90th percentile
 * working days), from the read model's decisions (`domain/time-to-decision.ts` does the counting).
 */
import { Router } from 'express';
import { addDays, englandDays, englandMidnight, reportScopeOf, timeToDecisionReport, type RegionTimeToDecision } from '../../domain';
import { actorOf } from '../auth';
import { sendList, type CsvColumn } from '../csv';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { timeToDecisionQuerySchema } from '../schemas';
import { parseRequestPart } from '../validate';

const REPORT_COLUMNS: CsvColumn<RegionTimeToDecision>[] = [
  { header: 'region', cell: (r) => r.region },
  { header: 'waiting', cell: (r) => r.waiting },
  { header: 'waiting0to10', cell: (r) => r.ageing['0-10'] },
  { header: 'waiting11to20', cell: (r) => r.ageing['11-20'] },
  { header: 'waiting21to40', cell: (r) => r.ageing['21-40'] },
  { header: 'waitingOver40', cell: (r) => r.ageing.over40 },
  { header: 'decided', cell: (r) => r.decided },
  { header: 'medianWorkingDays', cell: (r) => r.medianWorkingDays },
  { header: 'p90WorkingDays', cell: (r) => r.p90WorkingDays },
];

/** The report routes. */
export function reportRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/reports/time-to-decision', async (req, res) => {
    const actor = actorOf(req);
    const query = parseRequestPart(timeToDecisionQuerySchema, req.query, 'query');
    const scope = reportScopeOf(actor);
    if (!scope)
      throw new ApiError('forbidden', 'The time-to-decision report is for Regional Office officers and administrators.', [
        { path: 'header.authorization', message: `A ${actor.role} may not read it` },
      ]);
    if (!deps.readModel) throw new ApiError('notFound', 'The time-to-decision report needs the read model.');
    const now = (deps.now ?? Date.now)();
    const to = query.to ?? addDays(englandDays.today(now), 1);
    const from = query.from ?? addDays(to, -365);
    const decisions = await deps.readModel.decisionsFor({
      scope,
      decidedFrom: new Date(englandMidnight(from)),
      decidedBefore: new Date(englandMidnight(to)),
    });
    const regions = timeToDecisionReport(
      decisions.map((d) => ({
        region: d.region,
        notifiedAt: Date.parse(d.notifiedAt),
        ...(d.decidedAt ? { decidedAt: Date.parse(d.decidedAt) } : {}),
        waiting: d.arrangementStatus === 'notified',
      })),
      now,
    );
    // A Regional Office with nothing notified still sees its own line, all zeros.
    if ('region' in scope && !regions.some((r) => r.region === scope.region))
      regions.push({ region: scope.region, waiting: 0, ageing: { '0-10': 0, '11-20': 0, '21-40': 0, over40: 0 }, decided: 0 });
    sendList(req, res, { json: { from, to, regions }, rows: regions, columns: REPORT_COLUMNS });
  });
  return router;
}
