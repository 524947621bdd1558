import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow, FlowNode } from '@flowsync/contracts';
import { issuesByNode, validateFlow, type FlowIssue, type FlowIssueCode } from '@flowsync/flow-core';
import { edge, ledgerLookup, map, parenChecker, qualify, simpleFlow, trigger, upsert } from './helpers.ts';

function issuesOf(doc: unknown, options?: Parameters<typeof validateFlow>[1]): FlowIssue[] {
  const result = validateFlow(doc, options);
  assert.equal(result.ok, false, 'expected the flow to be invalid');
  return result.issues;
}

function only(issues: readonly FlowIssue[], code: FlowIssueCode): FlowIssue {
  const matching = issues.filter((issue) => issue.code === code);
  assert.equal(matching.length, 1, `expected one ${code} issue, got ${JSON.stringify(issues, null, 2)}`);
  return matching[0] as FlowIssue;
}

/** A JSON-ish copy we can break in ways the Flow type does not allow. */
function loose(
  flow: Flow,
): { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } & Record<string, unknown> {
  return structuredClone(flow) as unknown as ReturnType<typeof loose>;
}

describe('validateFlow', () => {
  it('accepts a valid flow and returns it', () => {
    const result = validateFlow(simpleFlow());
    assert.equal(result.ok, true);
    assert.deepEqual(result.issues, []);
    if (result.ok) assert.deepEqual(result.flow, simpleFlow());
  });

  it('reports a non-object document', () => {
    for (const doc of [null, 'flow', [], 3]) {
      const issues = issuesOf(doc);
      assert.deepEqual(
        issues.map((i) => [i.code, i.path]),
        [['schema', '']],
      );
    }
  });

  describe('schema errors', () => {
    it('names the node by label and the field, with a pointer into the document', () => {
      const flow = simpleFlow();
      (flow.nodes[1] as FlowNode & { type: 'qualify' }).config.expression = '';
      const issue = only(issuesOf(flow), 'schema');
      assert.equal(issue.path, '/nodes/1/config/expression');
      assert.equal(issue.nodeId, 'q1');
      assert.match(
        issue.message,
        /^Qualify "Has company": expression: Expected string length greater or equal to 1/,
      );
    });

    it('names the node by id when it has no label', () => {
      const doc = loose(simpleFlow());
      const upsertConfig = doc.nodes[3]?.['config'] as Record<string, unknown>;
      delete upsertConfig['object'];
      const issue = only(issuesOf(doc), 'schema');
      assert.equal(issue.path, '/nodes/3/config/object');
      assert.equal(issue.message, 'Upsert u1: object: is required');
    });

    it('explains a tagged union by the variant its kind selects', () => {
      const doc = loose(simpleFlow());
      const config = doc.nodes[2]?.['config'] as { fields: unknown[] };
      config.fields = [
        { target: 'Email', kind: 'expression', expression: 'email' },
        { target: 'Source', kind: 'static' },
        { target: 'Type', kind: 'lookup', expression: 'x' },
      ];
      const issues = issuesOf(doc);
      assert.deepEqual(
        issues.map((i) => [i.path, i.message]),
        [
          ['/nodes/2/config/fields/1/value', 'Map "Fields": fields[1].value: is required'],
          [
            '/nodes/2/config/fields/2/kind',
            'Map "Fields": fields[2].kind: Expected one of "expression", "static", "valueMap"',
          ],
        ],
      );
    });

    it('reports unknown properties and literal unions readably', () => {
      const doc = loose(simpleFlow());
      doc.nodes[0] = { ...doc.nodes[0], colour: 'red' };
      (doc['settings'] as Record<string, unknown>)['overlap'] = 'sometimes';
      const issues = issuesOf(doc);
      assert.deepEqual(
        issues.map((i) => [i.path, i.message]),
        [
          ['/settings/overlap', 'Settings: overlap: Expected one of "skip", "queue"'],
          ['/nodes/0/colour', 'Trigger "Contacts": colour: is not a known property'],
        ],
      );
    });

    it('reports top-level and settings errors', () => {
      const doc = loose(simpleFlow());
      doc['name'] = '';
      doc['owner'] = 'me';
      (doc['settings'] as Record<string, unknown>)['batchSize'] = 0;
      ((doc['settings'] as Record<string, unknown>)['retry'] as Record<string, unknown>)['attempts'] = 'many';
      const issues = issuesOf(doc);
      assert.ok(issues.every((i) => i.code === 'schema' && i.nodeId === undefined));
      const byPath = new Map(issues.map((i) => [i.path, i.message]));
      assert.match(byPath.get('/name') ?? '', /^Flow: name: Expected string length/);
      assert.equal(byPath.get('/owner'), 'Flow: owner: is not a known property');
      assert.match(
        byPath.get('/settings/batchSize') ?? '',
        /^Settings: batchSize: Expected integer to be greater or equal to 1/,
      );
      assert.match(
        byPath.get('/settings/retry/attempts') ?? '',
        /^Settings: retry\.attempts: Expected integer/,
      );
    });

    it('reports a nodes list that is not an array without crashing', () => {
      const doc = loose(simpleFlow());
      (doc as Record<string, unknown>)['nodes'] = 'none';
      const issues = issuesOf(doc);
      assert.ok(issues.some((i) => i.code === 'schema' && i.path === '/nodes'));
      // Edges now point at nothing.
      assert.ok(issues.some((i) => i.code === 'danglingEdge'));
    });

    it('reports schema errors of edges with the edge id', () => {
      const doc = loose(simpleFlow());
      doc.edges[0] = { ...doc.edges[0], id: 'has space' };
      const issue = only(issuesOf(doc), 'schema');
      assert.equal(issue.path, '/edges/0/id');
      assert.equal(issue.edgeId, 'has space');
      assert.match(issue.message, /^Edge has space: id: Expected string to match/);
    });
  });

  describe('defaults', () => {
    it('fills schema defaults without changing the input', () => {
      const doc = loose(simpleFlow());
      doc['settings'] = { retry: {}, errorPolicy: {} };
      delete (doc.nodes[0]?.['config'] as Record<string, unknown>)['idField'];
      delete (doc.nodes[3]?.['config'] as Record<string, unknown>)['skipUnchanged'];
      (doc.nodes[2]?.['config'] as Record<string, unknown>)['valueMaps'] = { shipVia: { entries: [] } };
      const before = structuredClone(doc);

      const result = validateFlow(doc);
      assert.equal(result.ok, true, JSON.stringify(result.issues));
      assert.deepEqual(doc, before);
      if (!result.ok) return;
      assert.deepEqual(result.flow.settings, simpleFlow().settings);
      const [first, , third, fourth] = result.flow.nodes;
      assert.equal(first?.type === 'trigger' && first.config.idField, 'id');
      assert.equal(fourth?.type === 'upsert' && fourth.config.skipUnchanged, true);
      assert.equal(third?.type === 'map' && third.config.valueMaps?.['shipVia']?.onMissing, 'error');
    });
  });

  it('reports an unknown node type', () => {
    const doc = loose(simpleFlow());
    doc.nodes[2] = { ...doc.nodes[2], type: 'filter' };
    const issues = issuesOf(doc);
    const issue = only(issues, 'unknownNodeType');
    assert.equal(issue.path, '/nodes/2/type');
    assert.equal(issue.nodeId, 'm1');
    assert.match(
      issue.message,
      /"filter" is not a node type; expected one of trigger, qualify, lookup, map, upsert/,
    );
    // Its edges still resolve, so no dangling-edge noise.
    assert.equal(issues.filter((i) => i.code === 'danglingEdge').length, 0);
  });

  it('reports duplicate node ids', () => {
    const flow = simpleFlow();
    flow.nodes.push({ ...map('m1', 'Second fields'), position: { x: 9, y: 9 } });
    flow.edges.push(edge('q1', 'pass', 'm1', 'extra'));
    const issue = only(issuesOf(flow), 'duplicateNodeId');
    assert.equal(issue.path, '/nodes/4/id');
    assert.equal(issue.nodeId, 'm1');
    assert.equal(issue.message, 'Map "Second fields": id: "m1" is already used by Map "Fields"');
  });

  it('reports duplicate edge ids', () => {
    const flow = simpleFlow();
    flow.nodes.push(map('m2'));
    flow.edges.push(edge('q1', 'reject', 'm2', 'q1-pass-m1'));
    const issue = only(issuesOf(flow), 'duplicateEdgeId');
    assert.equal(issue.path, '/edges/3/id');
    assert.equal(issue.edgeId, 'q1-pass-m1');
  });

  it('reports edges whose source or target does not exist', () => {
    const flow = simpleFlow();
    flow.edges.push(edge('ghost', 'out', 'u1', 'from-ghost'), edge('m1', 'out', 'nowhere', 'to-nowhere'));
    const issues = issuesOf(flow).filter((i) => i.code === 'danglingEdge');
    assert.deepEqual(
      issues.map((i) => [i.path, i.edgeId, i.message]),
      [
        ['/edges/3/source', 'from-ghost', 'Edge from-ghost: source: no node has id "ghost"'],
        ['/edges/4/target', 'to-nowhere', 'Edge to-nowhere: target: no node has id "nowhere"'],
      ],
    );
  });

  it('reports a source handle the source type does not have', () => {
    const flow = simpleFlow();
    flow.edges[1] = edge('q1', 'out', 'm1', 'bad-handle');
    const issue = only(issuesOf(flow), 'badHandle');
    assert.equal(issue.path, '/edges/1/sourceHandle');
    assert.equal(
      issue.message,
      'Edge bad-handle: sourceHandle: Qualify "Has company" has no output "out"; its outputs are pass, reject',
    );
  });

  it('reports an edge into the trigger (and not also as a cycle)', () => {
    const flow = simpleFlow();
    flow.edges.push(edge('u1', 'out', 'trigger', 'loop-back'));
    const issues = issuesOf(flow);
    const issue = only(issues, 'edgeIntoTrigger');
    assert.equal(issue.path, '/edges/3/target');
    assert.equal(issues.filter((i) => i.code === 'cycle').length, 0);
  });

  it('reports duplicate edges between the same handle and target', () => {
    const flow = simpleFlow();
    flow.edges.push(edge('q1', 'pass', 'm1', 'again'));
    const issue = only(issuesOf(flow), 'duplicateEdge');
    assert.equal(issue.path, '/edges/3');
    assert.equal(issue.edgeId, 'again');
    assert.match(
      issue.message,
      /connects Qualify "Has company" \(pass\) to Map "Fields" again, like Edge q1-pass-m1/,
    );
  });

  it('accepts two edges from different handles to the same target', () => {
    const flow = simpleFlow();
    flow.edges.push(edge('q1', 'reject', 'm1'));
    assert.equal(validateFlow(flow).ok, true);
  });

  describe('trigger count', () => {
    it('reports a flow without a trigger, once, without flagging every node unreachable', () => {
      const flow = simpleFlow();
      flow.nodes.shift();
      flow.edges.shift();
      const issues = issuesOf(flow);
      const issue = only(issues, 'triggerCount');
      assert.equal(issue.path, '/nodes');
      assert.equal(issues.filter((i) => i.code === 'unreachable').length, 0);
    });

    it('reports each extra trigger', () => {
      const flow = simpleFlow();
      flow.nodes.push(trigger('second', 'Webhook'));
      flow.edges.push(edge('second', 'out', 'q1'));
      const issue = only(issuesOf(flow), 'triggerCount');
      assert.equal(issue.path, '/nodes/4');
      assert.equal(issue.nodeId, 'second');
      assert.match(
        issue.message,
        /^Trigger "Webhook": a flow has exactly one trigger and Trigger "Contacts" is already it/,
      );
    });
  });

  describe('cycles', () => {
    it('names the nodes of the cycle in order', () => {
      const flow = simpleFlow();
      flow.nodes.push(qualify('q2', 'true'));
      flow.edges.push(edge('m1', 'out', 'q2'), edge('q2', 'pass', 'q1', 'back'));
      const issue = only(issuesOf(flow), 'cycle');
      assert.equal(issue.nodeId, 'q1');
      assert.equal(issue.edgeId, 'back');
      assert.equal(issue.path, '/edges/4');
      assert.match(
        issue.message,
        /Qualify "Has company" → Map "Fields" → Qualify q2 → Qualify "Has company"/,
      );
    });

    it('reports a node connected to itself', () => {
      const flow = simpleFlow();
      flow.edges.push(edge('q1', 'reject', 'q1', 'self'));
      const issue = only(issuesOf(flow), 'cycle');
      assert.equal(issue.nodeId, 'q1');
      assert.match(issue.message, /Qualify "Has company" → Qualify "Has company"/);
    });

    it('reports separate cycles separately', () => {
      const flow = simpleFlow();
      flow.edges.push(edge('q1', 'reject', 'q1', 'self'), edge('u1', 'out', 'm1', 'back'));
      const cycles = issuesOf(flow).filter((i) => i.code === 'cycle');
      assert.deepEqual(
        cycles.map((i) => i.edgeId),
        ['self', 'back'],
      );
    });
  });

  it('reports nodes unreachable from the trigger', () => {
    const flow = simpleFlow();
    flow.nodes.push(map('orphan', 'Old mapping'), upsert('orphan-target'));
    flow.edges.push(edge('orphan', 'out', 'orphan-target'));
    const issues = issuesOf(flow).filter((i) => i.code === 'unreachable');
    assert.deepEqual(
      issues.map((i) => [i.nodeId, i.path]),
      [
        ['orphan', '/nodes/4'],
        ['orphan-target', '/nodes/5'],
      ],
    );
    assert.match(issues[0]?.message ?? '', /^Map "Old mapping": cannot be reached from the trigger/);
  });

  describe('expression syntax (injected checker)', () => {
    it('reports the error with the field, the position and a pointer', () => {
      const flow = simpleFlow();
      flow.nodes[1] = qualify('q1', 'Company != "" and $exists(account', 'Has company');
      const issue = only(issuesOf(flow, { checkExpression: parenChecker }), 'expressionSyntax');
      assert.equal(issue.path, '/nodes/1/config/expression');
      assert.equal(issue.nodeId, 'q1');
      assert.equal(issue.position, 33);
      assert.equal(
        issue.message,
        'Qualify "Has company": expression: Expected ")" before end of expression at position 33',
      );
    });

    it('checks every expression of every node type', () => {
      const flow = simpleFlow();
      flow.nodes[2] = {
        id: 'm1',
        type: 'map',
        position: { x: 0, y: 0 },
        config: {
          fields: [
            { target: 'A', kind: 'expression', expression: 'ok' },
            { target: 'B', kind: 'static', value: '(' },
            { target: 'C', kind: 'valueMap', expression: 'x)', map: 'm' },
          ],
          valueMaps: { m: { entries: [], onMissing: 'error' } },
        },
      };
      flow.nodes.push(
        {
          id: 'look',
          type: 'lookup',
          position: { x: 0, y: 0 },
          config: {
            as: 'contact',
            onMultiple: 'error',
            source: {
              kind: 'connector',
              connection: 'salesforce',
              object: 'Contact',
              strategies: [
                { field: 'Id', value: 'id' },
                { field: 'Email', value: '$lowercase(email' },
              ],
            },
          },
        },
        {
          ...upsert('u2'),
          config: {
            connection: 'salesforce',
            object: 'Contact',
            operation: 'upsert',
            skipUnchanged: true,
            match: { kind: 'targetId', expression: '$contact.Id)' },
          },
        } as FlowNode,
      );
      flow.edges.push(edge('q1', 'reject', 'look'), edge('look', 'found', 'u2'));
      const issues = issuesOf(flow, { checkExpression: parenChecker });
      assert.deepEqual(
        issues.map((i) => [i.code, i.path, i.position]),
        [
          ['expressionSyntax', '/nodes/2/config/fields/2/expression', 1],
          ['expressionSyntax', '/nodes/4/config/source/strategies/1/value', 16],
          ['expressionSyntax', '/nodes/5/config/match/expression', 11],
        ],
      );
      assert.match(issues[1]?.message ?? '', /^Lookup look: source\.strategies\[1\]\.value: /);
    });

    it('does not repeat a position the checker already put in its message', () => {
      const flow = simpleFlow();
      const issues = issuesOf(flow, {
        checkExpression: () => ({ message: 'Syntax error at position 4', position: 4 }),
      });
      assert.equal(issues[0]?.message, 'Qualify "Has company": expression: Syntax error at position 4');
    });

    it('skips syntax checks when no checker is injected', () => {
      const flow = simpleFlow();
      flow.nodes[1] = qualify('q1', 'Company != (', 'Has company');
      assert.equal(validateFlow(flow).ok, true);
    });
  });

  describe('connections', () => {
    it('reports connection names that do not exist, including write-back ones', () => {
      const flow = simpleFlow();
      const target = flow.nodes[3];
      assert.ok(target?.type === 'upsert');
      target.config.writeBack = { field: 'sf_id', connection: 'netsuite-sandbox' };
      const issues = issuesOf(flow, { connections: new Set(['netsuite']) });
      assert.deepEqual(
        issues.map((i) => [i.code, i.path, i.nodeId]),
        [
          ['unknownConnection', '/nodes/3/config/connection', 'u1'],
          ['unknownConnection', '/nodes/3/config/writeBack/connection', 'u1'],
        ],
      );
      assert.equal(
        issues[0]?.message,
        'Upsert u1: connection: no connection named "salesforce" exists on this installation',
      );
    });

    it('does not check connection names when none are given', () => {
      assert.equal(validateFlow(simpleFlow()).ok, true);
      assert.equal(validateFlow(simpleFlow(), { connections: new Set(['netsuite', 'salesforce']) }).ok, true);
    });
  });

  it('reports a value-map mapping naming a map that does not exist', () => {
    const flow = simpleFlow();
    const fields = flow.nodes[2];
    assert.ok(fields?.type === 'map');
    fields.config.fields.push({
      target: 'ShipVia',
      kind: 'valueMap',
      expression: 'shipVia',
      map: 'shipping',
    });
    fields.config.valueMaps = { carriers: { entries: [{ from: 'UPS', to: 'ups' }], onMissing: 'error' } };
    const issue = only(issuesOf(flow), 'unknownValueMap');
    assert.equal(issue.path, '/nodes/2/config/fields/1/map');
    assert.equal(
      issue.message,
      'Map "Fields": fields[1].map: no value map named "shipping" in valueMaps (known: carriers)',
    );
  });

  it('reports update and upsert without a match, and accepts create without one', () => {
    for (const operation of ['update', 'upsert'] as const) {
      const flow = simpleFlow();
      const target = flow.nodes[3];
      assert.ok(target?.type === 'upsert');
      target.config.operation = operation;
      const issue = only(issuesOf(flow), 'missingMatch');
      assert.equal(issue.path, '/nodes/3/config/match');
      assert.match(
        issue.message,
        new RegExp(`^Upsert u1: match: is required when operation is "${operation}"`),
      );
      target.config.match = { kind: 'externalId', field: 'NetSuite_Id__c' };
      assert.equal(validateFlow(flow).ok, true);
    }
  });

  it('reports two lookups binding the same name', () => {
    const flow = simpleFlow();
    flow.nodes.push(ledgerLookup('acc1', 'account'), ledgerLookup('acc2', 'account'));
    flow.edges.push(edge('q1', 'reject', 'acc1'), edge('acc1', 'found', 'acc2'));
    const issue = only(issuesOf(flow), 'duplicateLookupAlias');
    assert.equal(issue.path, '/nodes/5/config/as');
    assert.equal(issue.nodeId, 'acc2');
    assert.match(issue.message, /^Lookup acc2: as: \$account is already bound by Lookup acc1/);
  });

  describe('schema version', () => {
    for (const [label, version] of [
      ['missing', undefined],
      ['a string', '1'],
      ['a fraction', 1.5],
      ['zero', 0],
      ['newer than this build', 2],
    ] as const) {
      it(`reports a version that is ${label}`, () => {
        const doc = loose(simpleFlow());
        if (version === undefined) delete doc['schemaVersion'];
        else doc['schemaVersion'] = version;
        const issues = issuesOf(doc);
        assert.deepEqual(
          issues.map((i) => [i.code, i.path]),
          [['unsupportedSchemaVersion', '/schemaVersion']],
        );
      });
    }
  });

  it('collects all issues instead of stopping at the first', () => {
    const doc = loose(simpleFlow());
    doc['name'] = '';
    doc.nodes.push({ id: 'x', type: 'transform', position: { x: 0, y: 0 }, config: {} });
    doc.edges.push({ id: 'e9', source: 'q1', sourceHandle: 'maybe', target: 'm1' });
    doc.edges.push({ id: 'e10', source: 'u1', sourceHandle: 'out', target: 'trigger' });
    const codes = new Set(issuesOf(doc).map((i) => i.code));
    assert.deepEqual([...codes].sort(), [
      'badHandle',
      'edgeIntoTrigger',
      'schema',
      'unknownNodeType',
      'unreachable',
    ]);
  });
});

describe('issuesByNode', () => {
  it('groups node issues by node id in order and leaves out flow and edge issues', () => {
    const flow = simpleFlow();
    flow.name = '';
    flow.nodes[1] = qualify('q1', '(', 'Has company');
    const target = flow.nodes[3];
    assert.ok(target?.type === 'upsert');
    target.config.operation = 'update';
    flow.edges.push(edge('ghost', 'out', 'u1', 'dangling'));
    const issues = issuesOf(flow, { checkExpression: parenChecker, connections: new Set(['netsuite']) });
    const grouped = issuesByNode(issues);
    assert.deepEqual([...grouped.keys()].sort(), ['q1', 'u1']);
    assert.deepEqual(
      grouped.get('q1')?.map((i) => i.code),
      ['expressionSyntax'],
    );
    assert.deepEqual(
      grouped.get('u1')?.map((i) => i.code),
      ['unknownConnection', 'missingMatch'],
    );
  });
});
