import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Flow } from '@flowsync/contracts';
import { validateFlow } from '@flowsync/flow-core';
import { analystEditRefusals } from '../src/flows/analyst-edit-rule.ts';
import { CONTACTS_FLOW, flowFile } from './support/flows-fixtures.ts';

function stored(): Flow {
  const result = validateFlow(flowFile(CONTACTS_FLOW));
  if (!result.ok) throw new Error('fixture does not validate');
  return result.flow;
}

function edit(change: (flow: Flow) => void): Flow {
  const flow = structuredClone(stored());
  change(flow);
  return flow;
}

test('criteria and their description are the analyst’s to change', () => {
  const edited = edit((flow) => {
    const node = flow.nodes.find((n) => n.id === 'qualification');
    if (node?.type !== 'qualify') throw new Error('fixture changed');
    node.config = { expression: 'true' }; // description removed, expression replaced
  });
  assert.deepEqual(analystEditRefusals(stored(), edited), []);
});

test('$schema is not a change; node order is', () => {
  assert.deepEqual(
    analystEditRefusals(
      stored(),
      edit((flow) => {
        delete flow.$schema;
      }),
    ),
    [],
  );
  const reordered = analystEditRefusals(
    stored(),
    edit((flow) => {
      flow.nodes.reverse();
    }),
  );
  assert.equal(reordered.length, 1);
  assert.match(reordered[0]?.path ?? '', /^\/nodes\/0\//);
});

test('a criteria edit on a node that is no longer a qualify node is refused', () => {
  const refusals = analystEditRefusals(
    stored(),
    edit((flow) => {
      const index = flow.nodes.findIndex((n) => n.id === 'qualification');
      flow.nodes[index] = {
        id: 'qualification',
        type: 'map',
        position: { x: 0, y: 0 },
        config: { fields: [{ target: 'A', kind: 'static', value: 1 }] },
      };
    }),
  );
  assert.deepEqual(
    refusals.map((r) => [r.path, r.nodeId]),
    [
      ['/nodes/2', 'qualification'],
      ['/nodes/2', 'qualification'],
    ],
  );
  assert.match(refusals[0]?.message ?? '', /^Removed Qualify "Qualification criteria"/);
  assert.match(refusals[1]?.message ?? '', /^Added Map/);
});
