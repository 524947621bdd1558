import { NODE_OUTPUTS, type FlowNode, type NodeStats, type RunTotals } from '@flowsync/contracts';

export function emptyStats(node: FlowNode): NodeStats {
  const emitted: Record<string, number> = {};
  for (const handle of NODE_OUTPUTS[node.type]) emitted[handle] = 0;
  return { received: 0, emitted, failed: 0, skipped: 0, retries: 0 };
}

export function emptyTotals(): RunTotals {
  return { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 };
}

export function cloneStats(stats: Record<string, NodeStats>): Record<string, NodeStats> {
  const copy: Record<string, NodeStats> = {};
  for (const [id, s] of Object.entries(stats)) copy[id] = { ...s, emitted: { ...s.emitted } };
  return copy;
}
