import type { NodeType } from '@flowsync/contracts';
import type { CompiledNode } from './compile-flow.ts';
import type { Envelope } from './envelope.ts';
import type { Executor } from './executors/executor.ts';
import { executeLookup } from './executors/lookup.executor.ts';
import { executeMap } from './executors/map.executor.ts';
import { executeQualify } from './executors/qualify.executor.ts';
import { executeTrigger } from './executors/trigger.executor.ts';
import { executeUpsert } from './executors/upsert.executor.ts';
import { newPageOutcome, type PageOutcome, type RunContext } from './run-context.ts';

const EXECUTORS: { [T in NodeType]: Executor<T> } = {
  trigger: executeTrigger,
  qualify: executeQualify,
  lookup: executeLookup,
  map: executeMap,
  upsert: executeUpsert,
};

function execute(
  node: CompiledNode,
  batch: Envelope[],
  run: RunContext,
  page: PageOutcome,
  emit: (h: string, e: Envelope) => void,
) {
  // Each compiled node is paired with the executor of its own type.
  const executor = EXECUTORS[node.type] as Executor<NodeType>;
  return executor(node as never, batch, run, page, emit);
}

function copyForBranch(envelope: Envelope): Envelope {
  const copy: Envelope = { ...envelope, data: { ...envelope.data }, lookups: { ...envelope.lookups } };
  if (envelope.mapped !== undefined) copy.mapped = { ...envelope.mapped };
  return copy;
}

/**
 * Moves one page through the graph: each node, in topological order, runs once over every record of
 * the page that reached it. A handle wired to several nodes sends each a copy.
 */
export async function processPage(run: RunContext, inputs: Map<string, Envelope[]>): Promise<PageOutcome> {
  const page = newPageOutcome();
  for (const nodeId of inputs.keys()) {
    // A retried error names the node it failed at; a later version may not have it any more.
    if (!run.compiled.nodes.has(nodeId)) throw new Error(`Node ${nodeId} is not in this version of the flow`);
  }
  const queues = new Map(inputs);
  for (const entered of inputs.values()) {
    for (const envelope of entered) if (envelope.retryOf) page.retriedErrorIds.push(envelope.retryOf.id);
  }
  for (const flowNode of run.compiled.graph.order) {
    const batch = queues.get(flowNode.id);
    if (!batch || batch.length === 0) continue;
    queues.delete(flowNode.id);
    const node = run.compiled.nodes.get(flowNode.id);
    if (!node) throw new Error(`node ${flowNode.id} was not compiled`);
    const stats = run.statsOf(flowNode.id);
    stats.received += batch.length;
    await execute(node, batch, run, page, (handle, envelope) => {
      stats.emitted[handle] = (stats.emitted[handle] ?? 0) + 1;
      const targets = run.compiled.graph.next(flowNode.id, handle);
      targets.forEach((target, i) => {
        const queue = queues.get(target.id) ?? [];
        queue.push(i === 0 ? envelope : copyForBranch(envelope));
        queues.set(target.id, queue);
      });
    });
  }
  return page;
}
