import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Flow } from '@flowsync/contracts';
import {
  downstreamUpsert,
  lookupAliases,
  lookupResultFields,
  triggerNodeOf,
  upstreamLookups,
} from '../src/editor/inspector/flow-paths.ts';

function flowFile(name: string): Flow {
  return JSON.parse(
    readFileSync(new URL(`../../../flows/${name}.flow.json`, import.meta.url), 'utf8'),
  ) as Flow;
}

const contacts = flowFile('netsuite-contacts-to-salesforce');

test('a map node finds the upsert it feeds', () => {
  const upsert = downstreamUpsert(contacts, 'contact-fields');
  assert.equal(upsert?.id, 'upsert-contact');
  assert.equal(upsert?.config.object, 'Contact');
  assert.equal(downstreamUpsert(contacts, 'contacts-changed')?.id, 'upsert-contact', 'through several nodes');
  assert.equal(downstreamUpsert(contacts, 'upsert-contact'), undefined);
});

test('a map node that feeds nothing has no target', () => {
  const flow: Flow = {
    ...contacts,
    edges: contacts.edges.filter((edge) => edge.source !== 'contact-fields'),
  };
  assert.equal(downstreamUpsert(flow, 'contact-fields'), undefined);
});

test('lookups upstream of a node are listed nearest first', () => {
  assert.deepEqual(
    upstreamLookups(contacts, 'contact-fields').map((node) => node.config.as),
    ['sfContact', 'account'],
  );
  assert.deepEqual(
    upstreamLookups(contacts, 'qualification').map((node) => node.config.as),
    ['account'],
  );
  assert.deepEqual(upstreamLookups(contacts, 'contacts-changed'), []);
});

test('a cycle does not loop forever', () => {
  const flow: Flow = {
    ...contacts,
    edges: [
      ...contacts.edges,
      { id: 'back', source: 'upsert-contact', sourceHandle: 'out', target: 'contact-fields' },
    ],
  };
  assert.equal(downstreamUpsert(flow, 'contact-fields')?.id, 'upsert-contact');
  assert.equal(upstreamLookups(flow, 'contact-fields').length, 2);
});

test('the trigger, the aliases and what each lookup binds', () => {
  assert.equal(triggerNodeOf(contacts)?.id, 'contacts-changed');
  assert.deepEqual([...lookupAliases(contacts)].sort(), ['account', 'sfContact']);
  const [sfContact, account] = upstreamLookups(contacts, 'contact-fields');
  assert.ok(sfContact && account);
  assert.deepEqual(lookupResultFields(sfContact), ['Id', 'Email', 'Ext_Id__c', 'AccountId']);
  assert.ok(lookupResultFields(account).includes('targetId'));
});
