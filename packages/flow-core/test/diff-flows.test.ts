import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow, FlowNode } from '@flowsync/contracts';
import { applyOperations, diffFlows } from '@flowsync/flow-core';
import { edge, map, qualify, simpleFlow } from './helpers.ts';

function mapNode(flow: Flow): FlowNode & { type: 'map' } {
  const node = flow.nodes.find((candidate) => candidate.id === 'm1');
  assert.ok(node?.type === 'map');
  return node;
}

describe('diffFlows', () => {
  it('reports nothing for identical flows', () => {
    assert.deepEqual(diffFlows(simpleFlow(), simpleFlow()), []);
  });

  it('reports a qualification change readably', () => {
    const after = simpleFlow();
    after.nodes[1] = qualify('q1', 'Company != "" and $exists($account)', 'Has company');
    assert.deepEqual(diffFlows(simpleFlow(), after), [
      {
        kind: 'nodeConfigChanged',
        nodeId: 'q1',
        path: '/config/expression',
        before: 'Company != ""',
        after: 'Company != "" and $exists($account)',
        summary:
          'Qualify "Has company": expression changed from "Company != \\"\\"" to "Company != \\"\\" and $exists($account)"',
      },
    ]);
  });

  it('reports set and removed leaves, and shortens long values only in the summary', () => {
    const before = simpleFlow();
    const after = simpleFlow();
    const long = `${'a'.repeat(200)} = 1`;
    after.nodes[1] = qualify('q1', long, 'Has company');
    const target = after.nodes[3];
    assert.ok(target?.type === 'upsert');
    target.config.writeBack = { field: 'sf_id' };
    const changes = diffFlows(before, after);
    assert.equal(changes.length, 2);
    assert.equal(changes[0]?.after, long);
    assert.ok((changes[0]?.summary.length ?? 0) < 300);
    assert.match(changes[0]?.summary ?? '', /…$/);
    assert.deepEqual(changes[1], {
      kind: 'nodeConfigChanged',
      nodeId: 'u1',
      path: '/config/writeBack/field',
      before: undefined,
      after: 'sf_id',
      summary: 'Upsert u1: writeBack.field set to "sf_id"',
    });
    assert.equal(diffFlows(after, before)[1]?.summary, 'Upsert u1: writeBack.field removed (was "sf_id")');
  });

  it('matches map fields by target, so an inserted field is one change', () => {
    const before = simpleFlow();
    mapNode(before).config.fields.push({ target: 'Phone', kind: 'expression', expression: 'phone' });
    const after = structuredClone(before);
    const fields = mapNode(after).config.fields;
    fields.unshift({ target: 'FirstName', kind: 'expression', expression: 'firstName' });
    const phone = fields[2];
    assert.ok(phone?.kind === 'expression');
    phone.expression = 'mobile';
    assert.deepEqual(
      diffFlows(before, after).map((c) => [c.path, c.summary]),
      [
        ['/config/fields/0', 'Map "Fields": field "FirstName" added'],
        [
          '/config/fields/2/expression',
          'Map "Fields": field "Phone" expression changed from "phone" to "mobile"',
        ],
      ],
    );
    fields.splice(1, 1);
    assert.deepEqual(
      diffFlows(before, after)
        .map((c) => c.summary)
        .filter((s) => s.includes('Email')),
      ['Map "Fields": field "Email" removed'],
    );
  });

  it('reports nodes added and removed, relabelled, and moves flagged as cosmetic', () => {
    const before = simpleFlow();
    const after = applyOperations(before, [
      { type: 'deleteNode', nodeId: 'u1' },
      { type: 'addNode', node: map('m2', 'Extra') },
      { type: 'connect', edge: edge('q1', 'reject', 'm2') },
      { type: 'updateNode', nodeId: 'q1', label: 'Qualified contact' },
      { type: 'moveNode', nodeId: 'm1', position: { x: 1, y: 2 } },
    ]);
    const changes = diffFlows(before, after);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.nodeId, c.summary]),
      [
        ['nodeRemoved', 'u1', 'Removed Upsert u1'],
        ['nodeRelabelled', 'q1', 'Qualify "Has company" is now Qualify "Qualified contact"'],
        ['nodeMoved', 'm1', 'Moved Map "Fields"'],
        ['nodeAdded', 'm2', 'Added Map "Extra"'],
        ['edgeRemoved', 'm1', 'Disconnected Map "Fields" (out) from Upsert u1'],
        ['edgeAdded', 'q1', 'Connected Qualify "Qualified contact" (reject) to Map "Extra"'],
      ],
    );
    assert.deepEqual(
      changes.filter((c) => c.cosmetic).map((c) => c.kind),
      ['nodeMoved'],
    );
  });

  it('compares edges by what they connect, not by id', () => {
    const after = simpleFlow();
    after.edges = after.edges.map((e, index) => ({ ...e, id: `renamed-${index}` }));
    assert.deepEqual(diffFlows(simpleFlow(), after), []);
  });

  it('reports flow name, description and settings per leaf', () => {
    const after = simpleFlow();
    after.name = 'Contacts';
    after.description = 'Nightly';
    after.settings.retry.attempts = 6;
    after.settings.errorPolicy = { mode: 'stopAfter', maxErrors: 100 };
    assert.deepEqual(
      diffFlows(simpleFlow(), after).map((c) => [c.kind, c.path, c.summary]),
      [
        ['flowRenamed', '/name', 'Flow renamed from "Simple" to "Contacts"'],
        ['flowRenamed', '/description', 'Flow description set to "Nightly"'],
        ['settingsChanged', '/settings/retry/attempts', 'Settings: retry.attempts changed from 4 to 6'],
        [
          'settingsChanged',
          '/settings/errorPolicy/mode',
          'Settings: errorPolicy.mode changed from "continue" to "stopAfter"',
        ],
        ['settingsChanged', '/settings/errorPolicy/maxErrors', 'Settings: errorPolicy.maxErrors set to 100'],
      ],
    );
  });
});
