// Turns the flow document into React Flow's nodes and edges. Objects are reused whenever nothing about
// them changed, so an edit (or a drag frame) re-renders only the nodes and edges it touched: the key to
// a 300-node canvas staying responsive.
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { FlowEdge, FlowNode, NodeType } from '@flowsync/contracts';
import { NODE_TYPE_TITLES } from './node-defaults.ts';
import { nodeTitle } from './node-summary.ts';

export type CanvasNodeData = { node: FlowNode };
export type CanvasNode = Node<CanvasNodeData, NodeType>;
export type CanvasEdgeData = { handle: string };
export type CanvasEdge = Edge<CanvasEdgeData, 'flow'>;

export interface NodeView {
  selected: ReadonlySet<string>;
  /** Positions of nodes being dragged (React Flow's local state until the drag ends). */
  dragging: ReadonlyMap<string, XYPosition>;
  /** Sizes React Flow measured; handed back so it keeps its handle positions. */
  measured: ReadonlyMap<string, { width: number; height: number }>;
  /** Whether nodes may be dragged, connected and deleted (edit mode). */
  editable: boolean;
}

function samePosition(a: XYPosition, b: XYPosition): boolean {
  return a.x === b.x && a.y === b.y;
}

/**
 * React Flow nodes for the flow's nodes. A node object from `previous` is returned unchanged when its
 * flow node, position, selection, size and editability are the same.
 *
 * @example
 * const nodes = deriveCanvasNodes(flow.nodes, byId(previousNodes), view);
 */
export function deriveCanvasNodes(
  flowNodes: readonly FlowNode[],
  previous: ReadonlyMap<string, CanvasNode>,
  view: NodeView,
): CanvasNode[] {
  return flowNodes.map((node) => {
    const position = view.dragging.get(node.id) ?? node.position;
    const selected = view.selected.has(node.id);
    const measured = view.measured.get(node.id);
    const before = previous.get(node.id);
    if (
      before !== undefined &&
      before.data.node === node &&
      before.selected === selected &&
      before.measured === measured &&
      before.draggable === view.editable &&
      samePosition(before.position, position)
    ) {
      return before;
    }
    const next: CanvasNode = {
      id: node.id,
      type: node.type,
      position,
      data: { node },
      ariaLabel: `${NODE_TYPE_TITLES[node.type]} node: ${nodeTitle(node)}`,
      selected,
      draggable: view.editable,
      connectable: view.editable,
      deletable: view.editable,
    };
    if (measured !== undefined) next.measured = measured;
    return next;
  });
}

/**
 * React Flow edges for the flow's edges, reusing unchanged edge objects from `previous`.
 *
 * @example
 * const edges = deriveCanvasEdges(flow.edges, byId(previousEdges), new Set(selectedEdgeIds), true);
 */
export function deriveCanvasEdges(
  flowEdges: readonly FlowEdge[],
  previous: ReadonlyMap<string, CanvasEdge>,
  selected: ReadonlySet<string>,
  editable: boolean,
): CanvasEdge[] {
  return flowEdges.map((edge) => {
    const isSelected = selected.has(edge.id);
    const before = previous.get(edge.id);
    if (
      before !== undefined &&
      before.source === edge.source &&
      before.target === edge.target &&
      before.sourceHandle === edge.sourceHandle &&
      before.selected === isSelected &&
      before.deletable === editable
    ) {
      return before;
    }
    return {
      id: edge.id,
      type: 'flow',
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      data: { handle: edge.sourceHandle },
      ariaLabel: `Edge from ${edge.source} (${edge.sourceHandle}) to ${edge.target}`,
      selected: isSelected,
      deletable: editable,
      focusable: true,
    };
  });
}

/** Indexes elements by id (the `previous` argument of the derive functions). */
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}
