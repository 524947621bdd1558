import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow } from '@flowsync/contracts';
import {
  applyOperation,
  buildGraph,
  connectionsOf,
  diffFlows,
  expressionsOf,
  validateFlow,
  type ExpressionSyntaxChecker,
} from '@flowsync/flow-core';
import { loadFixture, parenChecker } from './helpers.ts';

/** Scenario 003: NetSuite contacts → Salesforce contacts, as an integrator would save it. */
function validFixture(): Flow {
  const result = validateFlow(loadFixture('netsuite-contacts.flow.json'), {
    connections: new Set(['netsuite', 'salesforce']),
    checkExpression: parenChecker,
  });
  assert.deepEqual(result.issues, []);
  assert.ok(result.ok);
  return result.flow;
}

describe('realistic flow: NetSuite contacts → Salesforce contacts', () => {
  it('validates with connections and expression checks, filling defaults', () => {
    const flow = validFixture();
    assert.deepEqual(flow.settings, {
      retry: { attempts: 5, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 100,
      concurrency: 4,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    });
    const [trigger, account, , contact, , upsert] = flow.nodes;
    assert.ok(trigger?.type === 'trigger' && account?.type === 'lookup' && contact?.type === 'lookup');
    assert.ok(upsert?.type === 'upsert');
    assert.equal(trigger.config.idField, 'id');
    assert.equal(trigger.config.incremental?.overlapSeconds, 0);
    assert.equal(account.config.onMultiple, 'error');
    assert.equal(contact.config.onMultiple, 'first');
    assert.equal(upsert.config.skipUnchanged, true);
  });

  it('is checked expression by expression with their roles', () => {
    const seen: string[] = [];
    const recording: ExpressionSyntaxChecker = (source) => {
      seen.push(source);
      return null;
    };
    const flow = validFixture();
    assert.equal(validateFlow(flow, { checkExpression: recording }).ok, true);
    const all = flow.nodes.flatMap((node) => expressionsOf(node).map((e) => ({ node: node.id, ...e })));
    assert.deepEqual(
      seen,
      all.map((e) => e.source),
    );
    assert.deepEqual(
      all.map((e) => [e.node, e.path, e.role]),
      [
        ['find-account', '/config/source/sourceId', 'value'],
        ['qualify', '/config/expression', 'predicate'],
        ['find-contact', '/config/source/strategies/0/value', 'value'],
        ['find-contact', '/config/source/strategies/1/value', 'value'],
        ['map', '/config/fields/0/expression', 'value'],
        ['map', '/config/fields/1/expression', 'value'],
        ['map', '/config/fields/2/expression', 'value'],
        ['map', '/config/fields/3/expression', 'value'],
        ['map', '/config/fields/4/expression', 'value'],
        ['map', '/config/fields/5/expression', 'value'],
        ['map', '/config/fields/7/expression', 'value'],
        ['upsert', '/config/match/expression', 'value'],
      ],
    );
  });

  it('names its connections per node', () => {
    const flow = validFixture();
    assert.deepEqual(
      flow.nodes.map((node) => connectionsOf(node)),
      [['netsuite'], [], [], ['salesforce'], [], ['salesforce']],
    );
    const result = validateFlow(flow, { connections: new Set(['netsuite']) });
    assert.deepEqual(result.ok ? [] : result.issues.map((i) => i.path), [
      '/nodes/3/config/source/connection',
      '/nodes/5/config/connection',
    ]);
  });

  it('orders the graph trigger first and routes both lookup outcomes', () => {
    const graph = buildGraph(validFixture());
    assert.deepEqual(
      graph.order.map((node) => node.id),
      ['trigger', 'find-account', 'qualify', 'find-contact', 'map', 'upsert'],
    );
    assert.deepEqual(
      graph.next('find-account', 'notFound').map((node) => node.id),
      ['qualify'],
    );
    assert.deepEqual(graph.next('qualify', 'reject'), []);
    assert.equal(graph.incoming('map').length, 2);
  });

  it('reports an analyst editing the qualification readably', () => {
    const before = validFixture();
    const after = applyOperation(before, {
      type: 'updateConfig',
      nodeId: 'qualify',
      config: {
        expression: '$exists($account) and $string(custentity_company_id) != "" and isinactive = false',
        description: "The contact's account is already synced and Company ID is not empty",
      },
    });
    const changes = diffFlows(before, after);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.path, '/config/expression');
    assert.equal(
      changes[0]?.summary,
      'Qualify "Has company": expression changed from "$exists($account) and $string(custentity_company_id) != \\"\\"" to "$exists($account) and $string(custentity_company_id) != \\"\\" and isinactive = false"',
    );
    assert.equal(validateFlow(after).ok, true);
  });

  it('reports a broken edit of the fixture at the right place', () => {
    const broken = '$exists($account and custentity_company_id != ""';
    const after = applyOperation(validFixture(), {
      type: 'updateConfig',
      nodeId: 'qualify',
      config: { expression: broken },
    });
    const result = validateFlow(after, { checkExpression: parenChecker });
    assert.deepEqual(result.ok ? [] : result.issues.map((i) => [i.code, i.path, i.nodeId, i.position]), [
      ['expressionSyntax', '/nodes/2/config/expression', 'qualify', broken.length],
    ]);
  });
});
