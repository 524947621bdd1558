// Live run state from the websocket: the latest snapshot of every run the browser follows, the
// latest run of each flow, recent rejections and record errors, and flow-change notices.
import { create } from 'zustand';
import type { FlowChangedEvent, NodeStats, RunSnapshot, RunStatus, ServerMessage } from '@flowsync/contracts';
import { live } from '../api/live.ts';

export interface RunNotice {
  kind: 'rejected' | 'error';
  runId: string;
  nodeId: string;
  sourceId: string;
  message: string;
  at: string;
  errorId?: string;
}

const NOTICES_KEPT = 200;
const EMPTY_TOTALS = { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 };

interface LiveRunsState {
  runs: Record<string, RunSnapshot>;
  /** flowId → id of its most recently queued or started run. */
  latestRunOfFlow: Record<string, string>;
  /** runId → most recent rejections and record errors (newest first, capped). */
  notices: Record<string, RunNotice[]>;
  /** The last change notice of each flow (saved, switched, deleted), for lists and open editors. */
  flowChanges: Record<string, FlowChangedEvent>;
  apply(message: ServerMessage): void;
}

function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export const useLiveRuns = create<LiveRunsState>()((set) => ({
  runs: {},
  latestRunOfFlow: {},
  notices: {},
  flowChanges: {},
  apply(message) {
    set((state) => reduce(state, message));
  },
}));

function upsertRun(
  state: LiveRunsState,
  runId: string,
  flowId: string,
  patch: Partial<RunSnapshot>,
): Pick<LiveRunsState, 'runs' | 'latestRunOfFlow'> {
  const previous: RunSnapshot = state.runs[runId] ?? {
    runId,
    flowId,
    status: 'queued',
    totals: EMPTY_TOTALS,
    nodes: {},
    updatedAt: new Date().toISOString(),
  };
  const next = { ...previous, ...patch };
  const latestId = state.latestRunOfFlow[flowId];
  const latest = latestId === undefined ? undefined : state.runs[latestId];
  // A finished snapshot arriving late must not displace a newer active run of the same flow.
  const becomesLatest =
    latest === undefined || latestId === runId || isActive(next.status) || !isActive(latest.status);
  return {
    runs: { ...state.runs, [runId]: next },
    latestRunOfFlow: becomesLatest ? { ...state.latestRunOfFlow, [flowId]: runId } : state.latestRunOfFlow,
  };
}

function addNotice(state: LiveRunsState, notice: RunNotice): Pick<LiveRunsState, 'notices'> {
  const list = [notice, ...(state.notices[notice.runId] ?? [])].slice(0, NOTICES_KEPT);
  return { notices: { ...state.notices, [notice.runId]: list } };
}

function reduce(state: LiveRunsState, message: ServerMessage): Partial<LiveRunsState> {
  switch (message.type) {
    case 'snapshot': {
      let next: Partial<LiveRunsState> = {};
      let current = state;
      for (const run of message.runs) {
        next = { ...next, ...upsertRun(current, run.runId, run.flowId, run) };
        current = { ...current, ...next };
      }
      return next;
    }
    case 'run.queued':
      return upsertRun(state, message.runId, message.flowId, { status: 'queued', updatedAt: message.at });
    case 'run.started':
      return upsertRun(state, message.runId, message.flowId, { status: 'running', updatedAt: message.at });
    case 'run.counters':
      return upsertRun(state, message.runId, message.flowId, {
        nodes: message.nodes,
        totals: message.totals,
        updatedAt: message.at,
        ...(state.runs[message.runId]?.status === 'queued' ? { status: 'running' as const } : {}),
      });
    case 'run.finished':
      return upsertRun(state, message.runId, message.flowId, {
        status: message.status,
        nodes: message.nodes,
        totals: message.totals,
        updatedAt: message.at,
        ...(message.message !== undefined ? { message: message.message } : {}),
      });
    case 'run.recordRejected':
      return addNotice(state, {
        kind: 'rejected',
        runId: message.runId,
        nodeId: message.nodeId,
        sourceId: message.sourceId,
        message: message.reason,
        at: message.at,
      });
    case 'run.recordError':
      return addNotice(state, {
        kind: 'error',
        runId: message.runId,
        nodeId: message.nodeId,
        sourceId: message.sourceId,
        message: message.message,
        at: message.at,
        errorId: message.errorId,
      });
    case 'flow.changed':
      return { flowChanges: { ...state.flowChanges, [message.flowId]: message } };
    default:
      return {};
  }
}

live.onMessage((message) => useLiveRuns.getState().apply(message));

/** Sum of a node's outputs, e.g. a qualify node's pass + reject. */
export function emittedTotal(stats: NodeStats | undefined): number {
  if (!stats) return 0;
  let sum = 0;
  for (const count of Object.values(stats.emitted)) sum += count;
  return sum;
}

export { isActive as isRunActive };
