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
  SEARCH_ATTRIBUTE_VALUE_MAX_BYTES,
} from './search-attributes';

/**
 * The search attribute values that describe `state`; absent values are removed (null). Every value
 * is kept within the server's size limit, whatever the state holds: the API refuses longer input,
 * but a value over the limit would get the workflow terminated, so this is the last line.
 */
export function searchAttributeUpdates(state: ArrangementState): SearchAttributeUpdatePair[] {
  const listing = listingOf(state);
  return [
    { key: ARRANGEMENT_STATUS, value: fitKeyword(listing.status) },
    { key: ARRANGEMENT_REGION, value: fitKeyword(listing.region) },
    { key: ARRANGEMENT_PARTNERS, value: fitKeywordList(listing.partnerIds) },
    { key: ARRANGEMENT_TYPES, value: fitKeywordList(listing.types) },
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

/** Bytes of a value as the server measures it: its JSON encoding in UTF-8. */
export function encodedBytes(value: string | readonly string[]): number {
  let bytes = 0;
  for (const char of JSON.stringify(value)) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A Keyword value within the size limit: unchanged when it fits, else its longest prefix that fits. */
export function fitKeyword(value: string): string {
  if (encodedBytes(value) <= SEARCH_ATTRIBUTE_VALUE_MAX_BYTES) return value;
  const chars = [...value];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (encodedBytes(chars.slice(0, mid).join('')) <= SEARCH_ATTRIBUTE_VALUE_MAX_BYTES) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('');
}

/** A KeywordList within the size limit: unchanged when it fits, else the values that fit, in order, skipping any too long. */
export function fitKeywordList(values: readonly string[]): string[] {
  const kept: string[] = [];
  for (const value of values) {
    if (encodedBytes([...kept, value]) <= SEARCH_ATTRIBUTE_VALUE_MAX_BYTES) kept.push(value);
  }
  return kept;
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
