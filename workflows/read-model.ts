/**
 * What the workflow projects into the read model after a change of state: the summary of one
 * arrangement, from the domain's own listing (since `patched('read-model-details')` with the rows of
 * `projectionDetailsOf` beside it). Kept apart from `index.ts`, whose every export becomes a workflow type.
 */
import { listingOf, type ArrangementState } from '../domain';

/** The summary of `state`, without its revision (the workflow numbers the ones it writes). */
export function summaryOf(state: ArrangementState, workflowId: string) {
  const listing = listingOf(state);
  return {
    ref: state.ref,
    workflowId,
    status: state.status,
    region: listing.region,
    types: listing.types,
    partners: state.terms.partners.map((p) => ({ id: p.id, name: p.name })),
    startDate: state.terms.startDate,
    ...(state.terms.endDate ? { endDate: state.terms.endDate } : {}),
    ...(listing.reviewDate ? { reviewDate: listing.reviewDate } : {}),
    ...(listing.nextDeadlineAt !== undefined ? { nextDeadlineAt: new Date(listing.nextDeadlineAt).toISOString() } : {}),
    ...(state.notification ? { notifiedAt: new Date(state.notification.submittedAt).toISOString() } : {}),
    updatedAt: new Date(state.updatedAt).toISOString(),
  };
}
