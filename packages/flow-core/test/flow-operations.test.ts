import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow, FlowOperation } from '@flowsync/contracts';
import { applyOperation, applyOperations, FlowOperationError, validateFlow } from '@flowsync/flow-core';
import { edge, map, simpleFlow, SETTINGS } from './helpers.ts';

function frozenFlow(): Flow {
  const flow = simpleFlow();
  return deepFreeze(flow);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function rejects(
  flow: Flow,
  op: FlowOperation,
  code: FlowOperationError['code'],
  path: string,
  message: RegExp,
): void {
  assert.throws(
    () => applyOperation(flow, op),
    (error: unknown) => {
      assert.ok(error instanceof FlowOperationError, `expected FlowOperationError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.equal(error.path, path);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('applyOperation', () => {
  it('never mutates the input (which is deeply frozen here)', () => {
    const flow = frozenFlow();
    const snapshot = structuredClone(flow);
    const ops: FlowOperation[] = [
      { type: 'addNode', node: map('m2') },
      { type: 'moveNode', nodeId: 'q1', position: { x: 5, y: 6 } },
      { type: 'updateNode', nodeId: 'q1', label: 'Qualified' },
      { type: 'updateConfig', nodeId: 'q1', config: { expression: 'true' } },
      { type: 'deleteNode', nodeId: 'u1' },
      { type: 'connect', edge: edge('q1', 'reject', 'm1') },
      { type: 'disconnect', edgeId: 'q1-pass-m1' },
      { type: 'updateSettings', settings: { ...SETTINGS, batchSize: 50 } },
      { type: 'renameFlow', name: 'Renamed', description: 'Now described' },
    ];
    for (const op of ops) assert.notEqual(applyOperation(flow, op), flow);
    assert.deepEqual(flow, snapshot);
  });

  it('adds a node and connects it, producing a valid flow', () => {
    const next = applyOperations(simpleFlow(), [
      { type: 'addNode', node: map('m2', 'Rejected fields') },
      { type: 'connect', edge: edge('q1', 'reject', 'm2') },
      { type: 'connect', edge: edge('m2', 'out', 'u1') },
    ]);
    assert.equal(next.nodes.at(-1)?.id, 'm2');
    assert.equal(next.edges.length, 5);
    assert.equal(validateFlow(next).ok, true);
  });

  it('moves a node and sets, replaces or clears its label', () => {
    const flow = simpleFlow();
    const moved = applyOperation(flow, { type: 'moveNode', nodeId: 'm1', position: { x: 10, y: 20 } });
    assert.deepEqual(moved.nodes[2]?.position, { x: 10, y: 20 });
    const relabelled = applyOperation(flow, { type: 'updateNode', nodeId: 'm1', label: 'Contact fields' });
    assert.equal(relabelled.nodes[2]?.label, 'Contact fields');
    const cleared = applyOperation(flow, { type: 'updateNode', nodeId: 'm1' });
    assert.equal('label' in (cleared.nodes[2] ?? {}), false);
  });

  it('replaces the whole config and leaves its validity to validateFlow', () => {
    const next = applyOperation(simpleFlow(), {
      type: 'updateConfig',
      nodeId: 'q1',
      config: { expression: '' },
    });
    assert.deepEqual(next.nodes[1]?.config, { expression: '' });
    const result = validateFlow(next);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.issues[0]?.path, '/nodes/1/config/expression');
  });

  it('deletes a node together with its incoming and outgoing edges', () => {
    const next = applyOperation(simpleFlow(), { type: 'deleteNode', nodeId: 'm1' });
    assert.deepEqual(
      next.nodes.map((node) => node.id),
      ['trigger', 'q1', 'u1'],
    );
    assert.deepEqual(
      next.edges.map((e) => e.id),
      ['trigger-out-q1'],
    );
  });

  it('disconnects an edge by id', () => {
    const next = applyOperation(simpleFlow(), { type: 'disconnect', edgeId: 'm1-out-u1' });
    assert.deepEqual(
      next.edges.map((e) => e.id),
      ['trigger-out-q1', 'q1-pass-m1'],
    );
  });

  it('replaces settings and renames the flow, keeping or clearing the description', () => {
    const flow = applyOperation(simpleFlow(), {
      type: 'renameFlow',
      name: 'Contacts',
      description: 'NetSuite to Salesforce',
    });
    assert.equal(flow.name, 'Contacts');
    assert.equal(flow.description, 'NetSuite to Salesforce');
    const renamedOnly = applyOperation(flow, { type: 'renameFlow', name: 'Contacts v2' });
    assert.equal(renamedOnly.description, 'NetSuite to Salesforce');
    const cleared = applyOperation(flow, { type: 'renameFlow', name: 'Contacts', description: '' });
    assert.equal('description' in cleared, false);
    const settings = applyOperation(flow, {
      type: 'updateSettings',
      settings: { ...SETTINGS, concurrency: 1 },
    });
    assert.equal(settings.settings.concurrency, 1);
  });

  it('does not share the operation payload with the result', () => {
    const node = map('m2');
    const next = applyOperation(simpleFlow(), { type: 'addNode', node });
    node.position.x = 999;
    assert.equal(next.nodes.at(-1)?.position.x, 400);
  });

  describe('structurally impossible operations', () => {
    const flow = simpleFlow();

    it('unknown node', () => {
      for (const op of [
        { type: 'moveNode', nodeId: 'ghost', position: { x: 0, y: 0 } },
        { type: 'updateNode', nodeId: 'ghost', label: 'x' },
        { type: 'updateConfig', nodeId: 'ghost', config: {} },
        { type: 'deleteNode', nodeId: 'ghost' },
      ] satisfies FlowOperation[]) {
        rejects(flow, op, 'NOT_FOUND', '/nodeId', /nodeId: no node with id "ghost"/);
      }
    });

    it('unknown edge', () => {
      rejects(
        flow,
        { type: 'disconnect', edgeId: 'nope' },
        'NOT_FOUND',
        '/edgeId',
        /edgeId: no edge with id "nope"/,
      );
    });

    it('duplicate node id', () => {
      rejects(
        flow,
        { type: 'addNode', node: map('q1') },
        'CONFLICT',
        '/node/id',
        /"q1" is already used by Qualify "Has company"/,
      );
    });

    it('unknown node type', () => {
      const node = { ...map('m9'), type: 'transform' } as unknown as Extract<
        FlowOperation,
        { type: 'addNode' }
      >['node'];
      rejects(
        flow,
        { type: 'addNode', node },
        'VALIDATION_FAILED',
        '/node/type',
        /Unknown node type "transform"/,
      );
    });

    it('edge to or from an unknown node', () => {
      rejects(
        flow,
        { type: 'connect', edge: edge('ghost', 'out', 'm1') },
        'VALIDATION_FAILED',
        '/edge/source',
        /edge\.source: no node/,
      );
      rejects(
        flow,
        { type: 'connect', edge: edge('m1', 'out', 'ghost') },
        'VALIDATION_FAILED',
        '/edge/target',
        /edge\.target: no node/,
      );
    });

    it('handle the source type does not have', () => {
      rejects(
        flow,
        { type: 'connect', edge: edge('q1', 'out', 'u1') },
        'VALIDATION_FAILED',
        '/edge/sourceHandle',
        /Qualify "Has company" has no output "out"; its outputs are pass, reject/,
      );
    });

    it('duplicate edge id and duplicate edge', () => {
      rejects(
        flow,
        { type: 'connect', edge: edge('q1', 'reject', 'u1', 'q1-pass-m1') },
        'CONFLICT',
        '/edge/id',
        /already used/,
      );
      rejects(
        flow,
        { type: 'connect', edge: edge('q1', 'pass', 'm1', 'fresh-id') },
        'CONFLICT',
        '/edge',
        /already connected to Map "Fields" by edge q1-pass-m1/,
      );
    });
  });
});

describe('applyOperations', () => {
  it('is all or nothing and reports which operation failed', () => {
    const flow = simpleFlow();
    assert.throws(
      () =>
        applyOperations(flow, [
          { type: 'moveNode', nodeId: 'q1', position: { x: 1, y: 1 } },
          { type: 'deleteNode', nodeId: 'ghost' },
        ]),
      (error: unknown) => {
        assert.ok(error instanceof FlowOperationError);
        assert.equal(error.operationIndex, 1);
        assert.equal(error.code, 'NOT_FOUND');
        assert.equal(error.path, '/nodeId');
        assert.match(error.message, /^Operation 2 \(deleteNode\): nodeId: no node/);
        return true;
      },
    );
    assert.deepEqual(flow, simpleFlow());
  });

  it('applies later operations to the result of earlier ones', () => {
    const next = applyOperations(simpleFlow(), [
      { type: 'deleteNode', nodeId: 'm1' },
      { type: 'addNode', node: map('m1', 'Rebuilt') },
      { type: 'connect', edge: edge('q1', 'pass', 'm1') },
    ]);
    assert.equal(next.nodes.find((node) => node.id === 'm1')?.label, 'Rebuilt');
    assert.deepEqual(
      next.edges.map((e) => e.id),
      ['trigger-out-q1', 'q1-pass-m1'],
    );
  });
});
