/**
 * Builds Temporal visibility queries over hapa's search attributes. Lists are always one such query
 * (never a Query to every workflow), scoped to what the caller may see. The dev server has no
 * ORDER BY or LIMIT, so ordering beyond the server's own happens in the route.
 */
import {
  ARRANGEMENT_PARTNERS,
  ARRANGEMENT_REGION,
  ARRANGEMENT_STATUS,
  ARRANGEMENT_TYPES,
  NEXT_DEADLINE,
} from '../workflows/search-attributes';
import type { ListScope } from '../domain';
import { ARRANGEMENT_WORKFLOW_TYPE } from '../workflows/contract';

/** Quotes a literal; values are validated to hold no quotes, and this refuses any that slip through. */
export function literal(value: string): string {
  if (/['"\\]/.test(value)) throw new Error(`unsafe visibility-query literal: ${value}`);
  return `'${value}'`;
}

/** Filters a list can apply; all optional and ANDed. */
export interface ArrangementFilters {
  region?: string;
  status?: string;
  partner?: string;
  type?: string;
  deadlineBefore?: Date;
  deadlineAfter?: Date;
  running?: boolean;
}

/**
 * The query for arrangements on `taskQueue` that `scope` covers (the domain's `listScopeOf`, translated
 * clause for clause) and that match `filters`.
 */
export function arrangementQuery(taskQueue: string, scope: ListScope, filters: ArrangementFilters = {}): string {
  const clauses = [`WorkflowType = ${literal(ARRANGEMENT_WORKFLOW_TYPE)}`, `TaskQueue = ${literal(taskQueue)}`];
  if ('partnerId' in scope) clauses.push(`${ARRANGEMENT_PARTNERS.name} = ${literal(scope.partnerId)}`);
  if ('region' in scope) clauses.push(`${ARRANGEMENT_REGION.name} = ${literal(scope.region)}`);
  if ('nothing' in scope) clauses.push(`WorkflowId = ''`);
  if (filters.region) clauses.push(`${ARRANGEMENT_REGION.name} = ${literal(filters.region)}`);
  if (filters.status) clauses.push(`${ARRANGEMENT_STATUS.name} = ${literal(filters.status)}`);
  if (filters.partner) clauses.push(`${ARRANGEMENT_PARTNERS.name} = ${literal(filters.partner)}`);
  if (filters.type) clauses.push(`${ARRANGEMENT_TYPES.name} = ${literal(filters.type)}`);
  if (filters.deadlineBefore) clauses.push(`${NEXT_DEADLINE.name} < ${literal(filters.deadlineBefore.toISOString())}`);
  if (filters.deadlineAfter) clauses.push(`${NEXT_DEADLINE.name} >= ${literal(filters.deadlineAfter.toISOString())}`);
  if (filters.running) clauses.push(`ExecutionStatus = 'Running'`);
  return clauses.join(' AND ');
}
