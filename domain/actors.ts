import type { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** Who may act on an arrangement (section31.md §13.1, inferred): partner officers, RO officers, administrators, and timers. */
export const ACTOR_ROLES = ['partnerOfficer', 'regionalOfficeOfficer', 'administrator', 'system'] as const;

/** The role an actor acts in. */
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The authenticated person (or the system) issuing a command. */
export const actorSchema = lazySchema((z) =>
  z.object({
    id: z.string().min(1),
    role: z.enum(ACTOR_ROLES),
    organisationId: z.string().min(1).optional().describe('Partner officers: the partner body they act for'),
    region: z.string().min(1).optional().describe('Regional office officers: their region'),
  }),
);

/** The authenticated person (or the system) issuing a command. */
export type Actor = z.infer<typeof actorSchema>;

/** The actor recorded for things that time causes (lapses, start, expiry). */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
