// Generated flows for the canvas benchmark: one trigger and lanes of qualify → map → … → upsert nodes,
// laid out on a grid, valid for flow-core (every node reachable, every config complete), so the editor
// draws them exactly as it would draw a real flow of that size.
import type { Flow, FlowNode } from '@flowsync/contracts';

/** Node ids are `bench-000`, `bench-001`, …: `[data-testid^="node-bench-"]` matches every node element. */
export const BENCH_NODE_PREFIX = 'bench-';

const COLUMN_WIDTH = 280;
const ROW_HEIGHT = 150;

/**
 * A valid flow of `nodeCount` nodes (at least 2): the trigger, then lanes of up to `laneLength` nodes that
 * alternate qualify and map and end in an upsert; each lane starts at the trigger.
 *
 * @example
 * ```ts
 * const flow = canvasBenchFlow({ id: 'bench-300', nodeCount: 300 });
 * await admin.request('POST', '/api/flows', { flow });
 * ```
 */
export function canvasBenchFlow(options: { id: string; nodeCount: number; laneLength?: number }): Flow {
  const { id, nodeCount } = options;
  const laneLength = options.laneLength ?? 10;
  if (nodeCount < 2) throw new Error('a benchmark flow has at least a trigger and one more node');
  const nodeId = (index: number) => `${BENCH_NODE_PREFIX}${String(index).padStart(3, '0')}`;
  const nodes: FlowNode[] = [
    {
      id: nodeId(0),
      type: 'trigger',
      position: { x: 0, y: 0 },
      label: 'NetSuite contacts',
      config: { connection: 'netsuite', object: 'contact', idField: 'id', fields: ['id', 'email'] },
    },
  ];
  const edges: Flow['edges'] = [];
  const remaining = nodeCount - 1;
  const lanes = Math.ceil(remaining / laneLength);
  let index = 1;
  for (let lane = 0; lane < lanes; lane++) {
    const length = Math.min(laneLength, remaining - lane * laneLength);
    let previous = { id: nodeId(0), handle: 'out' };
    for (let step = 0; step < length; step++) {
      const id = nodeId(index++);
      const position = { x: (step + 1) * COLUMN_WIDTH, y: (lane - (lanes - 1) / 2) * ROW_HEIGHT };
      const last = step === length - 1;
      const node: FlowNode = last
        ? {
            id,
            type: 'upsert',
            position,
            label: `Create contact ${lane + 1}`,
            config: {
              connection: 'salesforce',
              object: 'Contact',
              operation: 'create',
              batchSize: 200,
              skipUnchanged: true,
            },
          }
        : step % 2 === 0
          ? {
              id,
              type: 'qualify',
              position,
              label: `Rule ${lane + 1}.${step + 1}`,
              config: { expression: `$exists(email) and $length(email) > ${step}` },
            }
          : {
              id,
              type: 'map',
              position,
              label: `Fields ${lane + 1}.${step + 1}`,
              config: {
                fields: [
                  { target: 'Email', kind: 'expression', expression: 'email' },
                  { target: 'LastName', kind: 'static', value: `Lane ${lane + 1}` },
                ],
              },
            };
      nodes.push(node);
      edges.push({
        id: `${previous.id}:${previous.handle}->${id}`,
        source: previous.id,
        sourceHandle: previous.handle,
        target: id,
      });
      previous = { id, handle: node.type === 'qualify' ? 'pass' : 'out' };
    }
  }
  return {
    schemaVersion: 1,
    id,
    name: `Canvas benchmark: ${nodeCount} nodes`,
    nodes,
    edges,
    settings: {
      retry: { attempts: 3, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 200,
      concurrency: 1,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  } as Flow;
}
