import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '@flowsync/flow-core';
import { edge, ledgerLookup, map, qualify, simpleFlow, trigger, upsert } from './helpers.ts';

describe('buildGraph', () => {
  it('orders nodes topologically with the trigger first, whatever the document order', () => {
    const flow = simpleFlow();
    flow.nodes.reverse();
    const graph = buildGraph(flow);
    assert.equal(graph.trigger.id, 'trigger');
    assert.deepEqual(
      graph.order.map((node) => node.id),
      ['trigger', 'q1', 'm1', 'u1'],
    );
  });

  it('places a join after all of its inputs and breaks ties by document order', () => {
    const flow = simpleFlow();
    // q1 pass → m1 → u1, q1 reject → look → m1: m1 must wait for look.
    flow.nodes.push(ledgerLookup('look', 'account'));
    flow.edges.push(edge('q1', 'reject', 'look'), edge('look', 'found', 'm1'));
    const order = buildGraph(flow).order.map((node) => node.id);
    assert.deepEqual(order, ['trigger', 'q1', 'look', 'm1', 'u1']);
  });

  it('breaks ties by document order, not by edge order', () => {
    const flow = simpleFlow();
    flow.nodes = [trigger('trigger'), map('a'), map('b'), upsert('u')];
    flow.edges = [
      edge('trigger', 'out', 'b'),
      edge('trigger', 'out', 'a'),
      edge('b', 'out', 'u'),
      edge('a', 'out', 'u'),
    ];
    assert.deepEqual(
      buildGraph(flow).order.map((node) => node.id),
      ['trigger', 'a', 'b', 'u'],
    );
  });

  it('fans a handle out to several targets and keeps handles apart', () => {
    const flow = simpleFlow();
    flow.nodes.push(map('m2'), upsert('u2'));
    flow.edges.push(edge('q1', 'pass', 'm2'), edge('q1', 'reject', 'u2'));
    const graph = buildGraph(flow);
    assert.deepEqual(
      graph.next('q1', 'pass').map((node) => node.id),
      ['m1', 'm2'],
    );
    assert.deepEqual(
      graph.next('q1', 'reject').map((node) => node.id),
      ['u2'],
    );
    assert.deepEqual(graph.next('u1', 'out'), []);
  });

  it('lists incoming edges', () => {
    const flow = simpleFlow();
    flow.edges.push(edge('q1', 'reject', 'm1', 'rejected-too'));
    const graph = buildGraph(flow);
    assert.deepEqual(
      graph.incoming('m1').map((e) => e.id),
      ['q1-pass-m1', 'rejected-too'],
    );
    assert.deepEqual(graph.incoming('trigger'), []);
  });

  it('throws on unknown ids and handles', () => {
    const graph = buildGraph(simpleFlow());
    assert.throws(() => graph.node('nope'), /no node with id "nope"/);
    assert.throws(() => graph.next('nope', 'out'), /no node with id "nope"/);
    assert.throws(() => graph.next('q1', 'out'), /Qualify "Has company" has no output "out"/);
    assert.throws(() => graph.incoming('nope'), /no node with id "nope"/);
    assert.equal(graph.node('m1').type, 'map');
  });

  it('returns read-only lists', () => {
    const graph = buildGraph(simpleFlow());
    assert.ok(Object.isFrozen(graph.order));
    assert.ok(Object.isFrozen(graph.next('q1', 'pass')));
  });

  describe('rejects invalid flows', () => {
    it('without a trigger or with two', () => {
      const none = simpleFlow();
      none.nodes.shift();
      none.edges.shift();
      assert.throws(() => buildGraph(none), /exactly one trigger, found 0/);
      const two = simpleFlow();
      two.nodes.push(trigger('t2'));
      two.edges.push(edge('t2', 'out', 'q1'));
      assert.throws(() => buildGraph(two), /exactly one trigger, found 2/);
    });

    it('with a cycle', () => {
      const flow = simpleFlow();
      flow.nodes.push(qualify('q2', 'true'));
      flow.edges.push(edge('m1', 'out', 'q2'), edge('q2', 'pass', 'q1'));
      assert.throws(() => buildGraph(flow), /cycle/);
    });

    it('with a dangling edge, a bad handle, an edge into the trigger or an unreachable node', () => {
      const dangling = simpleFlow();
      dangling.edges.push(edge('m1', 'out', 'ghost'));
      assert.throws(() => buildGraph(dangling), /does not exist/);
      const badHandle = simpleFlow();
      badHandle.edges.push(edge('q1', 'maybe', 'u1'));
      assert.throws(() => buildGraph(badHandle), /unknown output "maybe"/);
      const intoTrigger = simpleFlow();
      intoTrigger.edges.push(edge('u1', 'out', 'trigger'));
      assert.throws(() => buildGraph(intoTrigger), /into the trigger/);
      const stranded = simpleFlow();
      stranded.nodes.push(map('orphan'));
      assert.throws(() => buildGraph(stranded), /Map orphan cannot be reached/);
    });

    it('with duplicate node ids', () => {
      const flow = simpleFlow();
      flow.nodes.push(map('m1'));
      assert.throws(() => buildGraph(flow), /"m1" is used twice/);
    });
  });
});
