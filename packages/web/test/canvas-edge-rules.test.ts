import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOperations } from '@flowsync/flow-core';
import { connectionProblem, edgeIdFor } from '../src/editor/canvas/edge-rules.ts';
import { baseFlow, branchingFlow, map, trigger } from './canvas-fixtures.ts';

describe('edgeIdFor', () => {
  it('follows the source:handle->target rule and fits the edge id pattern', () => {
    const id = edgeIdFor('qualification', 'pass', 'existing-contact');
    assert.equal(id, 'qualification:pass->existing-contact');
    assert.match(id, /^[A-Za-z0-9_:.>-]{1,160}$/);
  });
});

describe('connectionProblem', () => {
  const flow = branchingFlow();

  it('accepts a new edge from a named output, which the reducer then applies', () => {
    const attempt = { source: 'map-a', sourceHandle: 'out', target: 'map-b' };
    assert.equal(connectionProblem(flow, attempt), undefined);
    const next = applyOperations(flow, [
      { type: 'connect', edge: { id: edgeIdFor('map-a', 'out', 'map-b'), ...attempt } },
    ]);
    assert.equal(next.edges.length, flow.edges.length + 1);
  });

  it('refuses self loops', () => {
    assert.match(connectionProblem(flow, { source: 'q', sourceHandle: 'pass', target: 'q' }) ?? '', /itself/);
  });

  it('refuses edges into the trigger', () => {
    assert.match(
      connectionProblem(flow, { source: 'map-a', sourceHandle: 'out', target: 't' }) ?? '',
      /trigger/,
    );
  });

  it('refuses handles the source type does not have', () => {
    assert.match(
      connectionProblem(flow, { source: 'q', sourceHandle: 'out', target: 'map-b' }) ?? '',
      /pass, reject/,
    );
    assert.ok(connectionProblem(flow, { source: 'q', sourceHandle: null, target: 'map-b' }));
  });

  it('refuses a second edge for the same output and target, but not another output', () => {
    assert.match(
      connectionProblem(flow, { source: 'q', sourceHandle: 'pass', target: 'map-a' }) ?? '',
      /already/,
    );
    assert.equal(
      connectionProblem(flow, { source: 'q', sourceHandle: 'reject', target: 'map-a' }),
      undefined,
    );
  });

  it('refuses loops and unknown nodes', () => {
    const chain = baseFlow(
      [trigger('t'), map('a'), map('b')],
      [
        { id: 't:out->a', source: 't', sourceHandle: 'out', target: 'a' },
        { id: 'a:out->b', source: 'a', sourceHandle: 'out', target: 'b' },
      ],
    );
    assert.match(connectionProblem(chain, { source: 'b', sourceHandle: 'out', target: 'a' }) ?? '', /loop/);
    assert.ok(connectionProblem(chain, { source: 'nope', sourceHandle: 'out', target: 'a' }));
  });
});
