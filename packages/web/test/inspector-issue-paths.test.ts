import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Flow } from '@flowsync/contracts';
import { nodeDisplayName, validateFlow } from '@flowsync/flow-core';
import { checkExpressionSyntax } from '@flowsync/expression';
import {
  fieldTitle,
  friendlyProblem,
  inlineIssueMessage,
  issueAt,
  issueSummary,
  nodeFieldLabel,
  nodeRelativePath,
  valueAt,
  withoutNodeName,
} from '../src/editor/inspector/issue-paths.ts';

const example = JSON.parse(
  readFileSync(new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url), 'utf8'),
) as Flow;

function brokenFlow(): Flow {
  const flow = structuredClone(example);
  const map = flow.nodes.find((node) => node.id === 'contact-fields');
  if (map?.type !== 'map') throw new Error('the example flow has no map node contact-fields');
  map.config.fields[1] = { target: 'LastName', kind: 'expression', expression: 'lastName &' };
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  if (trigger?.type !== 'trigger') throw new Error('the example flow has no trigger');
  trigger.config = { ...trigger.config, schedule: { kind: 'interval' } as never };
  return flow;
}

test('issue paths are made relative to their node', () => {
  assert.equal(nodeRelativePath('/nodes/4/config/fields/1/expression'), '/config/fields/1/expression');
  assert.equal(nodeRelativePath('/nodes/12'), '');
  assert.equal(nodeRelativePath('/nodes12/x'), undefined);
  assert.equal(nodeRelativePath('/settings/batchSize'), undefined);
});

test('node fields are named the way flow-core names them', () => {
  assert.equal(nodeFieldLabel('/config/fields/3/expression'), 'fields[3].expression');
  assert.equal(nodeFieldLabel('/config/schedule/everySeconds'), 'schedule.everySeconds');
  assert.equal(nodeFieldLabel('/label'), 'label');
});

test('real validation issues find their field and read well inline', () => {
  const result = validateFlow(brokenFlow(), { checkExpression: checkExpressionSyntax });
  assert.equal(result.ok, false);
  const issues = result.issues;
  const map = example.nodes.find((node) => node.id === 'contact-fields');
  assert.ok(map);
  const syntax = issueAt(issues, '/config/fields/1/expression');
  assert.ok(syntax, 'the syntax error is found at its mapping');
  assert.equal(syntax.code, 'expressionSyntax');
  const name = nodeDisplayName(map);
  assert.match(withoutNodeName(syntax, name), /^fields\[1\]\.expression: /);
  assert.doesNotMatch(inlineIssueMessage(syntax, name), /Contact fields|fields\[1\]/);
  assert.match(inlineIssueMessage(syntax, name), /position 10/);

  assert.equal(issueAt(issues, '/config/schedule'), undefined, 'only the exact path without includeNested');
  const nested = issueAt(issues, '/config/schedule', { includeNested: true });
  assert.ok(nested);
  const trigger = example.nodes.find((node) => node.type === 'trigger');
  assert.ok(trigger);
  assert.equal(inlineIssueMessage(nested, nodeDisplayName(trigger)), 'is required');
  assert.equal(issueAt(issues, '/config/fields/0/expression'), undefined);
});

test('values are read at node-relative pointers', () => {
  const node = { config: { fields: [{ target: 'Name' }], 'a/b': 1 } };
  assert.equal(valueAt(node, '/config/fields/0/target'), 'Name');
  assert.equal(valueAt(node, '/config/a~1b'), 1);
  assert.equal(valueAt(node, '/config/fields/3/target'), undefined);
  assert.equal(valueAt(node, '/config/toString'), undefined);
});

test('schema messages read as people write them', () => {
  const connectionPattern = "Expected string to match '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'";
  assert.equal(friendlyProblem(connectionPattern, ''), 'Required');
  assert.match(friendlyProblem(connectionPattern, '-x'), /starting with a letter or digit/);
  assert.equal(friendlyProblem('Expected string length greater or equal to 1', ''), 'Required');
  assert.equal(friendlyProblem('is required', undefined), 'Required');
  assert.equal(friendlyProblem('Expected integer to be less or equal to 59', 90), 'Must be 59 or less');
  assert.equal(friendlyProblem('Expected integer to be greater or equal to 1', 0), 'Must be 1 or more');
  assert.equal(friendlyProblem('Expected integer', 1.5), 'Must be a whole number');
  assert.equal(friendlyProblem('Expected array length to be greater or equal to 1', []), 'Add at least one');
  assert.equal(
    friendlyProblem(
      "Expected string to match '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$'",
      'Address.',
    ),
    'Use field names (letters, digits, _) joined by dots, e.g. Address.City',
  );
  assert.equal(
    friendlyProblem('Unexpected end of expression at position 10', 'x &'),
    'Unexpected end of expression at position 10',
  );
});

test('the problem list names the field with a readable message', () => {
  const flow = structuredClone(example);
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  assert.ok(trigger?.type === 'trigger');
  trigger.config = { ...trigger.config, connection: '', object: '' };
  const result = validateFlow(flow, { checkExpression: checkExpressionSyntax });
  assert.equal(result.ok, false);
  const mine = result.issues.filter((issue) => issue.nodeId === trigger.id);
  const name = nodeDisplayName(trigger);
  assert.deepEqual(
    mine.map((issue) => issueSummary(issue, trigger, name)),
    ['Connection: Required', 'Object: Required'],
  );
});

test('node fields are called what the inspector calls them', () => {
  assert.equal(fieldTitle('map', 'fields[2].expression'), 'Mapping 3, source');
  assert.equal(fieldTitle('map', 'fields[0].map'), 'Mapping 1, value map');
  assert.equal(fieldTitle('map', 'valueMaps.shipVia.entries[3].to'), 'Value map shipVia');
  assert.equal(fieldTitle('trigger', 'fields[1]'), 'Fields to read');
  assert.equal(fieldTitle('trigger', 'schedule.everySeconds'), 'Schedule');
  assert.equal(fieldTitle('trigger', 'filters[0].field'), 'Filter 1');
  assert.equal(fieldTitle('lookup', 'source.strategies[1].value'), 'Match 2, value');
  assert.equal(fieldTitle('upsert', 'match'), 'Upsert key');
  assert.equal(fieldTitle('upsert', 'writeBack.field'), 'Write back');
  assert.equal(fieldTitle('upsert', 'somethingNew'), 'somethingNew');
  assert.equal(fieldTitle('unknown', 'x'), 'x');
});
