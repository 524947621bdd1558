// What a node dropped from the palette starts as: a fresh id unique in the flow and a config that is
// either valid or flagged by validation (an empty connection is a visible "choose a connection"
// problem on the node, never a silent guess).
import type { Flow, FlowNode, NodeType, Position } from '@flowsync/contracts';

/** The drag-and-drop data type of palette entries (its value is the node type). */
export const NODE_DRAG_TYPE = 'application/flowsync-node';

/** Palette names of the node types, in the order a flow usually uses them. */
export const NODE_TYPE_TITLES: Readonly<Record<NodeType, string>> = {
  trigger: 'Trigger',
  qualify: 'Qualify',
  lookup: 'Lookup',
  map: 'Map',
  upsert: 'Upsert',
};

/** One line under each palette entry. */
export const NODE_TYPE_HINTS: Readonly<Record<NodeType, string>> = {
  trigger: 'Reads changed records',
  qualify: 'Lets matching records pass',
  lookup: 'Finds a related record',
  map: 'Shapes the target fields',
  upsert: 'Writes to the target',
};

/**
 * The first free id of the form `<type>-<n>` (counting from 1).
 *
 * @example
 * nextNodeId(new Set(['qualify-1']), 'qualify'); // 'qualify-2'
 */
export function nextNodeId(taken: ReadonlySet<string>, type: NodeType): string {
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A lookup alias (`$lookup2`) not used by another lookup of the flow. */
function freeLookupAlias(nodes: readonly FlowNode[], nodeId: string): string {
  const taken = new Set(nodes.flatMap((node) => (node.type === 'lookup' ? [node.config.as] : [])));
  const base = nodeId.replace(/[^A-Za-z0-9_]/g, '');
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}_${n}`;
  return alias;
}

/**
 * A new node of `type` at `position`, with an id unique in `flow` and an empty config to fill in
 * (its missing fields show as validation problems on the node until they are set).
 *
 * @example
 * const node = createNode(flow, 'qualify', { x: 320, y: 80 }); // { id: 'qualify-1', config: { expression: 'true' }, … }
 */
export function createNode(flow: Pick<Flow, 'nodes'>, type: NodeType, position: Position): FlowNode {
  const id = nextNodeId(new Set(flow.nodes.map((node) => node.id)), type);
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  switch (type) {
    case 'trigger':
      return { id, type, position: at, config: { connection: '', object: '', idField: 'id' } };
    case 'qualify':
      // `true` lets every record pass until criteria are added: valid, and obviously a placeholder.
      return { id, type, position: at, config: { expression: 'true' } };
    case 'lookup':
      return {
        id,
        type,
        position: at,
        config: {
          as: freeLookupAlias(flow.nodes, id),
          source: { kind: 'connector', connection: '', object: '', strategies: [{ field: '', value: '' }] },
          onMultiple: 'first',
        },
      };
    case 'map':
      return { id, type, position: at, config: { fields: [] } };
    case 'upsert':
      return {
        id,
        type,
        position: at,
        config: { connection: '', object: '', operation: 'upsert', skipUnchanged: true },
      };
  }
}
