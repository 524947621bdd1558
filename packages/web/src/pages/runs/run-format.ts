// How runs read on the runs screens: what started them, how long they took, their live counters
// merged over the stored record, and their per-node counters in the order records flow.
import type {
  Flow,
  FlowNode,
  NodeStats,
  NodeType,
  RecordError,
  RunRecord,
  RunRejection,
  RunSnapshot,
  RunStatus,
  RunTrigger,
} from '@flowsync/contracts';
import { buildGraph, nodeDisplayName } from '@flowsync/flow-core';

const ACTIVE: readonly RunStatus[] = ['queued', 'running'];

export function isActiveStatus(status: RunStatus): boolean {
  return ACTIVE.includes(status);
}

/**
 * What started a run, in a few words.
 *
 * @example
 * triggerText({ kind: 'manual' }, 'ana@example.com'); // 'Manual by ana@example.com'
 * triggerText({ kind: 'selected', sourceIds: ['1', '2'] }); // 'Selected: 2 records'
 * triggerText({ kind: 'retry', errorIds: ['e1'] }); // 'Retry of 1 error'
 */
export function triggerText(trigger: RunTrigger, requestedBy?: string): string {
  const by = requestedBy ? ` by ${requestedBy}` : '';
  switch (trigger.kind) {
    case 'schedule':
      return 'Schedule';
    case 'manual':
      return `Manual${by}`;
    case 'realtime':
      return `Realtime: ${plural(trigger.eventIds.length, 'event')}`;
    case 'selected':
      return `Selected: ${plural(trigger.sourceIds.length, 'record')}${by}`;
    case 'retry':
      return `Retry of ${plural(trigger.errorIds.length, 'error')}${by}`;
  }
}

/** `plural(1, 'record')` is '1 record', `plural(3, 'record')` '3 records' (with thousands separators). */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Milliseconds a run has taken: start to finish, or start to `now` while it runs; undefined before it
 * starts.
 *
 * @example
 * runDurationMs({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:02Z' }); // 2000
 */
export function runDurationMs(
  run: Pick<RunRecord, 'startedAt' | 'finishedAt'>,
  now: number = Date.now(),
): number | undefined {
  if (!run.startedAt) return undefined;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, end - Date.parse(run.startedAt));
}

/**
 * The run with the websocket's newer state laid over the stored record. A snapshot never turns a
 * finished record back into a running one (snapshots can arrive late).
 *
 * @example
 * withLiveState(run, useLiveRuns.getState().runs[run.id]);
 */
export function withLiveState<T extends RunRecord>(run: T, snapshot: RunSnapshot | undefined): T {
  if (!snapshot || snapshot.runId !== run.id) return run;
  if (!isActiveStatus(run.status) && isActiveStatus(snapshot.status)) return run;
  const merged: T = { ...run, status: snapshot.status, totals: snapshot.totals };
  if (Object.keys(snapshot.nodes).length > 0) merged.nodes = snapshot.nodes;
  if (snapshot.message !== undefined) merged.message = snapshot.message;
  return merged;
}

const HANDLE_LABELS: Record<string, string> = {
  out: 'Out',
  pass: 'Pass',
  reject: 'Reject',
  found: 'Found',
  notFound: 'Not found',
};

/** `notFound` reads 'Not found'; unknown handles keep their name. */
export function handleLabel(handle: string): string {
  return HANDLE_LABELS[handle] ?? handle;
}

export interface NodeRow {
  nodeId: string;
  /** Undefined for a node the run reported but the version does not have. */
  type: NodeType | undefined;
  /** The node's label, or its type and id. */
  name: string;
  stats: NodeStats;
  outputs: { handle: string; label: string; count: number }[];
}

const NO_STATS: NodeStats = { received: 0, emitted: {}, failed: 0, skipped: 0, retries: 0 };

/**
 * One row per node of the version the run used, trigger first and in the order records flow, then any
 * node that reported counters but is missing from the version.
 *
 * @example
 * nodeRows(version.flow, run.nodes).map((row) => row.name); // ['NetSuite contact changed', …]
 */
export function nodeRows(flow: Flow | undefined, stats: Readonly<Record<string, NodeStats>>): NodeRow[] {
  const rows: NodeRow[] = [];
  for (const node of orderedNodes(flow)) {
    const nodeStats = stats[node.id] ?? NO_STATS;
    rows.push({
      nodeId: node.id,
      type: node.type,
      name: node.label?.trim() ? node.label : nodeDisplayName(node),
      stats: nodeStats,
      outputs: outputsOf(node.type, nodeStats),
    });
  }
  const known = new Set(rows.map((row) => row.nodeId));
  for (const [nodeId, nodeStats] of Object.entries(stats)) {
    if (known.has(nodeId)) continue;
    rows.push({
      nodeId,
      type: undefined,
      name: nodeId,
      stats: nodeStats,
      outputs: outputsOf(undefined, nodeStats),
    });
  }
  return rows;
}

const OUTPUT_ORDER: Record<NodeType, readonly string[]> = {
  trigger: ['out'],
  qualify: ['pass', 'reject'],
  lookup: ['found', 'notFound'],
  map: ['out'],
  upsert: ['out'],
};

function outputsOf(type: NodeType | undefined, stats: NodeStats): NodeRow['outputs'] {
  const handles = [...(type ? OUTPUT_ORDER[type] : [])];
  for (const handle of Object.keys(stats.emitted)) if (!handles.includes(handle)) handles.push(handle);
  return handles.map((handle) => ({ handle, label: handleLabel(handle), count: stats.emitted[handle] ?? 0 }));
}

function orderedNodes(flow: Flow | undefined): readonly FlowNode[] {
  if (!flow) return [];
  try {
    const order = buildGraph(flow).order;
    // Nodes unreachable from the trigger are not in the graph's order; keep them at the end.
    const listed = new Set(order.map((node) => node.id));
    return [...order, ...flow.nodes.filter((node) => !listed.has(node.id))];
  } catch {
    return flow.nodes;
  }
}

/** Status filter choices of the runs list, each a value of the API's `status` query. */
export const STATUS_FILTERS: readonly { value: string; label: string }[] = [
  { value: 'queued,running', label: 'Active' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'completedWithErrors', label: 'Completed with errors' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

/**
 * Whether a run belongs in a list filtered by flow and status (`status` as in the API query).
 *
 * @example
 * matchesRunFilter({ flowId: 'a', status: 'running' }, { status: 'queued,running' }); // true
 */
export function matchesRunFilter(
  run: { flowId: string; status: RunStatus },
  filter: { flowId?: string; status?: string },
): boolean {
  if (filter.flowId && run.flowId !== filter.flowId) return false;
  if (filter.status && !filter.status.split(',').includes(run.status)) return false;
  return true;
}

/**
 * Adds newly fetched runs to a list: one entry per id (the fetched copy wins), newest first.
 *
 * @example
 * mergeRuns(current, firstPage.items);
 */
export function mergeRuns<T extends RunRecord>(current: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map(current.map((run) => [run.id, run]));
  for (const run of incoming) byId.set(run.id, run);
  return [...byId.values()].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
}

/** One line of a run's "rejections and record errors" list. */
export interface NoticeEntry {
  key: string;
  kind: 'rejected' | 'error';
  nodeId: string;
  sourceId: string;
  message: string;
  at: string | undefined;
  errorId: string | undefined;
  /** Stored errors only: whether it has been retried to success or resolved by hand. */
  resolved: boolean;
}

/** The parts of a live notice (`useLiveRuns.notices`) this list needs. */
export interface LiveNotice {
  kind: 'rejected' | 'error';
  nodeId: string;
  sourceId: string;
  message: string;
  at: string;
  errorId?: string;
}

/**
 * Everything known about a run's rejected and failed records, once each: live notices first (newest
 * first), then stored errors, then the stored sample of rejections.
 *
 * @example
 * noticeEntries(notices[runId] ?? [], errors.items, run.rejections ?? []);
 */
export function noticeEntries(
  live: readonly LiveNotice[],
  storedErrors: readonly Pick<
    RecordError,
    'id' | 'nodeId' | 'sourceId' | 'message' | 'createdAt' | 'status'
  >[],
  rejections: readonly RunRejection[],
): NoticeEntry[] {
  const entries: NoticeEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: NoticeEntry, identity: string) => {
    if (seen.has(identity)) return;
    seen.add(identity);
    entries.push(entry);
  };
  const storedById = new Map(storedErrors.map((error) => [error.id, error]));
  for (const notice of live) {
    const identity =
      notice.kind === 'error' && notice.errorId
        ? `error ${notice.errorId}`
        : `${notice.kind} ${notice.nodeId} ${notice.sourceId}`;
    add(
      {
        key: identity,
        kind: notice.kind,
        nodeId: notice.nodeId,
        sourceId: notice.sourceId,
        message: notice.message,
        at: notice.at,
        errorId: notice.errorId,
        resolved: notice.errorId ? storedById.get(notice.errorId)?.status === 'resolved' : false,
      },
      identity,
    );
  }
  for (const error of storedErrors) {
    add(
      {
        key: `error ${error.id}`,
        kind: 'error',
        nodeId: error.nodeId,
        sourceId: error.sourceId,
        message: error.message,
        at: error.createdAt,
        errorId: error.id,
        resolved: error.status === 'resolved',
      },
      `error ${error.id}`,
    );
  }
  for (const rejection of rejections) {
    const identity = `rejected ${rejection.nodeId} ${rejection.sourceId}`;
    add(
      {
        key: identity,
        kind: 'rejected',
        nodeId: rejection.nodeId,
        sourceId: rejection.sourceId,
        message: rejection.reason,
        at: undefined,
        errorId: undefined,
        resolved: false,
      },
      identity,
    );
  }
  return entries;
}
