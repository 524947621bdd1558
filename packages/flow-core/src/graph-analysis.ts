/** An edge whose endpoints both resolve to nodes; `index` is its place in `flow.edges`. */
export interface ResolvedEdge {
  readonly index: number;
  readonly id: string;
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
}

export interface FoundCycle {
  /** Node ids along the cycle, starting at the node that comes first in the document. */
  readonly nodeIds: readonly string[];
  /** The edge that leads from the last node back to the first. */
  readonly closingEdge: ResolvedEdge;
}

export function outgoingEdges(
  nodeIds: readonly string[],
  edges: readonly ResolvedEdge[],
): Map<string, ResolvedEdge[]> {
  const outgoing = new Map<string, ResolvedEdge[]>(nodeIds.map((id) => [id, []]));
  for (const edge of edges) outgoing.get(edge.source)?.push(edge);
  return outgoing;
}

/** Node ids reachable from `starts` (included) along `outgoing`. */
export function reachableFrom(
  starts: readonly string[],
  outgoing: ReadonlyMap<string, readonly ResolvedEdge[]>,
): Set<string> {
  const seen = new Set(starts);
  const stack = [...starts];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const edge of outgoing.get(id) ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  return seen;
}

/**
 * One concrete cycle per strongly connected component (Tarjan), so each tangle is reported once
 * with a path people can follow.
 */
export function findCycles(
  nodeIds: readonly string[],
  outgoing: ReadonlyMap<string, readonly ResolvedEdge[]>,
): FoundCycle[] {
  const order = new Map(nodeIds.map((id, index) => [id, index]));
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const visit = (id: string): void => {
    indexOf.set(id, counter);
    lowLink.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const edge of outgoing.get(id) ?? []) {
      const next = edge.target;
      if (!indexOf.has(next)) {
        visit(next);
        lowLink.set(id, Math.min(lowLink.get(id) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(id, Math.min(lowLink.get(id) ?? 0, indexOf.get(next) ?? 0));
      }
    }
    if (lowLink.get(id) === indexOf.get(id)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
  };
  for (const id of nodeIds) if (!indexOf.has(id)) visit(id);

  const cycles: FoundCycle[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = component.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
    const cycle = shortestCycleThrough(start, members, outgoing);
    if (cycle !== undefined) cycles.push(cycle);
  }
  return cycles.sort((a, b) => (order.get(a.nodeIds[0] ?? '') ?? 0) - (order.get(b.nodeIds[0] ?? '') ?? 0));
}

function shortestCycleThrough(
  start: string,
  members: ReadonlySet<string>,
  outgoing: ReadonlyMap<string, readonly ResolvedEdge[]>,
): FoundCycle | undefined {
  const via = new Map<string, ResolvedEdge>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head] as string;
    for (const edge of outgoing.get(id) ?? []) {
      if (!members.has(edge.target)) continue;
      if (edge.target === start) {
        const path = [id];
        for (let step = via.get(id); step !== undefined; step = via.get(step.source)) path.push(step.source);
        return { nodeIds: path.reverse(), closingEdge: edge };
      }
      if (!via.has(edge.target)) {
        via.set(edge.target, edge);
        queue.push(edge.target);
      }
    }
  }
  return undefined;
}

/**
 * Kahn's algorithm; ties go to the node that comes first in the document so the order is stable
 * across saves. Returns undefined when the graph has a cycle.
 */
export function topologicalOrder(
  nodeIds: readonly string[],
  edges: readonly ResolvedEdge[],
): string[] | undefined {
  const position = new Map(nodeIds.map((id, index) => [id, index]));
  const inDegree = new Map(nodeIds.map((id) => [id, 0]));
  for (const edge of edges) inDegree.set(edge.target, (inDegree.get(edge.target) ?? 0) + 1);
  const outgoing = outgoingEdges(nodeIds, edges);
  const ready = nodeIds.filter((id) => inDegree.get(id) === 0);
  const result: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    result.push(id);
    for (const edge of outgoing.get(id) ?? []) {
      const remaining = (inDegree.get(edge.target) ?? 0) - 1;
      inDegree.set(edge.target, remaining);
      if (remaining === 0) insertByPosition(ready, edge.target, position);
    }
  }
  return result.length === nodeIds.length ? result : undefined;
}

function insertByPosition(queue: string[], id: string, position: ReadonlyMap<string, number>): void {
  const rank = position.get(id) ?? 0;
  let at = queue.length;
  while (at > 0 && (position.get(queue[at - 1] as string) ?? 0) > rank) at -= 1;
  queue.splice(at, 0, id);
}
