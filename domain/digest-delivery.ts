/**
 * How a notification reaches each of its people (issue 15 §2: digests instead of floods):
 * - an overdue escalation to a chief officer or the Regional Office goes into that person's daily
 *   digest, whatever they chose (always sent, batched per person per day);
 * - otherwise a person on a daily or weekly digest gets it in that digest;
 * - a person on immediate messages gets it at once, unless they were already sent `burstLimit`
 *   notifications in the last minute: then it waits for the next daily digest. A catch-up after an
 *   outage or a backdated recording arrives within seconds, so it collapses into the first few messages
 *   and one digest, and no timer in a process is needed to hold anything back.
 */
import type { Notification } from './notifications';

/** How a person receives messages: each at once, or together in a daily or weekly digest. */
export type Delivery = 'immediate' | 'daily' | 'weekly';

/** The deliveries, in the order people are offered them. */
export const DELIVERIES = ['immediate', 'daily', 'weekly'] as const satisfies readonly Delivery[];

/** How long a burst lasts: notifications to one person closer together than this count as one burst. */
export const BURST_WINDOW_MS = 60_000;

/** The digest settings of a deployment (config: HAPA_DIGEST_DEFAULT, HAPA_DIGEST_BURST_LIMIT). */
export interface DigestSettings {
  /** The delivery of people who never chose one. */
  defaultDelivery: Delivery;
  /** Notifications an immediate person is sent within `BURST_WINDOW_MS` before the rest wait for the daily digest; 0: no limit. */
  burstLimit: number;
}

// Recipient roles whose escalations are always sent, batched per person per day.
const ESCALATED_ROLES: readonly string[] = ['chiefOfficers', 'regionalOffice'];

/**
 * The rule above for one person (in recipient role `role`) and one notification; `preference` is their
 * choice if they made one, `recentCount` the notifications they were sent or held in the last
 * `BURST_WINDOW_MS`. Pure; never throws.
 */
export function deliveryOf(
  settings: DigestSettings,
  n: Pick<Notification, 'kind'>,
  role: string,
  preference: Delivery | undefined,
  recentCount: number,
): Delivery {
  if (n.kind === 'overdue' && ESCALATED_ROLES.includes(role)) return 'daily';
  const chosen = preference ?? settings.defaultDelivery;
  if (chosen !== 'immediate') return chosen;
  return settings.burstLimit > 0 && recentCount >= settings.burstLimit ? 'daily' : 'immediate';
}
