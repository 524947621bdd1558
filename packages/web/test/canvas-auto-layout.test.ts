import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow, Position } from '@flowsync/contracts';
import { applyOperations } from '@flowsync/flow-core';
import { autoLayoutOperations, layoutPositions, type NodeSize } from '../src/editor/canvas/auto-layout.ts';
import { branchingFlow, exampleFlow } from './canvas-fixtures.ts';

const sizes: Record<string, NodeSize> = {};
const sizeOf = (id: string): NodeSize => sizes[id] ?? { width: 232, height: 120 };

function assertLeftToRightWithoutOverlaps(flow: Flow, positions: Map<string, Position>) {
  for (const edge of flow.edges) {
    const source = positions.get(edge.source);
    const target = positions.get(edge.target);
    assert.ok(source && target);
    assert.ok(
      source.x + sizeOf(edge.source).width < target.x,
      `${edge.source} should end left of ${edge.target}`,
    );
  }
  const boxes = flow.nodes.map((node) => {
    const at = positions.get(node.id);
    assert.ok(at);
    return { id: node.id, ...at, ...sizeOf(node.id) };
  });
  for (const a of boxes) {
    for (const b of boxes) {
      if (a.id >= b.id) continue;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.id} overlaps ${b.id}`);
    }
  }
}

describe('layoutPositions', () => {
  it('lays the example flow out left to right without overlaps', () => {
    const flow = exampleFlow();
    assertLeftToRightWithoutOverlaps(flow, layoutPositions(flow, sizeOf));
  });

  it('stacks branches of a qualify node without overlaps, also with different node sizes', () => {
    const flow = branchingFlow();
    sizes['map-a'] = { width: 300, height: 260 };
    try {
      assertLeftToRightWithoutOverlaps(flow, layoutPositions(flow, sizeOf));
    } finally {
      delete sizes['map-a'];
    }
  });

  it('keeps the top-left corner of the flow where it was', () => {
    const flow = branchingFlow();
    for (const node of flow.nodes) node.position = { x: 500 + node.id.length, y: -200 };
    const positions = [...layoutPositions(flow, sizeOf).values()];
    assert.equal(Math.min(...positions.map((p) => p.x)), 501);
    assert.equal(Math.min(...positions.map((p) => p.y)), -200);
  });
});

describe('autoLayoutOperations', () => {
  it('moves nodes in one batch and nothing the second time', () => {
    const flow = branchingFlow();
    const operations = autoLayoutOperations(flow, sizeOf);
    assert.ok(operations.length > 0);
    assert.ok(operations.every((op) => op.type === 'moveNode'));
    const laidOut = applyOperations(flow, operations);
    assert.deepEqual(autoLayoutOperations(laidOut, sizeOf), []);
  });
});
