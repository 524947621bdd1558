import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowNode } from '@flowsync/contracts';
import { issueOnNode, nodeSummary, nodeTitle, plainIssue } from '../src/editor/canvas/node-summary.ts';
import { createNode } from '../src/editor/canvas/node-defaults.ts';
import { baseFlow, exampleFlow } from './canvas-fixtures.ts';

function node(id: string): FlowNode {
  const found = exampleFlow().nodes.find((n) => n.id === id);
  assert.ok(found);
  return found;
}

describe('nodeSummary', () => {
  it('summarises each node of the example flow in one line', () => {
    assert.equal(nodeSummary(node('contacts-changed')), 'netsuite · contact · realtime · every 5 min');
    assert.equal(nodeSummary(node('synced-account')), 'ledger · salesforce/Account');
    assert.equal(nodeSummary(node('existing-contact')), 'salesforce · Contact by Ext_Id__c, Email');
    assert.equal(nodeSummary(node('contact-fields')), '7 mappings');
    assert.equal(nodeSummary(node('upsert-contact')), 'salesforce · Contact upsert by $sfContact.Id');
    assert.ok(nodeSummary(node('qualification')).endsWith('…'));
    assert.ok(nodeSummary(node('qualification')).length <= 60);
  });

  it('says what a new node still needs', () => {
    const flow = baseFlow();
    assert.equal(nodeSummary(createNode(flow, 'trigger', { x: 0, y: 0 })), 'Choose a connection');
    assert.equal(nodeSummary(createNode(flow, 'map', { x: 0, y: 0 })), 'No mappings yet');
    assert.equal(nodeSummary(createNode(flow, 'qualify', { x: 0, y: 0 })), 'true');
  });

  it('names upsert keys by external id', () => {
    const upsert: FlowNode = {
      id: 'u',
      type: 'upsert',
      position: { x: 0, y: 0 },
      config: {
        connection: 'salesforce',
        object: 'Contact',
        operation: 'upsert',
        match: { kind: 'externalId', field: 'NetSuite_Id__c' },
        skipUnchanged: true,
      },
    };
    assert.equal(nodeSummary(upsert), 'salesforce · Contact upsert by NetSuite_Id__c');
  });
});

describe('nodeTitle', () => {
  it('uses the label, else a readable default', () => {
    assert.equal(nodeTitle(node('contact-fields')), 'Contact fields');
    assert.equal(nodeTitle(createNode(baseFlow(), 'qualify', { x: 0, y: 0 })), 'Qualify qualify-1');
  });
});

describe('issueOnNode', () => {
  it('drops the node name and plain-words schema messages', () => {
    const map = createNode(baseFlow(), 'map', { x: 0, y: 0 });
    assert.equal(
      issueOnNode(map, 'Map map-1: fields: Expected array length to be greater or equal to 1'),
      'fields: add at least one',
    );
    const labelled = { ...node('contact-fields') };
    assert.equal(
      issueOnNode(
        labelled,
        `Map "Contact fields": connection: Expected string to match '^[A-Za-z0-9]{0,79}$'`,
      ),
      'connection: missing or not valid',
    );
    assert.equal(issueOnNode(map, 'Flow: something else'), 'Flow: something else');
  });
});

describe('plainIssue', () => {
  it('keeps the node name and rewords the schema part', () => {
    assert.equal(
      plainIssue('Trigger trigger-1: object: Expected string length greater or equal to 1'),
      'Trigger trigger-1: object: required',
    );
  });
});
