// Where a node sits in its flow, for the inspectors: the upsert a map feeds (its target object names
// the map's target fields), the lookups upstream of a node (their `$alias` results are available to
// its expressions) and the trigger (its object names the source fields).
import type { Flow, FlowNode, LookupNode, TriggerNode, UpsertNode } from '@flowsync/contracts';

function walk(flow: Flow, startId: string, direction: 'down' | 'up'): FlowNode[] {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const next = new Map<string, string[]>();
  for (const edge of flow.edges) {
    const [from, to] = direction === 'down' ? [edge.source, edge.target] : [edge.target, edge.source];
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const seen = new Set([startId]);
  const queue = [startId];
  const found: FlowNode[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const neighbour of next.get(id) ?? []) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      queue.push(neighbour);
      const node = byId.get(neighbour);
      if (node) found.push(node);
    }
  }
  return found;
}

/**
 * The nearest upsert node reached by following edges from `nodeId` (breadth first).
 *
 * @example
 * downstreamUpsert(flow, 'contact-fields')?.config.object; // 'Contact'
 */
export function downstreamUpsert(flow: Flow, nodeId: string): UpsertNode | undefined {
  return walk(flow, nodeId, 'down').find((node): node is UpsertNode => node.type === 'upsert');
}

/**
 * The lookup nodes a record passes before reaching `nodeId`, nearest first: their results are bound
 * as `$<as>` for this node's expressions.
 *
 * @example
 * upstreamLookups(flow, 'contact-fields').map((n) => n.config.as); // ['sfContact', 'account']
 */
export function upstreamLookups(flow: Flow, nodeId: string): LookupNode[] {
  return walk(flow, nodeId, 'up').filter((node): node is LookupNode => node.type === 'lookup');
}

/** The flow's trigger node, if it has one. */
export function triggerNodeOf(flow: Flow): TriggerNode | undefined {
  return flow.nodes.find((node): node is TriggerNode => node.type === 'trigger');
}

/** Every lookup alias bound anywhere in the flow (what a preview cannot resolve). */
export function lookupAliases(flow: Flow): Set<string> {
  return new Set(
    flow.nodes.flatMap((node) =>
      node.type === 'lookup' && typeof node.config.as === 'string' && node.config.as !== ''
        ? [node.config.as]
        : [],
    ),
  );
}

/** What a lookup binds under `$<as>`: the fields it returns (connector) or the ledger entry's fields. */
export function lookupResultFields(node: LookupNode): string[] {
  const source = node.config.source;
  if (source?.kind === 'ledger') return ['targetId', 'sourceId', 'target', 'flowId', 'syncedAt'];
  return source?.kind === 'connector' ? [...(source.fields ?? [])] : [];
}
