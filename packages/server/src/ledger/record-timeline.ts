import type { LedgerTimelineEntry, RecordError } from '@flowsync/contracts';
import type { Store } from '@flowsync/store';

/**
 * "Where is record X": every write of the record to a target (by its source or its target id), and
 * every error of it and its resolution, across flows, newest first.
 *
 * A target id also finds the errors of the source record it came from, so the answer is the same
 * whichever system's id the user has at hand.
 *
 * @example
 * ```ts
 * const entries = await recordTimeline(store, 'NS-1042', 100);
 * // [{ at, flowId, kind: 'synced', sourceId: 'NS-1042', targetId: '003…', target: 'salesforce/Contact', … }]
 * ```
 */
export async function recordTimeline(
  store: Store,
  recordId: string,
  limit: number,
): Promise<LedgerTimelineEntry[]> {
  const history = await store.ledger.history(recordId, limit);
  const sourceIds = new Set([recordId, ...history.map((entry) => entry.sourceId)]);
  const errorLists = await Promise.all(
    [...sourceIds].map((sourceId) => store.errors.list({ sourceId, limit })),
  );
  const errors = new Map<string, RecordError>();
  for (const error of errorLists.flat()) errors.set(error.id, error);

  const entries: LedgerTimelineEntry[] = history.map((entry) => ({
    at: entry.syncedAt,
    flowId: entry.flowId,
    kind: 'synced',
    sourceId: entry.sourceId,
    targetId: entry.targetId,
    target: entry.target,
    action: entry.action,
    runId: entry.runId,
  }));
  for (const error of errors.values()) {
    const base = {
      flowId: error.flowId,
      sourceId: error.sourceId,
      runId: error.runId,
      errorId: error.id,
      nodeId: error.nodeId,
      code: error.code,
      message: error.message,
    };
    entries.push({ ...base, at: error.createdAt, kind: 'error' });
    if (error.status === 'resolved') {
      entries.push({
        ...base,
        at: error.resolvedAt ?? error.updatedAt,
        kind: 'resolved',
        ...(error.resolution === undefined ? {} : { resolution: error.resolution }),
        ...(error.resolvedBy === undefined ? {} : { by: error.resolvedBy }),
      });
    }
  }
  // Stable sort: the ledger's own newest-first order is kept among equal times.
  const order = (kind: LedgerTimelineEntry['kind']) => (kind === 'resolved' ? 0 : kind === 'synced' ? 1 : 2);
  entries.sort((a, b) => (a.at === b.at ? order(a.kind) - order(b.kind) : a.at < b.at ? 1 : -1));
  return entries.slice(0, limit);
}
