// Which connections the canvas accepts, and the id an edge gets. The reducer refuses structurally
// impossible edges too; checking first lets the canvas refuse them while the user drags.
import { NODE_OUTPUTS, type Flow } from '@flowsync/contracts';

export interface ConnectionAttempt {
  source: string;
  sourceHandle: string | null | undefined;
  target: string;
}

/**
 * The id of the edge from a node's output handle to a node (the rule the example flows follow).
 *
 * @example
 * edgeIdFor('qualification', 'pass', 'existing-contact'); // 'qualification:pass->existing-contact'
 */
export function edgeIdFor(source: string, sourceHandle: string, target: string): string {
  return `${source}:${sourceHandle}->${target}`;
}

/** True when `to` can be reached from `from` along the flow's edges. */
function reaches(flow: Pick<Flow, 'edges'>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (current === to) return true;
    for (const edge of flow.edges) {
      if (edge.source === current && !seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return false;
}

/**
 * Why the canvas refuses this connection, or undefined when it may be made: no self loops, nothing
 * into the trigger, only the source type's named outputs, one edge per output → target pair, no cycles.
 *
 * @example
 * connectionProblem(flow, { source: 'map-1', sourceHandle: 'out', target: 'trigger-1' });
 * // 'Nothing can connect into a trigger'
 */
export function connectionProblem(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  attempt: ConnectionAttempt,
): string | undefined {
  const source = flow.nodes.find((node) => node.id === attempt.source);
  const target = flow.nodes.find((node) => node.id === attempt.target);
  if (source === undefined || target === undefined) return 'Both ends must be nodes of this flow';
  if (source.id === target.id) return 'A node cannot connect to itself';
  if (target.type === 'trigger') return 'Nothing can connect into a trigger';
  const outputs: readonly string[] = NODE_OUTPUTS[source.type];
  const handle = attempt.sourceHandle ?? '';
  if (!outputs.includes(handle)) return `This node's outputs are ${outputs.join(', ')}`;
  const id = edgeIdFor(source.id, handle, target.id);
  const twin = flow.edges.some(
    (edge) =>
      edge.id === id ||
      (edge.source === source.id && edge.sourceHandle === handle && edge.target === target.id),
  );
  if (twin) return 'These are already connected';
  if (reaches(flow, target.id, source.id)) return 'This connection would make a loop';
  return undefined;
}
