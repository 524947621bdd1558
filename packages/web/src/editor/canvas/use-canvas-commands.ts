// The canvas commands the toolbar, the palette and the keyboard share: add a node, auto-layout, fit
// view, copy, paste, select all. Each edit is one `apply`, so each is one undo step.
import { useMemo } from 'react';
import { useReactFlow, useStoreApi, type XYPosition } from '@xyflow/react';
import type { NodeType } from '@flowsync/contracts';
import { useEditor } from '../editor-store.ts';
import { autoLayoutOperations, type NodeSize } from './auto-layout.ts';
import type { CanvasEdge, CanvasNode } from './canvas-elements.ts';
import { copyNodes, PASTE_OFFSET, pasteOperations, type CanvasClipboard } from './clipboard.ts';
import { createNode } from './node-defaults.ts';
import { freePosition } from './selection-operations.ts';

/** Width of a node card (editor.css `.flow-node`); the height is measured. */
export const NODE_WIDTH = 232;
const DEFAULT_NODE_HEIGHT = 128;
const FIT_OPTIONS = { padding: 0.1, maxZoom: 1, duration: 250 };

/** Copied nodes, kept for the browser tab (pasting again offsets each copy a little further). */
let clipboard: CanvasClipboard | undefined;
let pastes = 0;

export interface CanvasCommands {
  /** Adds a node whose top-left corner is near `position` (canvas coordinates) and selects it. */
  addNodeAt(type: NodeType, position: XYPosition): void;
  /** Adds a node at the point under the mouse (screen coordinates), e.g. a palette drop. */
  addNodeAtScreen(type: NodeType, screen: XYPosition): void;
  /** Adds a node in the middle of what the canvas shows. */
  addNodeAtCentre(type: NodeType): void;
  autoLayout(): void;
  fitView(): void;
  /** Copies the selected nodes; false when nothing is selected. */
  copy(): boolean;
  /** Pastes the copied nodes; false when nothing was copied. */
  paste(): boolean;
  selectAll(): void;
}

export function useCanvasCommands(): CanvasCommands {
  const flowApi = useReactFlow<CanvasNode, CanvasEdge>();
  const store = useStoreApi<CanvasNode, CanvasEdge>();
  return useMemo(() => {
    const sizeOf = (nodeId: string): NodeSize => {
      const measured = flowApi.getInternalNode(nodeId)?.measured;
      return { width: measured?.width ?? NODE_WIDTH, height: measured?.height ?? DEFAULT_NODE_HEIGHT };
    };
    const addNodeAt = (type: NodeType, position: XYPosition) => {
      const editor = useEditor.getState();
      if (editor.mode !== 'edit') return;
      const node = createNode(editor.flow, type, freePosition(editor.flow.nodes, position));
      if (editor.apply([{ type: 'addNode', node }])) editor.select([node.id]);
    };
    const addNodeAtScreen = (type: NodeType, screen: XYPosition) => {
      const at = flowApi.screenToFlowPosition(screen);
      // The pointer holds the node by its header.
      addNodeAt(type, { x: at.x - NODE_WIDTH / 2, y: at.y - 20 });
    };
    return {
      addNodeAt,
      addNodeAtScreen,
      addNodeAtCentre(type) {
        const rect = store.getState().domNode?.getBoundingClientRect();
        const centre = rect
          ? flowApi.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
          : { x: 0, y: 0 };
        addNodeAt(type, { x: centre.x - NODE_WIDTH / 2, y: centre.y - DEFAULT_NODE_HEIGHT / 2 });
      },
      autoLayout() {
        const editor = useEditor.getState();
        if (editor.mode !== 'edit') return;
        const operations = autoLayoutOperations(editor.flow, sizeOf);
        if (operations.length > 0) editor.apply(operations);
        // Fit once React Flow has the new positions.
        requestAnimationFrame(() => void flowApi.fitView(FIT_OPTIONS));
      },
      fitView() {
        void flowApi.fitView(FIT_OPTIONS);
      },
      copy() {
        const editor = useEditor.getState();
        const copied = copyNodes(editor.flow, editor.selectedNodeIds);
        if (copied === undefined) return false;
        clipboard = copied;
        pastes = 0;
        // Also on the system clipboard, as JSON, for pasting into a file or a chat; best effort.
        navigator.clipboard?.writeText(JSON.stringify(copied, null, 2)).catch(() => undefined);
        return true;
      },
      paste() {
        const editor = useEditor.getState();
        if (clipboard === undefined || editor.mode !== 'edit') return false;
        pastes += 1;
        const { operations, nodeIds } = pasteOperations(editor.flow, clipboard, PASTE_OFFSET * pastes);
        if (!editor.apply(operations)) return false;
        editor.select(nodeIds);
        return true;
      },
      selectAll() {
        const { flow, select } = useEditor.getState();
        select(
          flow.nodes.map((node) => node.id),
          flow.edges.map((edge) => edge.id),
        );
      },
    };
  }, [flowApi, store]);
}
