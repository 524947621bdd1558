import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NODE_TYPES, type Flow } from '@flowsync/contracts';
import { applyOperations, validateFlow } from '@flowsync/flow-core';
import { checkExpressionSyntax } from '@flowsync/expression';
import { createNode, nextNodeId } from '../src/editor/canvas/node-defaults.ts';
import { baseFlow, exampleFlow } from './canvas-fixtures.ts';

describe('nextNodeId', () => {
  it('counts from 1 and skips ids already taken', () => {
    assert.equal(nextNodeId(new Set(), 'qualify'), 'qualify-1');
    assert.equal(nextNodeId(new Set(['qualify-1']), 'qualify'), 'qualify-2');
    assert.equal(nextNodeId(new Set(['qualify-1', 'qualify-3']), 'qualify'), 'qualify-2');
    assert.equal(nextNodeId(new Set(['qualify-1']), 'map'), 'map-1');
  });
});

describe('createNode', () => {
  it('gives every added node an id unique in the flow', () => {
    let flow: Flow = baseFlow();
    for (let i = 0; i < 4; i++) {
      for (const type of NODE_TYPES) {
        flow = applyOperations(flow, [{ type: 'addNode', node: createNode(flow, type, { x: i, y: i }) }]);
      }
    }
    const ids = flow.nodes.map((node) => node.id);
    assert.equal(new Set(ids).size, 20);
    assert.ok(ids.includes('qualify-4'));
  });

  it('rounds the drop position', () => {
    const node = createNode(baseFlow(), 'map', { x: 10.6, y: -3.2 });
    assert.deepEqual(node.position, { x: 11, y: -3 });
  });

  it('starts a qualify node valid and flags what the other types still need', () => {
    let flow: Flow = baseFlow();
    for (const type of NODE_TYPES) {
      flow = applyOperations(flow, [{ type: 'addNode', node: createNode(flow, type, { x: 0, y: 0 }) }]);
    }
    const result = validateFlow(flow, { checkExpression: checkExpressionSyntax });
    assert.equal(result.ok, false);
    const schemaProblems = new Set(
      result.issues.filter((issue) => issue.code === 'schema').map((issue) => issue.nodeId),
    );
    assert.deepEqual([...schemaProblems].sort(), ['lookup-1', 'map-1', 'trigger-1', 'upsert-1']);
  });

  it('gives a new lookup an alias no other lookup uses', () => {
    const flow = exampleFlow();
    const first = createNode(flow, 'lookup', { x: 0, y: 0 });
    const next = applyOperations(flow, [{ type: 'addNode', node: first }]);
    const second = createNode(next, 'lookup', { x: 0, y: 0 });
    assert.ok(first.type === 'lookup' && second.type === 'lookup');
    const aliases = [...next.nodes, second].flatMap((node) =>
      node.type === 'lookup' ? [node.config.as] : [],
    );
    assert.equal(new Set(aliases).size, aliases.length);
    assert.match(second.config.as, /^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});
