/**
 * The domain's closed lists, readable without reading `domain/` (issue 11): the function catalogue,
 * the partner kinds (prescribed, and those the rules refuse with advice) and the written-agreement
 * checklist items, each with its label and citation. Reference data only: no token is needed.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  CHECKLIST_ITEM_IDS,
  CHECKLIST_ITEMS,
  ENTERED_PARTNER_KINDS,
  FUNCTION_CATALOGUE,
  NON_PRESCRIBED_KINDS,
  isPrescribedKind,
  sectorOf,
} from '../../domain';

/** The body of `GET /reference`: every list with its ids as enums, so a client can offer the valid values. */
export const referenceSchema = z
  .object({
    functions: z.array(
      z.object({
        id: z.enum(FUNCTION_CATALOGUE.map((f) => f.id) as [string, ...string[]]),
        label: z.string(),
        sector: z.enum(['nhs', 'localAuthority']),
        excluded: z.boolean().describe('True when it may not be included in an arrangement (SI 2000/617 regs 5, 6)'),
        legalBasis: z.string(),
        manualReview: z.boolean().optional(),
      }),
    ),
    partnerKinds: z.array(
      z.object({
        kind: z.enum(ENTERED_PARTNER_KINDS),
        prescribed: z.boolean().describe('False for bodies the regulations do not prescribe: the rules refuse them, with the advice'),
        sector: z.enum(['nhs', 'localAuthority']).optional(),
        advice: z.string().optional(),
        citation: z.string(),
      }),
    ),
    checklistItems: z.array(z.object({ id: z.enum(CHECKLIST_ITEM_IDS), label: z.string(), citation: z.string(), inferred: z.boolean() })),
  })
  .describe('Reference lists');

/** The reference lists, built once (the domain's tables never change while the process runs). */
export function referenceLists(): z.infer<typeof referenceSchema> {
  return {
    functions: FUNCTION_CATALOGUE.map((f) => ({ ...f })),
    partnerKinds: ENTERED_PARTNER_KINDS.map((kind) => {
      if (isPrescribedKind(kind)) {
        return { kind, prescribed: true, sector: sectorOf(kind), citation: 'SI 2000/617 reg 3(1)-(2) [V]' };
      }
      const entry = NON_PRESCRIBED_KINDS[kind];
      return { kind, prescribed: false, advice: entry.advice, citation: entry.citation };
    }),
    checklistItems: CHECKLIST_ITEMS.map((i) => ({ ...i })),
  };
}

/** GET /reference. */
export function referenceRoutes(): Router {
  const router = Router();
  const lists = referenceLists();
  router.get('/reference', (_req, res) => {
    res.json(lists);
  });
  return router;
}
