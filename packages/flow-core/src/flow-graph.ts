import { NODE_OUTPUTS, type Flow, type FlowEdge, type FlowNode } from '@flowsync/contracts';
import { outgoingEdges, reachableFrom, topologicalOrder, type ResolvedEdge } from './graph-analysis.ts';
import { nodeDisplayName } from './node-names.ts';

/** Read-only navigation over a valid flow, for the engine and the editor. */
export interface FlowGraph {
  readonly trigger: FlowNode;
  /** Nodes in topological order, trigger first. */
  readonly order: readonly FlowNode[];
  /** Throws on an unknown id. */
  node(id: string): FlowNode;
  /** Targets connected to `handle` of node `id` (a handle may fan out to several nodes), in edge order. */
  next(id: string, handle: string): readonly FlowNode[];
  /** Edges that end at node `id`, in document order. */
  incoming(id: string): readonly FlowEdge[];
}

/**
 * Indexes a flow for traversal. Assumes a flow that passed {@link validateFlow}; throws an Error
 * naming the problem when the structure is not a single-trigger DAG with every node reachable.
 *
 * @example
 * const graph = buildGraph(flow);
 * for (const node of graph.order) console.log(node.id);
 * graph.next('qualify-1', 'pass'); // the nodes that receive qualified records
 */
export function buildGraph(flow: Flow): FlowGraph {
  const byId = new Map<string, FlowNode>();
  for (const node of flow.nodes) {
    if (byId.has(node.id)) throw new Error(`Flow graph: node id "${node.id}" is used twice`);
    byId.set(node.id, node);
  }
  const triggers = flow.nodes.filter((node) => node.type === 'trigger');
  const trigger = triggers[0];
  if (trigger === undefined || triggers.length > 1) {
    throw new Error(`Flow graph: a flow needs exactly one trigger, found ${triggers.length}`);
  }

  const resolved: ResolvedEdge[] = [];
  const targetsByHandle = new Map<string, FlowNode[]>();
  const incomingById = new Map<string, FlowEdge[]>(flow.nodes.map((node) => [node.id, []]));
  flow.edges.forEach((edge, index) => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source === undefined || target === undefined) {
      throw new Error(`Flow graph: edge ${edge.id} connects a node that does not exist`);
    }
    if (!(NODE_OUTPUTS[source.type] as readonly string[]).includes(edge.sourceHandle)) {
      throw new Error(
        `Flow graph: edge ${edge.id} leaves ${nodeDisplayName(source)} by unknown output "${edge.sourceHandle}"`,
      );
    }
    if (target.type === 'trigger') throw new Error(`Flow graph: edge ${edge.id} leads into the trigger`);
    resolved.push({ index, ...edge });
    const key = handleKey(edge.source, edge.sourceHandle);
    const targets = targetsByHandle.get(key) ?? [];
    if (!targets.includes(target)) targets.push(target);
    targetsByHandle.set(key, targets);
    incomingById.get(edge.target)?.push(edge);
  });

  const nodeIds = flow.nodes.map((node) => node.id);
  const orderIds = topologicalOrder(nodeIds, resolved);
  if (orderIds === undefined) throw new Error('Flow graph: the flow has a cycle');
  const reachable = reachableFrom([trigger.id], outgoingEdges(nodeIds, resolved));
  const stranded = flow.nodes.find((node) => !reachable.has(node.id));
  if (stranded !== undefined) {
    throw new Error(`Flow graph: ${nodeDisplayName(stranded)} cannot be reached from the trigger`);
  }

  const node = (id: string): FlowNode => {
    const found = byId.get(id);
    if (found === undefined) throw new Error(`Flow graph: no node with id "${id}"`);
    return found;
  };
  const order = Object.freeze(orderIds.map(node));
  const none: readonly FlowNode[] = Object.freeze([]);
  for (const targets of targetsByHandle.values()) Object.freeze(targets);
  for (const edges of incomingById.values()) Object.freeze(edges);

  return {
    trigger,
    order,
    node,
    next(id, handle) {
      const from = node(id);
      if (!(NODE_OUTPUTS[from.type] as readonly string[]).includes(handle)) {
        throw new Error(`Flow graph: ${nodeDisplayName(from)} has no output "${handle}"`);
      }
      return targetsByHandle.get(handleKey(id, handle)) ?? none;
    },
    incoming(id) {
      node(id);
      return incomingById.get(id) ?? [];
    },
  };
}

function handleKey(nodeId: string, handle: string): string {
  // Node ids cannot contain a space, so the key cannot collide.
  return `${nodeId} ${handle}`;
}
