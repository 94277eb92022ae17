/**
 * The Regional Offices' time to decision (issue 13): per region, how many notifications wait for an
 * answer and for how long, and how long answers took, counted in working days in England (weekends
 * and England & Wales bank holidays excluded; `bank-holidays.ts`). HSC 2000/010 para 11 [V] asks the
 * partners to notify before they start; how long a Regional Office takes is what this report watches (§13.1, inferred).
 */
import type { Actor } from './actors';
import { listScopeOf, type ListScope } from './authorisation';
import { workingDaysBetween } from './bank-holidays';
import { englandDateOf } from './days';

/** The ageing buckets of waiting notifications, in working days since the notification. */
export const AGEING_BUCKETS = ['0-10', '11-20', '21-40', 'over40'] as const;
/** One of `AGEING_BUCKETS`. */
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** One notification to a Regional Office: when it was made, when (if ever) it was answered, and whether it still waits. */
export interface NotificationTiming {
  region: string;
  /** Epoch ms of the notification. */
  notifiedAt: number;
  /** Epoch ms of the answer; absent while unanswered. */
  decidedAt?: number;
  /** True while the arrangement is still notified and unanswered (an ended arrangement's notification waits no more). */
  waiting: boolean;
}

/** One region's line of the report. */
export interface RegionTimeToDecision {
  region: string;
  /** Notifications still waiting for an answer now. */
  waiting: number;
  /** The waiting ones by working days since they were made. */
  ageing: Record<AgeingBucket, number>;
  /** Answers given within the period. */
  decided: number;
  /** Median working days from notification to answer (the mean of the middle two for an even count); absent with no answers. */
  medianWorkingDays?: number;
  /** 90th percentile (nearest rank) of the same; absent with no answers. */
  p90WorkingDays?: number;
}

/** The bucket of a notification waiting `days` working days. */
export function ageingBucketOf(days: number): AgeingBucket {
  if (days <= 10) return '0-10';
  if (days <= 20) return '11-20';
  if (days <= 40) return '21-40';
  return 'over40';
}

const workingDays = (from: number, to: number): number => workingDaysBetween(englandDateOf(from), englandDateOf(to));

/** The `p`th percentile of ascending `sorted` by nearest rank (p in (0, 100]). */
export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The report over `timings` at `now` (epoch ms), one line per region in name order. Answered
 * notifications count towards the median and 90th percentile (the caller passes those answered in
 * the period); waiting ones are aged to today in England.
 */
export function timeToDecisionReport(timings: readonly NotificationTiming[], now: number): RegionTimeToDecision[] {
  const regions = [...new Set(timings.map((t) => t.region))].sort();
  return regions.map((region) => {
    const mine = timings.filter((t) => t.region === region);
    const ageing: Record<AgeingBucket, number> = { '0-10': 0, '11-20': 0, '21-40': 0, over40: 0 };
    const waiting = mine.filter((t) => t.decidedAt === undefined && t.waiting);
    for (const t of waiting) ageing[ageingBucketOf(workingDays(t.notifiedAt, now))] += 1;
    const took = mine.flatMap((t) => (t.decidedAt === undefined ? [] : [workingDays(t.notifiedAt, t.decidedAt)])).sort((a, b) => a - b);
    const med = median(took);
    const p90 = nearestRank(took, 90);
    return {
      region,
      waiting: waiting.length,
      ageing,
      decided: took.length,
      ...(med !== undefined ? { medianWorkingDays: med } : {}),
      ...(p90 !== undefined ? { p90WorkingDays: p90 } : {}),
    };
  });
}

/**
 * What the Regional Offices' time-to-decision report covers for `actor` (§13.1, inferred): a Regional
 * Office officer's region, every region for an administrator; undefined for anyone else, who may not
 * read it (it watches the Regional Offices, not the partners).
 */
export function reportScopeOf(actor: Actor): ListScope | undefined {
  const scope = listScopeOf(actor);
  return 'region' in scope || 'all' in scope ? scope : undefined;
}
