// The error inbox's filters as they live in the URL (`/errors?flowId=…&status=resolved&page=2`), so a
// link from a run, a flow or the record timeline opens the inbox already narrowed to what it is about.
import { ERROR_CODES, type ErrorCode, type ErrorListQuery } from '@flowsync/contracts';

export type ErrorStatusFilter = 'open' | 'resolved' | 'all';

export interface ErrorFilters {
  flowId?: string;
  nodeId?: string;
  code?: ErrorCode;
  /** `open` unless the URL says otherwise. */
  status: ErrorStatusFilter;
  runId?: string;
  sourceId?: string;
  /** Zero-based page index (the URL shows it one-based). */
  page: number;
}

/** Errors per page of the inbox (the API's default page). */
export const ERRORS_PAGE_SIZE = 100;

/** The URL parameter that opens one error's detail over the list. */
export const ERROR_DETAIL_PARAM = 'error';

const FLOW_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}

function text(params: URLSearchParams, name: string, maxLength: number): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value.slice(0, maxLength) : undefined;
}

/**
 * Reads the filters from a query string; unknown or malformed values are ignored (a hand-edited link
 * shows the unfiltered inbox rather than an error).
 *
 * @example
 * filtersFromSearch('?flowId=contacts&status=all&page=3')
 * // → { flowId: 'contacts', status: 'all', page: 2 }
 */
export function filtersFromSearch(search: string): ErrorFilters {
  const params = new URLSearchParams(search);
  const filters: ErrorFilters = { status: 'open', page: 0 };
  const flowId = params.get('flowId');
  if (flowId && FLOW_ID.test(flowId)) {
    filters.flowId = flowId;
    const nodeId = params.get('nodeId');
    if (nodeId && NODE_ID.test(nodeId)) filters.nodeId = nodeId;
  }
  const code = params.get('code');
  if (code && isErrorCode(code)) filters.code = code;
  const status = params.get('status');
  if (status === 'resolved' || status === 'all') filters.status = status;
  const runId = text(params, 'runId', 80);
  if (runId) filters.runId = runId;
  const sourceId = text(params, 'sourceId', 200);
  if (sourceId) filters.sourceId = sourceId;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) filters.page = page - 1;
  return filters;
}

/**
 * The query string of these filters (defaults left out), plus the open error's id if any.
 *
 * @example
 * filtersToSearch({ status: 'open', page: 0, flowId: 'contacts' }, 'e-1') // → '?flowId=contacts&error=e-1'
 */
export function filtersToSearch(filters: ErrorFilters, openErrorId?: string): string {
  const params = new URLSearchParams();
  if (filters.flowId) params.set('flowId', filters.flowId);
  if (filters.flowId && filters.nodeId) params.set('nodeId', filters.nodeId);
  if (filters.code) params.set('code', filters.code);
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.runId) params.set('runId', filters.runId);
  if (filters.sourceId) params.set('sourceId', filters.sourceId);
  if (filters.page > 0) params.set('page', String(filters.page + 1));
  if (openErrorId) params.set(ERROR_DETAIL_PARAM, openErrorId);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The error id the URL opens in the detail drawer, if any. */
export function openErrorIdFromSearch(search: string): string | undefined {
  const id = new URLSearchParams(search).get(ERROR_DETAIL_PARAM)?.trim();
  return id ? id.slice(0, 80) : undefined;
}

/** The `GET /api/errors` query of these filters and page. */
export function toErrorListQuery(filters: ErrorFilters, pageSize = ERRORS_PAGE_SIZE): ErrorListQuery {
  const query: ErrorListQuery = { limit: String(pageSize), offset: String(filters.page * pageSize) };
  if (filters.flowId) query.flowId = filters.flowId;
  if (filters.flowId && filters.nodeId) query.nodeId = filters.nodeId;
  if (filters.code) query.code = filters.code;
  if (filters.status !== 'all') query.status = filters.status;
  if (filters.runId) query.runId = filters.runId;
  if (filters.sourceId) query.sourceId = filters.sourceId;
  return query;
}

/** Whether anything beyond the default "open errors" view narrows the list. */
export function hasNarrowingFilters(filters: ErrorFilters): boolean {
  return Boolean(filters.flowId || filters.nodeId || filters.code || filters.runId || filters.sourceId);
}

/** Filters changed by `patch`, back on the first page (a new filter makes the old page meaningless). */
export function withFilter(filters: ErrorFilters, patch: Partial<Omit<ErrorFilters, 'page'>>): ErrorFilters {
  const next: ErrorFilters = { ...filters, ...patch, page: 0 };
  for (const key of ['flowId', 'nodeId', 'code', 'runId', 'sourceId'] as const) {
    if (!next[key]) delete next[key];
  }
  if (patch.flowId !== undefined && patch.flowId !== filters.flowId && !('nodeId' in patch))
    delete next.nodeId;
  return next;
}

/**
 * Whether an event of this run could change the list on screen (same flow and run as the filters).
 */
export function concernsFilters(filters: ErrorFilters, event: { flowId: string; runId: string }): boolean {
  if (filters.flowId && filters.flowId !== event.flowId) return false;
  if (filters.runId && filters.runId !== event.runId) return false;
  return true;
}

/**
 * "1–100 of 342" for a page of the list.
 *
 * @example
 * pageRangeLabel(100, 100, 342) // → '101–200 of 342'
 */
export function pageRangeLabel(offset: number, shown: number, total: number): string {
  const count = new Intl.NumberFormat('en');
  if (shown === 0) return `0 of ${count.format(total)}`;
  return `${count.format(offset + 1)}–${count.format(offset + shown)} of ${count.format(total)}`;
}

/** Number of pages the list has (at least one). */
export function pageCount(total: number, pageSize = ERRORS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
