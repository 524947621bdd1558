// Edit operations for what is selected on the canvas: deleting nodes and edges in one undo step, and
// finding a free spot for a new node so repeated adds do not stack on top of each other.
import type { Flow, FlowOperation, Position } from '@flowsync/contracts';

/**
 * Operations deleting the nodes (with their edges) and the other edges, as one batch.
 *
 * @example
 * apply(deleteOperations(flow, ['map-1'], ['qualify-1:reject->upsert-1']));
 */
export function deleteOperations(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): FlowOperation[] {
  const nodes = new Set(nodeIds.filter((id) => flow.nodes.some((node) => node.id === id)));
  const operations: FlowOperation[] = [...nodes].map((nodeId) => ({ type: 'deleteNode', nodeId }));
  for (const edgeId of new Set(edgeIds)) {
    const edge = flow.edges.find((candidate) => candidate.id === edgeId);
    // Edges of deleted nodes go with them.
    if (edge && !nodes.has(edge.source) && !nodes.has(edge.target))
      operations.push({ type: 'disconnect', edgeId });
  }
  return operations;
}

const NUDGE = 32;

/**
 * `wanted`, moved down-right until no node's top-left corner is within a few pixels of it.
 *
 * @example
 * freePosition(flow.nodes, { x: 100, y: 100 }); // { x: 132, y: 132 } when a node already sits at 100,100
 */
export function freePosition(nodes: Pick<Flow, 'nodes'>['nodes'], wanted: Position): Position {
  let at = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  const occupied = (p: Position) =>
    nodes.some((node) => Math.abs(node.position.x - p.x) < 12 && Math.abs(node.position.y - p.y) < 12);
  for (let i = 0; i < 50 && occupied(at); i++) at = { x: at.x + NUDGE, y: at.y + NUDGE };
  return at;
}
