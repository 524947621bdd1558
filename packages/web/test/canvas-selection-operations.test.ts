import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOperations } from '@flowsync/flow-core';
import { deleteOperations, freePosition } from '../src/editor/canvas/selection-operations.ts';
import { branchingFlow } from './canvas-fixtures.ts';

describe('deleteOperations', () => {
  it('deletes nodes with their edges and other selected edges in one batch', () => {
    const flow = branchingFlow();
    const operations = deleteOperations(flow, ['map-a'], ['q:pass->map-a', 'q:reject->map-b']);
    assert.deepEqual(operations, [
      { type: 'deleteNode', nodeId: 'map-a' },
      { type: 'disconnect', edgeId: 'q:reject->map-b' },
    ]);
    const next = applyOperations(flow, operations);
    assert.deepEqual(
      next.edges.map((e) => e.id),
      ['t:out->q'],
    );
    assert.deepEqual(
      next.nodes.map((n) => n.id),
      ['t', 'q', 'map-b'],
    );
  });

  it('ignores ids that are not in the flow', () => {
    assert.deepEqual(deleteOperations(branchingFlow(), ['nope'], ['nope']), []);
  });
});

describe('freePosition', () => {
  it('keeps a free spot and moves off an occupied one', () => {
    const flow = branchingFlow();
    assert.deepEqual(freePosition(flow.nodes, { x: 500, y: 500 }), { x: 500, y: 500 });
    assert.deepEqual(freePosition(flow.nodes, { x: 3, y: -2 }), { x: 35, y: 30 });
  });
});
