import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOperations } from '@flowsync/flow-core';
import {
  byId,
  deriveCanvasEdges,
  deriveCanvasNodes,
  type NodeView,
} from '../src/editor/canvas/canvas-elements.ts';
import { exampleFlow } from './canvas-fixtures.ts';

const view = (patch: Partial<NodeView> = {}): NodeView => ({
  selected: new Set(),
  dragging: new Map(),
  measured: new Map(),
  editable: true,
  ...patch,
});

describe('deriveCanvasNodes', () => {
  it('builds one React Flow node per flow node, typed and positioned', () => {
    const flow = exampleFlow();
    const nodes = deriveCanvasNodes(flow.nodes, new Map(), view());
    assert.equal(nodes.length, flow.nodes.length);
    assert.equal(nodes[0]?.type, 'trigger');
    assert.deepEqual(nodes[0]?.position, flow.nodes[0]?.position);
    assert.equal(nodes[0]?.data.node, flow.nodes[0]);
  });

  it('keeps the objects of unchanged nodes after an edit of one node', () => {
    const flow = exampleFlow();
    const before = deriveCanvasNodes(flow.nodes, new Map(), view());
    const moved = applyOperations(flow, [
      { type: 'moveNode', nodeId: 'qualification', position: { x: 9, y: 9 } },
    ]);
    const after = deriveCanvasNodes(moved.nodes, byId(before), view());
    for (const [index, node] of after.entries()) {
      if (node.id === 'qualification') {
        assert.notEqual(node, before[index]);
        assert.deepEqual(node.position, { x: 9, y: 9 });
      } else {
        assert.equal(node, before[index], `${node.id} should be the same object`);
      }
    }
  });

  it('renews only the nodes whose selection, drag position or size changed', () => {
    const flow = exampleFlow();
    const before = deriveCanvasNodes(flow.nodes, new Map(), view());
    const size = { width: 232, height: 118 };
    const after = deriveCanvasNodes(
      flow.nodes,
      byId(before),
      view({
        selected: new Set(['contact-fields']),
        dragging: new Map([['upsert-contact', { x: 1, y: 2 }]]),
        measured: new Map([['contacts-changed', size]]),
      }),
    );
    const changed = after.filter((node, index) => node !== before[index]).map((node) => node.id);
    assert.deepEqual(changed, ['contacts-changed', 'contact-fields', 'upsert-contact']);
    assert.equal(after.find((n) => n.id === 'contact-fields')?.selected, true);
    assert.deepEqual(after.find((n) => n.id === 'upsert-contact')?.position, { x: 1, y: 2 });
    assert.equal(after.find((n) => n.id === 'contacts-changed')?.measured, size);
  });

  it('locks nodes outside edit mode', () => {
    const nodes = deriveCanvasNodes(exampleFlow().nodes, new Map(), view({ editable: false }));
    assert.ok(nodes.every((n) => n.draggable === false && n.connectable === false && n.deletable === false));
  });
});

describe('deriveCanvasEdges', () => {
  it('keeps unchanged edges and renews the selected one', () => {
    const flow = exampleFlow();
    const before = deriveCanvasEdges(flow.edges, new Map(), new Set(), true);
    assert.equal(before[0]?.sourceHandle, flow.edges[0]?.sourceHandle);
    const selectedId = flow.edges[1]?.id ?? '';
    const after = deriveCanvasEdges(flow.edges, byId(before), new Set([selectedId]), true);
    const changed = after.filter((edge, index) => edge !== before[index]).map((edge) => edge.id);
    assert.deepEqual(changed, [selectedId]);
    assert.equal(after[1]?.selected, true);
  });
});
