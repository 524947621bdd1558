// Live run state of the flow open in the editor: follows the flow's websocket topic and seeds the
// live-runs store with the flow's latest run, so the canvas shows its counters right after loading.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeStats, RunRecord } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { useTopic } from '../../api/use-topic.ts';
import { isRunActive, useLiveRuns } from '../../state/live-runs.ts';
import { flattenNodeStats, type FlatNodeStats } from './node-stats.ts';

function snapshotOf(run: RunRecord) {
  return {
    runId: run.id,
    flowId: run.flowId,
    status: run.status,
    totals: run.totals,
    nodes: run.nodes,
    updatedAt: run.finishedAt ?? run.startedAt ?? run.queuedAt,
    ...(run.message !== undefined ? { message: run.message } : {}),
  };
}

/**
 * Puts a run fetched over HTTP into the live store, unless the websocket already delivered that run
 * or a newer one (live data is always fresher than a fetch).
 */
export function seedRun(run: RunRecord): void {
  const state = useLiveRuns.getState();
  const latest = state.latestRunOfFlow[run.flowId];
  if (state.runs[run.id] !== undefined) return;
  if (latest !== undefined && latest !== run.id && run.status !== 'queued') return;
  state.apply({ type: 'snapshot', topic: `flow:${run.flowId}`, runs: [snapshotOf(run)] });
}

/** Follows `flow:<id>` while mounted and loads the flow's latest run once. */
export function useFlowRuns(flowId: string | undefined): void {
  useTopic(flowId ? `flow:${flowId}` : undefined);
  useEffect(() => {
    if (flowId === undefined) return;
    const controller = new AbortController();
    (async () => {
      const list = await api.runs.list({ flowId, limit: '1' });
      const latest = list.items[0];
      if (latest === undefined || controller.signal.aborted) return;
      const detail = await api.runs.get(latest.id);
      if (!controller.signal.aborted) seedRun(detail);
    })().catch((error: unknown) => {
      // The counters are an extra on the canvas: without them the editor still works.
      console.warn('flowsync: could not load the latest run of', flowId, error);
    });
    return () => controller.abort();
  }, [flowId]);
}

/** Id of the flow's latest run (live or loaded). */
export function useLatestRunId(flowId: string | undefined): string | undefined {
  return useLiveRuns((s) => (flowId ? s.latestRunOfFlow[flowId] : undefined));
}

/** Whether the flow's latest run is queued or running. */
export function useRunActive(flowId: string | undefined): boolean {
  return useLiveRuns((s) => {
    const runId = flowId ? s.latestRunOfFlow[flowId] : undefined;
    const status = runId ? s.runs[runId]?.status : undefined;
    return status !== undefined && isRunActive(status);
  });
}

function latestNodeStats(
  s: ReturnType<typeof useLiveRuns.getState>,
  flowId: string | undefined,
  nodeId: string,
): NodeStats | undefined {
  const runId = flowId ? s.latestRunOfFlow[flowId] : undefined;
  return runId ? s.runs[runId]?.nodes[nodeId] : undefined;
}

/** A node's counters in the flow's latest run (re-renders only when they change). */
export function useNodeStats(flowId: string | undefined, nodeId: string): FlatNodeStats {
  return useLiveRuns(useShallow((s) => flattenNodeStats(latestNodeStats(s, flowId, nodeId))));
}

/** Whether the flow has a run whose counters the canvas shows. */
export function useHasRun(flowId: string | undefined): boolean {
  return useLiveRuns((s) => flowId !== undefined && s.latestRunOfFlow[flowId] !== undefined);
}

/** Records that left `nodeId` through `handle` in the latest run (undefined without a run). */
export function useEdgeCount(flowId: string | undefined, nodeId: string, handle: string): number | undefined {
  return useLiveRuns((s) => {
    const runId = flowId ? s.latestRunOfFlow[flowId] : undefined;
    if (runId === undefined) return undefined;
    return s.runs[runId]?.nodes[nodeId]?.emitted[handle] ?? 0;
  });
}
