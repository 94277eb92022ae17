/**
 * Maps the domain's listing of an arrangement onto typed search attributes and back, so lists are
 * visibility queries rather than a Query to every workflow.
 */
import type { SearchAttributePair, SearchAttributeUpdatePair, TypedSearchAttributes } from '@temporalio/common';
import { listingOf, type ArrangementState } from '../domain';
import {
  ARRANGEMENT_PARTNERS,
  ARRANGEMENT_REGION,
  ARRANGEMENT_STATUS,
  ARRANGEMENT_TYPES,
  NEXT_DEADLINE,
  REVIEW_DATE,
} from './search-attributes';

/** The search attribute values that describe `state`; absent values are removed (null). */
export function searchAttributeUpdates(state: ArrangementState): SearchAttributeUpdatePair[] {
  const listing = listingOf(state);
  return [
    { key: ARRANGEMENT_STATUS, value: listing.status },
    { key: ARRANGEMENT_REGION, value: listing.region },
    { key: ARRANGEMENT_PARTNERS, value: listing.partnerIds },
    { key: ARRANGEMENT_TYPES, value: listing.types },
    { key: NEXT_DEADLINE, value: listing.nextDeadlineAt === undefined ? null : new Date(listing.nextDeadlineAt) },
    { key: REVIEW_DATE, value: listing.reviewDate === undefined ? null : new Date(`${listing.reviewDate}T00:00:00Z`) },
  ];
}

/**
 * The search attributes a workflow starts with, for an arrangement's first state: the same function
 * as every later upsert (`searchAttributeUpdates`), minus the absent values, which a start cannot
 * remove. Set at start so the arrangement is listable and scoped before its first workflow task runs.
 */
export function searchAttributesAtStart(state: ArrangementState): SearchAttributePair[] {
  return searchAttributeUpdates(state).filter((pair) => pair.value !== null) as SearchAttributePair[];
}

/** The listing attributes of one execution, as the workflow last upserted them. */
export interface ListingAttributes {
  status?: string;
  region?: string;
  partnerIds: string[];
  types: string[];
  nextDeadlineAt?: Date;
  reviewDate?: Date;
}

/** Reads back what `searchAttributeUpdates` wrote, for list and describe results. */
export function listingFromSearchAttributes(attrs: TypedSearchAttributes): ListingAttributes {
  return {
    status: attrs.get(ARRANGEMENT_STATUS),
    region: attrs.get(ARRANGEMENT_REGION),
    partnerIds: attrs.get(ARRANGEMENT_PARTNERS) ?? [],
    types: attrs.get(ARRANGEMENT_TYPES) ?? [],
    nextDeadlineAt: attrs.get(NEXT_DEADLINE),
    reviewDate: attrs.get(REVIEW_DATE),
  };
}
