/**
 * Custom search attributes hapa upserts on every transition, so list views are visibility
 * queries and never a fan-out of Queries. Safe to import from workflow code, the API and scripts.
 *
 * The SQLite dev server allows 10 Keyword, 3 KeywordList and 3 Datetime attributes per namespace.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Lifecycle status of the arrangement (`ArrangementStatus` in domain/). */
export const ARRANGEMENT_STATUS = defineSearchAttributeKey('ArrangementStatus', SearchAttributeType.KEYWORD);
/** NHS Executive Regional Office region the arrangement is notified to. */
export const ARRANGEMENT_REGION = defineSearchAttributeKey('ArrangementRegion', SearchAttributeType.KEYWORD);
/** Ids of every partner organisation, so a partner officer lists only its own arrangements. */
export const ARRANGEMENT_PARTNERS = defineSearchAttributeKey('ArrangementPartners', SearchAttributeType.KEYWORD_LIST);
/** Arrangement types: pooledFund, leadCommissioning, integratedProvision. */
export const ARRANGEMENT_TYPES = defineSearchAttributeKey('ArrangementTypes', SearchAttributeType.KEYWORD_LIST);
/** The earliest open obligation's due instant. */
export const NEXT_DEADLINE = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
/** The review date in force. */
export const REVIEW_DATE = defineSearchAttributeKey('ReviewDate', SearchAttributeType.DATETIME);

/** Every custom key, for registration on a server. */
export const ALL_SEARCH_ATTRIBUTES = [
  ARRANGEMENT_STATUS,
  ARRANGEMENT_REGION,
  ARRANGEMENT_PARTNERS,
  ARRANGEMENT_TYPES,
  NEXT_DEADLINE,
  REVIEW_DATE,
] as const;

/**
 * Most bytes the server accepts in one search attribute value (a Keyword, or a whole KeywordList as
 * its JSON array): `frontend.searchAttributesSizeOfValueLimit`, 2 KiB by default. A value over it
 * makes the server fail the workflow task and terminate the workflow; `listing.ts` keeps under it.
 * (The total, `frontend.searchAttributesTotalSizeLimit`, is 40 KiB: six values of at most 2 KiB
 * each, with their keys, stay far below it.)
 */
export const SEARCH_ATTRIBUTE_VALUE_MAX_BYTES = 2048;
