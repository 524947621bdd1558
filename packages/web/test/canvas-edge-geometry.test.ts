import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgePointAt } from '../src/editor/canvas/edge-geometry.ts';

describe('edgePointAt', () => {
  it('starts at the source, ends at the target and passes the middle half-way', () => {
    assert.deepEqual(edgePointAt(0, 0, 200, 100, 0), { x: 0, y: 0 });
    assert.deepEqual(edgePointAt(0, 0, 200, 100, 1), { x: 200, y: 100 });
    assert.deepEqual(edgePointAt(0, 0, 200, 100, 0.5), { x: 100, y: 50 });
  });

  it('keeps the labels of two outputs (24 px apart) leading to one input apart', () => {
    const found = edgePointAt(100, 100, 160, 120);
    const notFound = edgePointAt(100, 124, 160, 120);
    assert.ok(Math.abs(found.y - notFound.y) >= 18, `${found.y} vs ${notFound.y}`);
  });
});
