// The canvas: React Flow showing the draft flow. The flow document in the editor store is the source
// of truth; React Flow only keeps what is in motion (drag positions, measured sizes) until an edit
// operation records it. Locked (no drag, connect or delete) outside edit mode; selection always works.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnDelete,
  type XYPosition,
} from '@xyflow/react';
import { NODE_TYPES, type FlowOperation, type NodeType } from '@flowsync/contracts';
import { useEditor } from '../editor-store.ts';
import { Icon } from '../../ui/icons.tsx';
import {
  byId,
  deriveCanvasEdges,
  deriveCanvasNodes,
  type CanvasEdge,
  type CanvasNode,
} from './canvas-elements.ts';
import { connectionProblem, edgeIdFor } from './edge-rules.ts';
import { FlowEdgePath } from './FlowEdgePath.tsx';
import { FlowNodeCard } from './FlowNodeCard.tsx';
import { NODE_DRAG_TYPE } from './node-defaults.ts';
import { deleteOperations } from './selection-operations.ts';
import { useCanvasCommands } from './use-canvas-commands.ts';

const nodeTypes: NodeTypes = {
  trigger: FlowNodeCard,
  qualify: FlowNodeCard,
  lookup: FlowNodeCard,
  map: FlowNodeCard,
  upsert: FlowNodeCard,
};
const edgeTypes: EdgeTypes = { flow: FlowEdgePath };
const DELETE_KEYS = ['Delete', 'Backspace'];
const FIT_VIEW_OPTIONS = { padding: 0.1, maxZoom: 1 };
const MINIMAP_STYLE = { width: 168, height: 104 };
/** Above this many nodes only what is on screen is rendered. */
const VIRTUALISE_FROM = 120;
const NO_POSITIONS: ReadonlyMap<string, XYPosition> = new Map();
const NO_SIZES: ReadonlyMap<string, { width: number; height: number }> = new Map();

function isNodeType(value: string): value is NodeType {
  return (NODE_TYPES as readonly string[]).includes(value);
}

const minimapClass = (node: CanvasNode) => `flow-minimap-node flow-minimap-node--${node.type ?? 'map'}`;

export function FlowCanvas({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const flowNodes = useEditor((s) => s.flow.nodes);
  const flowEdges = useEditor((s) => s.flow.edges);
  const selectedNodeIds = useEditor((s) => s.selectedNodeIds);
  const selectedEdgeIds = useEditor((s) => s.selectedEdgeIds);
  const mode = useEditor((s) => s.mode);
  const editable = mode === 'edit';
  const commands = useCanvasCommands();

  const [dragging, setDragging] = useState(NO_POSITIONS);
  const [measured, setMeasured] = useState(NO_SIZES);
  // The change handler reads the latest values without being recreated on every drag frame.
  const draggingRef = useRef(dragging);
  draggingRef.current = dragging;
  const measuredRef = useRef(measured);
  measuredRef.current = measured;

  const previousNodes = useRef(new Map<string, CanvasNode>());
  const previousEdges = useRef(new Map<string, CanvasEdge>());
  const selectedNodes = useMemo(() => new Set(selectedNodeIds), [selectedNodeIds]);
  const selectedEdges = useMemo(() => new Set(selectedEdgeIds), [selectedEdgeIds]);
  const nodes = useMemo(
    () =>
      deriveCanvasNodes(flowNodes, previousNodes.current, {
        selected: selectedNodes,
        dragging,
        measured,
        editable,
      }),
    [flowNodes, selectedNodes, dragging, measured, editable],
  );
  const edges = useMemo(
    () => deriveCanvasEdges(flowEdges, previousEdges.current, selectedEdges, editable),
    [flowEdges, selectedEdges, editable],
  );
  useEffect(() => {
    previousNodes.current = byId(nodes);
  }, [nodes]);
  useEffect(() => {
    previousEdges.current = byId(edges);
  }, [edges]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const editor = useEditor.getState();
    let nextSizes: Map<string, { width: number; height: number }> | undefined;
    let nextDragging: Map<string, XYPosition> | undefined;
    const moves: { id: string; position: XYPosition; nudge: boolean }[] = [];
    let selection: Set<string> | undefined;
    for (const change of changes) {
      if (change.type === 'dimensions' && change.dimensions) {
        nextSizes ??= new Map(measuredRef.current);
        const { width, height } = change.dimensions;
        const before = nextSizes.get(change.id);
        if (before?.width !== width || before.height !== height) nextSizes.set(change.id, { width, height });
      } else if (change.type === 'position' && change.position) {
        nextDragging ??= new Map(draggingRef.current);
        if (change.dragging) {
          nextDragging.set(change.id, change.position);
        } else {
          moves.push({ id: change.id, position: change.position, nudge: !nextDragging.has(change.id) });
          nextDragging.delete(change.id);
        }
      } else if (change.type === 'select') {
        selection ??= new Set(editor.selectedNodeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
    }
    if (nextSizes) setMeasured(nextSizes);
    if (moves.length > 0) {
      const operations: FlowOperation[] = moves.flatMap(({ id, position }) => {
        const node = editor.flow.nodes.find((candidate) => candidate.id === id);
        const x = Math.round(position.x);
        const y = Math.round(position.y);
        return node && (node.position.x !== x || node.position.y !== y)
          ? [{ type: 'moveNode' as const, nodeId: id, position: { x, y } }]
          : [];
      });
      // A whole drag is one undo step; arrow-key nudges in quick succession are one too.
      const nudge = moves.every((move) => move.nudge);
      editor.apply(operations, nudge ? { coalesceKey: 'nudge' } : undefined);
    }
    if (nextDragging) setDragging(nextDragging.size === 0 ? NO_POSITIONS : nextDragging);
    if (selection) editor.select([...selection], useEditor.getState().selectedEdgeIds);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const editor = useEditor.getState();
    let selection: Set<string> | undefined;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      selection ??= new Set(editor.selectedEdgeIds);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    }
    if (selection) editor.select(useEditor.getState().selectedNodeIds, [...selection]);
  }, []);

  const onDelete: OnDelete<CanvasNode, CanvasEdge> = useCallback(({ nodes: gone, edges: cut }) => {
    const editor = useEditor.getState();
    const operations = deleteOperations(
      editor.flow,
      gone.map((node) => node.id),
      cut.map((edge) => edge.id),
    );
    if (operations.length > 0) editor.apply(operations);
  }, []);

  const isValidConnection: IsValidConnection<CanvasEdge> = useCallback(
    (connection) =>
      connectionProblem(useEditor.getState().flow, {
        source: connection.source,
        sourceHandle: connection.sourceHandle,
        target: connection.target,
      }) === undefined,
    [],
  );

  const onConnect = useCallback((connection: Connection) => {
    const editor = useEditor.getState();
    const { source, sourceHandle, target } = connection;
    if (sourceHandle == null || connectionProblem(editor.flow, connection) !== undefined) return;
    editor.apply([
      {
        type: 'connect',
        edge: { id: edgeIdFor(source, sourceHandle, target), source, sourceHandle, target },
      },
    ]);
  }, []);

  const onDragOver = useCallback(
    (event: DragEvent) => {
      if (!editable || !event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    [editable],
  );
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!editable || !isNodeType(type)) return;
      event.preventDefault();
      commands.addNodeAtScreen(type, { x: event.clientX, y: event.clientY });
    },
    [commands, editable],
  );

  return (
    <div className="editor-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={editable}
        nodesConnectable={editable}
        elementsSelectable
        deleteKeyCode={editable ? DELETE_KEYS : null}
        snapToGrid
        snapGrid={[8, 8]}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={flowNodes.length >= VIRTUALISE_FROM}
        proOptions={{ hideAttribution: true }}
        aria-label="Flow canvas"
      >
        <Background
          variant={BackgroundVariant.Dots}
          gap={20}
          size={1.2}
          className="editor-canvas__background"
        />
        <Controls showInteractive={false} showFitView={false} position="bottom-left" />
        {flowNodes.length > 0 && (
          <MiniMap
            pannable
            zoomable
            position="bottom-right"
            nodeClassName={minimapClass}
            nodeBorderRadius={6}
            style={MINIMAP_STYLE}
            ariaLabel="Overview of the flow"
          />
        )}
        <Panel position="top-right">
          <button
            type="button"
            className="editor-canvas__help"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={onShowShortcuts}
          >
            ?
          </button>
        </Panel>
        {mode !== 'edit' && (
          <Panel position="top-left" className="editor-canvas__locked">
            <Icon name="lock" size={14} />
            {mode === 'criteria' ? 'You can view this flow and edit qualification criteria' : 'Read-only'}
          </Panel>
        )}
      </ReactFlow>
      {flowNodes.length === 0 && <EmptyCanvas editable={editable} />}
    </div>
  );
}

function EmptyCanvas({ editable }: { editable: boolean }) {
  return (
    <div className="editor-canvas__empty">
      <span className="editor-canvas__empty-icon">
        <Icon name="flows" size={22} />
      </span>
      <strong>{editable ? 'Start with a trigger' : 'This flow has no nodes yet'}</strong>
      {editable && (
        <span>
          Drag a <b>Trigger</b> from the palette onto the canvas, or select it and press Enter. Then add
          Qualify, Lookup, Map and Upsert steps and connect their handles.
        </span>
      )}
    </div>
  );
}
