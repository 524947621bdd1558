// Auto-layout: dagre arranges the flow left → right (each node right of the nodes that feed it) and
// the result becomes moveNode operations, so one click is one undo step.
import dagre from '@dagrejs/dagre';
import type { Flow, FlowOperation, Position } from '@flowsync/contracts';

export interface NodeSize {
  width: number;
  height: number;
}

/** Horizontal gap between ranks leaves room for the edge count labels. */
const RANK_GAP = 96;
const NODE_GAP = 40;

/**
 * Top-left positions that lay the flow out left → right without overlaps. The layout keeps the
 * flow's top-left corner where it was, so the canvas does not jump.
 *
 * @example
 * const positions = layoutPositions(flow, () => ({ width: 232, height: 120 }));
 * positions.get('qualify-1'); // { x: 328, y: 0 }
 */
export function layoutPositions(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  sizeOf: (nodeId: string) => NodeSize,
): Map<string, Position> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(flow.nodes.map((node) => node.id));
  for (const node of flow.nodes) {
    const { width, height } = sizeOf(node.id);
    graph.setNode(node.id, { width, height });
  }
  for (const edge of flow.edges) {
    if (ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
      graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);

  const laidOut = new Map<string, Position>();
  for (const node of flow.nodes) {
    const box = graph.node(node.id);
    const { width, height } = sizeOf(node.id);
    laidOut.set(node.id, { x: box.x - width / 2, y: box.y - height / 2 });
  }
  // Anchor at the flow's current top-left corner.
  const minOf = (values: number[]) => (values.length === 0 ? 0 : Math.min(...values));
  const shiftX = minOf(flow.nodes.map((n) => n.position.x)) - minOf([...laidOut.values()].map((p) => p.x));
  const shiftY = minOf(flow.nodes.map((n) => n.position.y)) - minOf([...laidOut.values()].map((p) => p.y));
  for (const [id, position] of laidOut) {
    laidOut.set(id, { x: Math.round(position.x + shiftX), y: Math.round(position.y + shiftY) });
  }
  return laidOut;
}

/**
 * The moveNode operations of an auto-layout (only nodes that actually move).
 *
 * @example
 * useEditor.getState().apply(autoLayoutOperations(flow, sizeOf));
 */
export function autoLayoutOperations(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  sizeOf: (nodeId: string) => NodeSize,
): FlowOperation[] {
  const positions = layoutPositions(flow, sizeOf);
  return flow.nodes.flatMap((node): FlowOperation[] => {
    const position = positions.get(node.id);
    if (position === undefined || (position.x === node.position.x && position.y === node.position.y))
      return [];
    return [{ type: 'moveNode', nodeId: node.id, position }];
  });
}
