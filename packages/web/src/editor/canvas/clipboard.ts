// Copy and paste of canvas nodes: what is copied (the nodes and the edges among them) and the edit
// operations that paste it with fresh ids, shifted so the copy does not hide the original.
import type { Flow, FlowEdge, FlowNode, FlowOperation } from '@flowsync/contracts';
import { edgeIdFor } from './edge-rules.ts';
import { nextNodeId } from './node-defaults.ts';

/** Marks clipboard JSON written by flowsync. */
export const CLIPBOARD_KIND = 'flowsync/nodes';

export interface CanvasClipboard {
  kind: typeof CLIPBOARD_KIND;
  nodes: FlowNode[];
  /** Only edges whose both ends were copied. */
  edges: FlowEdge[];
}

/** How far each paste moves the copy, in canvas pixels. */
export const PASTE_OFFSET = 40;

/**
 * The selected nodes and the edges among them, or undefined when nothing is selected.
 *
 * @example
 * const clip = copyNodes(flow, ['qualify-1', 'map-1']); // edge qualify-1 → map-1 kept, others dropped
 */
export function copyNodes(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  nodeIds: readonly string[],
): CanvasClipboard | undefined {
  const wanted = new Set(nodeIds);
  const nodes = flow.nodes.filter((node) => wanted.has(node.id));
  if (nodes.length === 0) return undefined;
  const edges = flow.edges.filter((edge) => wanted.has(edge.source) && wanted.has(edge.target));
  return { kind: CLIPBOARD_KIND, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/**
 * Operations that add the clipboard's nodes (new ids unique in `flow`, moved by `offset` pixels on
 * both axes) and reconnect the copied edges between the copies. Returns the new node ids to select.
 *
 * @example
 * const { operations, nodeIds } = pasteOperations(flow, clip, PASTE_OFFSET);
 * useEditor.getState().apply(operations);
 */
export function pasteOperations(
  flow: Pick<Flow, 'nodes'>,
  clipboard: CanvasClipboard,
  offset: number,
): { operations: FlowOperation[]; nodeIds: string[] } {
  const taken = new Set(flow.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  const operations: FlowOperation[] = [];
  for (const node of clipboard.nodes) {
    const id = nextNodeId(taken, node.type);
    taken.add(id);
    renamed.set(node.id, id);
    const copy = structuredClone(node);
    operations.push({
      type: 'addNode',
      node: { ...copy, id, position: { x: node.position.x + offset, y: node.position.y + offset } },
    });
  }
  for (const edge of clipboard.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    operations.push({
      type: 'connect',
      edge: {
        id: edgeIdFor(source, edge.sourceHandle, target),
        source,
        sourceHandle: edge.sourceHandle,
        target,
      },
    });
  }
  return { operations, nodeIds: [...renamed.values()] };
}
