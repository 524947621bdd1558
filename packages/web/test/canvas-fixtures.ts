// Flows for the canvas tests: the real example flow from flows/ and small hand-made graphs.
import { readFileSync } from 'node:fs';
import type { Flow, FlowNode } from '@flowsync/contracts';

export function exampleFlow(): Flow {
  const url = new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Flow;
}

export function baseFlow(nodes: FlowNode[] = [], edges: Flow['edges'] = []): Flow {
  return {
    schemaVersion: 1,
    id: 'canvas-test',
    name: 'Canvas test',
    nodes,
    edges,
    settings: {
      retry: { attempts: 4, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 200,
      concurrency: 4,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  };
}

export const trigger = (id: string, x = 0, y = 0): FlowNode => ({
  id,
  type: 'trigger',
  position: { x, y },
  config: { connection: 'netsuite', object: 'contact', idField: 'id' },
});

export const qualify = (id: string, x = 0, y = 0): FlowNode => ({
  id,
  type: 'qualify',
  position: { x, y },
  config: { expression: 'email != ""' },
});

export const map = (id: string, x = 0, y = 0): FlowNode => ({
  id,
  type: 'map',
  position: { x, y },
  config: { fields: [{ target: 'Email', kind: 'expression', expression: 'email' }] },
});

/** trigger → qualify (pass → map-a, reject → map-b). */
export function branchingFlow(): Flow {
  return baseFlow(
    [trigger('t'), qualify('q'), map('map-a'), map('map-b')],
    [
      { id: 't:out->q', source: 't', sourceHandle: 'out', target: 'q' },
      { id: 'q:pass->map-a', source: 'q', sourceHandle: 'pass', target: 'map-a' },
      { id: 'q:reject->map-b', source: 'q', sourceHandle: 'reject', target: 'map-b' },
    ],
  );
}
