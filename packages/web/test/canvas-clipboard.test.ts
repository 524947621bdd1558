import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOperations } from '@flowsync/flow-core';
import { copyNodes, PASTE_OFFSET, pasteOperations } from '../src/editor/canvas/clipboard.ts';
import { branchingFlow, exampleFlow } from './canvas-fixtures.ts';

describe('copyNodes', () => {
  it('keeps only the edges among the copied nodes', () => {
    const clip = copyNodes(branchingFlow(), ['q', 'map-a']);
    assert.ok(clip);
    assert.deepEqual(
      clip.nodes.map((n) => n.id),
      ['q', 'map-a'],
    );
    assert.deepEqual(
      clip.edges.map((e) => e.id),
      ['q:pass->map-a'],
    );
  });

  it('copies nothing when nothing is selected', () => {
    assert.equal(copyNodes(branchingFlow(), []), undefined);
  });

  it('is a deep copy: later edits of the flow do not change it', () => {
    const flow = branchingFlow();
    const clip = copyNodes(flow, ['q']);
    const original = flow.nodes[1];
    assert.ok(original?.type === 'qualify');
    original.config.expression = 'changed';
    assert.ok(clip?.nodes[0]?.type === 'qualify');
    assert.equal(clip.nodes[0].config.expression, 'email != ""');
  });
});

describe('pasteOperations', () => {
  it('adds copies with fresh unique ids, shifted by the offset, and remaps their edges', () => {
    const flow = exampleFlow();
    const ids = ['qualification', 'existing-contact', 'contact-fields'];
    const clip = copyNodes(flow, ids);
    assert.ok(clip);
    const { operations, nodeIds } = pasteOperations(flow, clip, PASTE_OFFSET);
    const next = applyOperations(flow, operations);

    assert.equal(next.nodes.length, flow.nodes.length + 3);
    assert.equal(new Set(next.nodes.map((n) => n.id)).size, next.nodes.length);
    assert.deepEqual(nodeIds, ['qualify-1', 'lookup-1', 'map-1']);

    for (const [index, id] of nodeIds.entries()) {
      const copy = next.nodes.find((n) => n.id === id);
      const original = flow.nodes.find((n) => n.id === ids[index]);
      assert.ok(copy && original);
      assert.deepEqual(copy.position, { x: original.position.x + 40, y: original.position.y + 40 });
      assert.deepEqual(copy.config, original.config);
    }
    const pasted = new Set(nodeIds);
    const newEdges = next.edges.filter((e) => pasted.has(e.source) || pasted.has(e.target));
    assert.deepEqual(newEdges.map((e) => e.id).sort(), [
      'lookup-1:found->map-1',
      'lookup-1:notFound->map-1',
      'qualify-1:pass->lookup-1',
    ]);
    assert.ok(newEdges.every((e) => pasted.has(e.source) && pasted.has(e.target)));
  });

  it('pasting twice gives two sets of distinct ids', () => {
    const flow = branchingFlow();
    const clip = copyNodes(flow, ['q', 'map-a']);
    assert.ok(clip);
    const first = applyOperations(flow, pasteOperations(flow, clip, 40).operations);
    const second = pasteOperations(first, clip, 80);
    const next = applyOperations(first, second.operations);
    assert.equal(new Set(next.nodes.map((n) => n.id)).size, 8);
    assert.deepEqual(second.nodeIds, ['qualify-2', 'map-2']);
  });
});
