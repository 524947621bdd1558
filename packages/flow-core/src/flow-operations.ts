import {
  NODE_OUTPUTS,
  NODE_TYPES,
  type Flow,
  type FlowEdge,
  type FlowNode,
  type FlowOperation,
} from '@flowsync/contracts';
import { Value } from '@sinclair/typebox/value';
import { assertNever } from './assert-never.ts';
import { nodeDisplayName } from './node-names.ts';

export type FlowOperationErrorCode = 'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT';

/**
 * An edit that cannot apply to the flow as it is. `code` is an `ERROR_CODES` key; `path` is a JSON
 * pointer into the operation (e.g. `/edge/target`).
 */
export class FlowOperationError extends Error {
  readonly code: FlowOperationErrorCode;
  readonly path: string;
  /** Set by {@link applyOperations}: which operation of the batch failed. */
  readonly operationIndex: number | undefined;

  constructor(code: FlowOperationErrorCode, path: string, message: string, operationIndex?: number) {
    super(message);
    this.name = 'FlowOperationError';
    this.code = code;
    this.path = path;
    this.operationIndex = operationIndex;
  }
}

/**
 * Applies one edit. Pure: returns a new Flow (unchanged parts are shared) and never mutates the input.
 * Structurally impossible operations (unknown node or edge, duplicate id, edge to an unknown node,
 * unknown output handle for the source type, duplicate edge) throw {@link FlowOperationError}.
 * Deleting a node removes its edges. Config validity is not checked: run `validateFlow` on the result.
 * `updateNode` without a label (or with an empty one) clears the label; `renameFlow` without a
 * description keeps it and with an empty one clears it.
 *
 * @example
 * const next = applyOperation(flow, { type: 'moveNode', nodeId: 'map-1', position: { x: 400, y: 120 } });
 */
export function applyOperation(flow: Flow, op: FlowOperation): Flow {
  switch (op.type) {
    case 'addNode': {
      const node = Value.Clone(op.node);
      if (!(NODE_TYPES as readonly string[]).includes(node.type)) {
        throw new FlowOperationError(
          'VALIDATION_FAILED',
          '/node/type',
          `Unknown node type "${String(node.type)}"`,
        );
      }
      const existing = flow.nodes.find((candidate) => candidate.id === node.id);
      if (existing !== undefined) {
        throw new FlowOperationError(
          'CONFLICT',
          '/node/id',
          `node.id: "${node.id}" is already used by ${nodeDisplayName(existing)}`,
        );
      }
      return { ...flow, nodes: [...flow.nodes, node] };
    }
    case 'moveNode': {
      const { x, y } = op.position;
      return replaceNode(flow, op.nodeId, (node) => ({ ...node, position: { x, y } }));
    }
    case 'updateNode':
      return replaceNode(flow, op.nodeId, (node) => {
        const { label: _previous, ...rest } = node;
        return (op.label === undefined || op.label === '' ? rest : { ...rest, label: op.label }) as FlowNode;
      });
    case 'updateConfig':
      return replaceNode(
        flow,
        op.nodeId,
        (node) => ({ ...node, config: Value.Clone(op.config) }) as FlowNode,
      );
    case 'deleteNode': {
      findNode(flow, op.nodeId, '/nodeId');
      return {
        ...flow,
        nodes: flow.nodes.filter((node) => node.id !== op.nodeId),
        edges: flow.edges.filter((edge) => edge.source !== op.nodeId && edge.target !== op.nodeId),
      };
    }
    case 'connect':
      return { ...flow, edges: [...flow.edges, checkedEdge(flow, Value.Clone(op.edge))] };
    case 'disconnect': {
      if (!flow.edges.some((edge) => edge.id === op.edgeId)) {
        throw new FlowOperationError('NOT_FOUND', '/edgeId', `edgeId: no edge with id "${op.edgeId}"`);
      }
      return { ...flow, edges: flow.edges.filter((edge) => edge.id !== op.edgeId) };
    }
    case 'updateSettings':
      return { ...flow, settings: Value.Clone(op.settings) };
    case 'renameFlow': {
      const { description: _previous, ...rest } = flow;
      if (op.description === undefined) return { ...flow, name: op.name };
      return op.description === ''
        ? { ...rest, name: op.name }
        : { ...rest, name: op.name, description: op.description };
    }
    default:
      return assertNever(op, 'flow operation');
  }
}

/**
 * Applies edits in order, all or nothing. A failure carries `operationIndex`.
 *
 * @example
 * const next = applyOperations(flow, [
 *   { type: 'addNode', node: mapNode },
 *   { type: 'connect', edge: { id: 'e9', source: 'qualify-1', sourceHandle: 'pass', target: mapNode.id } },
 * ]);
 */
export function applyOperations(flow: Flow, ops: readonly FlowOperation[]): Flow {
  let current = flow;
  ops.forEach((op, index) => {
    try {
      current = applyOperation(current, op);
    } catch (error) {
      if (!(error instanceof FlowOperationError)) throw error;
      throw new FlowOperationError(
        error.code,
        error.path,
        `Operation ${index + 1} (${op.type}): ${error.message}`,
        index,
      );
    }
  });
  return current;
}

function findNode(flow: Flow, nodeId: string, path: string): FlowNode {
  const node = flow.nodes.find((candidate) => candidate.id === nodeId);
  if (node === undefined)
    throw new FlowOperationError('NOT_FOUND', path, `${path.slice(1)}: no node with id "${nodeId}"`);
  return node;
}

function replaceNode(flow: Flow, nodeId: string, change: (node: FlowNode) => FlowNode): Flow {
  findNode(flow, nodeId, '/nodeId');
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === nodeId ? change(node) : node)) };
}

function checkedEdge(flow: Flow, edge: FlowEdge): FlowEdge {
  if (flow.edges.some((existing) => existing.id === edge.id)) {
    throw new FlowOperationError(
      'CONFLICT',
      '/edge/id',
      `edge.id: "${edge.id}" is already used by another edge`,
    );
  }
  const source = flow.nodes.find((node) => node.id === edge.source);
  if (source === undefined) {
    throw new FlowOperationError(
      'VALIDATION_FAILED',
      '/edge/source',
      `edge.source: no node with id "${edge.source}"`,
    );
  }
  const target = flow.nodes.find((node) => node.id === edge.target);
  if (target === undefined) {
    throw new FlowOperationError(
      'VALIDATION_FAILED',
      '/edge/target',
      `edge.target: no node with id "${edge.target}"`,
    );
  }
  const outputs: readonly string[] = NODE_OUTPUTS[source.type];
  if (!outputs.includes(edge.sourceHandle)) {
    throw new FlowOperationError(
      'VALIDATION_FAILED',
      '/edge/sourceHandle',
      `edge.sourceHandle: ${nodeDisplayName(source)} has no output "${edge.sourceHandle}"; its outputs are ${outputs.join(', ')}`,
    );
  }
  const twin = flow.edges.find(
    (existing) =>
      existing.source === edge.source &&
      existing.sourceHandle === edge.sourceHandle &&
      existing.target === edge.target,
  );
  if (twin !== undefined) {
    throw new FlowOperationError(
      'CONFLICT',
      '/edge',
      `edge: ${nodeDisplayName(source)} (${edge.sourceHandle}) is already connected to ${nodeDisplayName(target)} by edge ${twin.id}`,
    );
  }
  return edge;
}
