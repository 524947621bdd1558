import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Flow, FlowNode } from '@flowsync/contracts';
import { diffFlows } from '@flowsync/flow-core';
import { describeChanges, nodesById, sentenceText } from '../src/editor/history/change-sentences.ts';

const original = JSON.parse(
  readFileSync(new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url), 'utf8'),
) as Flow;

/** A copy of the example flow with `edit` applied to the node `id`. */
function withNode(flow: Flow, id: string, edit: (node: FlowNode) => FlowNode): Flow {
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === id ? edit(node) : node)) };
}

function describe(after: Flow) {
  const described = describeChanges(diffFlows(original, after), nodesById(after.nodes));
  return { texts: described.sentences.map(sentenceText), ...described };
}

test('a changed qualification rule reads as a sentence with both expressions as code', () => {
  const after = withNode(original, 'qualification', (node) =>
    node.type === 'qualify' ? { ...node, config: { ...node.config, expression: 'Email != ""' } } : node,
  );
  const { sentences } = describe(after);
  assert.equal(sentences.length, 1);
  const sentence = sentences[0]!;
  assert.equal(sentence.nodeType, 'qualify');
  // The old rule is long: the sentence names the change and the block carries both versions.
  assert.equal(sentenceText(sentence), 'Qualification rule of “Qualification criteria” changed');
  assert.deepEqual(sentence.block, {
    before: "$exists($account.targetId) and $exists(company.id) and company.id != ''",
    after: 'Email != ""',
  });
});

test('short expressions stay inline', () => {
  const first = withNode(original, 'qualification', (node) =>
    node.type === 'qualify' ? { ...node, config: { ...node.config, expression: 'Email != ""' } } : node,
  );
  const second = withNode(first, 'qualification', (node) =>
    node.type === 'qualify'
      ? { ...node, config: { ...node.config, expression: 'Email != "" and Subsidiary = "Parent"' } }
      : node,
  );
  const described = describeChanges(diffFlows(first, second), nodesById(second.nodes));
  assert.deepEqual(described.sentences.map(sentenceText), [
    'Qualification rule of “Qualification criteria” changed from `Email != ""` to `Email != "" and Subsidiary = "Parent"`',
  ]);
  assert.equal(described.sentences[0]?.block, undefined);
});

test('node moves are folded into one count', () => {
  let after = original;
  for (const id of ['contacts-changed', 'qualification', 'upsert-contact']) {
    after = withNode(after, id, (node) => ({ ...node, position: { x: node.position.x + 40, y: 0 } }));
  }
  const { sentences, cosmetic } = describe(after);
  assert.deepEqual(sentences, []);
  assert.equal(cosmetic, '3 nodes moved');
  const one = describe(withNode(original, 'qualification', (n) => ({ ...n, position: { x: 1, y: 1 } })));
  assert.equal(one.cosmetic, '1 node moved');
});

test('an inserted field read counts as one addition, not a shift of every later field', () => {
  const after = withNode(original, 'contacts-changed', (node) =>
    node.type === 'trigger'
      ? {
          ...node,
          config: { ...node.config, fields: ['id', 'mobile', ...(node.config.fields ?? []).slice(1)] },
        }
      : node,
  );
  assert.deepEqual(describe(after).texts, ['Fields read of “NetSuite contact changed”: added `mobile`']);
});

test('schedule, booleans, numbers and settings read with their units', () => {
  let after = withNode(original, 'contacts-changed', (node) =>
    node.type === 'trigger'
      ? { ...node, config: { ...node.config, schedule: { kind: 'interval', everySeconds: 900 } } }
      : node,
  );
  after = withNode(after, 'upsert-contact', (node) =>
    node.type === 'upsert'
      ? { ...node, config: { ...node.config, batchSize: 50, skipUnchanged: false } }
      : node,
  );
  after = {
    ...after,
    settings: { ...after.settings, retry: { ...after.settings.retry, baseDelayMs: 1000 } },
  };
  assert.deepEqual(describe(after).texts, [
    'Flow setting “first retry delay” changed from 500 ms to 1,000 ms',
    'Schedule of “NetSuite contact changed” changed from every 5 min to every 15 min',
    'Batch size of “Create or update Salesforce contact” changed from 200 to 50',
    'Skipping unchanged records of “Create or update Salesforce contact” turned off',
  ]);
});

test('mappings are named by their target field', () => {
  const after = withNode(original, 'contact-fields', (node) =>
    node.type === 'map'
      ? {
          ...node,
          config: {
            ...node.config,
            fields: [
              ...node.config.fields.map((field) =>
                field.target === 'Email' && field.kind === 'expression'
                  ? { ...field, expression: '$lowercase(email)' }
                  : field,
              ),
              { target: 'LeadSource', kind: 'static' as const, value: 'NetSuite' },
            ],
          },
        }
      : node,
  );
  assert.deepEqual(describe(after).texts, [
    'Mapping of `Email` in “Contact fields” changed from `email` to `$lowercase(email)`',
    'Added mapping `LeadSource` ← `NetSuite` to “Contact fields”',
  ]);
});

test('added, removed, renamed and reconnected nodes read by their labels', () => {
  const extra: FlowNode = {
    id: 'has-email',
    type: 'qualify',
    position: { x: 0, y: 400 },
    label: 'Has an email',
    config: { expression: '$exists(email)' },
  };
  const after: Flow = {
    ...withNode(original, 'qualification', (node) => ({ ...node, label: 'Company is synced' })),
    nodes: [
      ...original.nodes
        .filter((node) => node.id !== 'existing-contact')
        .map((node) => (node.id === 'qualification' ? { ...node, label: 'Company is synced' } : node)),
      extra,
    ],
    edges: [
      ...original.edges.filter((e) => e.source !== 'existing-contact' && e.target !== 'existing-contact'),
      {
        id: 'qualification:pass->has-email',
        source: 'qualification',
        sourceHandle: 'pass',
        target: 'has-email',
      },
    ],
  };
  const { texts } = describe(after);
  assert.ok(texts.includes('Removed Lookup node “Salesforce contact exists?”'), texts.join('\n'));
  assert.ok(texts.includes('Added Qualify node “Has an email”'));
  assert.ok(texts.includes('Renamed Qualify node “Qualification criteria” to “Company is synced”'));
  assert.ok(texts.includes('Connected the pass output of “Company is synced” to “Has an email”'));
  assert.ok(
    texts.some(
      (t) => t === 'Disconnected the found output of “Salesforce contact exists?” from “Contact fields”',
    ),
    texts.join('\n'),
  );
});

test('a renamed flow and an unknown change fall back to readable text', () => {
  const after: Flow = { ...original, name: 'Contacts to Salesforce' };
  assert.deepEqual(describe(after).texts, [
    'Flow name changed from “NetSuite Contacts → Salesforce Contacts” to “Contacts to Salesforce”',
  ]);
  const unknown = describeChanges(
    [{ kind: 'nodeConfigChanged', nodeId: 'gone', path: '/config/x', summary: 'Something "gone" changed' }],
    new Map(),
  );
  assert.deepEqual(unknown.sentences.map(sentenceText), ['Something "gone" changed']);
});
