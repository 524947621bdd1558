import type { FlowNode, NodeType } from '@flowsync/contracts';

const TYPE_TITLES: Record<NodeType, string> = {
  trigger: 'Trigger',
  qualify: 'Qualify',
  lookup: 'Lookup',
  map: 'Map',
  upsert: 'Upsert',
};

/** The parts of a node that naming needs; also fits nodes that failed schema validation. */
export interface NameableNode {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly label?: unknown;
}

function typeTitle(type: unknown): string {
  return typeof type === 'string' && Object.hasOwn(TYPE_TITLES, type)
    ? TYPE_TITLES[type as NodeType]
    : 'Node';
}

/**
 * How messages name a node: its type and label when it has one, else its id.
 *
 * @example
 * nodeDisplayName({ id: 'q1', type: 'qualify', label: 'Has company' }); // 'Qualify "Has company"'
 * nodeDisplayName({ id: 'q1', type: 'qualify' }); // 'Qualify q1'
 */
export function nodeDisplayName(node: NameableNode | FlowNode): string {
  const title = typeTitle(node.type);
  if (typeof node.label === 'string' && node.label.trim() !== '') return `${title} "${node.label}"`;
  if (typeof node.id === 'string') return `${title} ${node.id}`;
  return title;
}
