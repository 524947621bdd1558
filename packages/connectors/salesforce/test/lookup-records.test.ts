import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectorError } from '@flowsync/connector-sdk';
import { QUERY, startHarness, type Harness } from './salesforce-harness.ts';

describe('Salesforce connector: lookup', () => {
  let h: Harness;
  const idByExt = new Map<string, string>();

  before(async () => {
    h = await startHarness({ queryBatchSize: 50 });
    for (let i = 0; i < 120; i++) {
      const record = h.emulator.state.createRecord('Contact', {
        LastName: `Lookup ${i}`,
        Email: `Person.${i}@Lookup.example`,
        Ext_Id__c: String(5000 + i),
      });
      idByExt.set(String(5000 + i), String(record['Id']));
    }
    h.emulator.state.createRecord('Contact', {
      LastName: "O'Hara",
      Email: "o'hara\\x@lookup.example",
      Ext_Id__c: "ext'quote",
    });
    h.emulator.state.createRecord('Contact', { LastName: 'Shared A', Email: 'shared@lookup.example' });
    h.emulator.state.createRecord('Contact', { LastName: 'Shared B', Email: 'shared@lookup.example' });
  });
  after(() => h.close());

  it('finds many keys in one query and keys the result by the value asked for', async () => {
    const before = h.calls(QUERY);
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Ext_Id__c',
      values: ['5000', '5007', '5119', '9999'],
      fields: ['Id', 'Email', 'Ext_Id__c', 'AccountId'],
    });
    assert.equal(h.calls(QUERY) - before, 1);
    assert.deepEqual([...found.keys()].sort(), ['5000', '5007', '5119', '9999']);
    assert.equal(found.get('5007')?.[0]?.['Id'], idByExt.get('5007'));
    assert.deepEqual(Object.keys(found.get('5007')?.[0] ?? {}).sort(), [
      'AccountId',
      'Email',
      'Ext_Id__c',
      'Id',
    ]);
    assert.deepEqual(found.get('9999'), []);
  });

  it('matches text case-insensitively as Salesforce does, under the key that was asked', async () => {
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Email',
      values: ['person.3@lookup.example', 'PERSON.4@LOOKUP.EXAMPLE'],
    });
    assert.equal(found.get('person.3@lookup.example')?.[0]?.['Email'], 'Person.3@Lookup.example');
    assert.equal(found.get('PERSON.4@LOOKUP.EXAMPLE')?.length, 1);
  });

  it('returns every match of a key that is not unique', async () => {
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Email',
      values: ['shared@lookup.example'],
    });
    assert.equal(found.get('shared@lookup.example')?.length, 2);
  });

  it('escapes quotes and backslashes in values', async () => {
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Email',
      values: ["o'hara\\x@lookup.example", "' OR Name != '"],
    });
    assert.equal(found.get("o'hara\\x@lookup.example")?.[0]?.['Email'], "o'hara\\x@lookup.example");
    assert.deepEqual(found.get("' OR Name != '"), [], 'an injection attempt is just a value');
    const ext = await h.connector.lookup({ object: 'Contact', field: 'Ext_Id__c', values: ["ext'quote"] });
    assert.equal(ext.get("ext'quote")?.length, 1);
  });

  it('splits long value lists into several queries under the URL limit and follows paging', async () => {
    const values = Array.from({ length: 120 }, (_, i) => `person.${i}@lookup.example`);
    const padding = Array.from({ length: 400 }, (_, i) => `missing.${'x'.repeat(40)}.${i}@lookup.example`);
    const before = h.calls(QUERY);
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Email',
      values: [...values, ...padding],
    });
    const queries = h.calls(QUERY) - before;
    assert.ok(queries >= 2, `expected several queries, got ${queries}`);
    for (const value of values) assert.equal(found.get(value)?.length, 1, value);
    assert.equal(found.size, 520);
  });

  it('looks up ids by their 15- or 18-character form and skips malformed ones', async () => {
    const id = idByExt.get('5001') ?? '';
    const found = await h.connector.lookup({
      object: 'Contact',
      field: 'Id',
      values: [id, id.slice(0, 15), 'not-an-id'],
    });
    assert.equal(found.get(id)?.length, 1);
    assert.equal(found.get(id.slice(0, 15))?.length, 1);
    assert.deepEqual(found.get('not-an-id'), []);
  });

  it('refreshes an expired token and fails a bad field as TARGET_VALIDATION', async () => {
    await h.admin('POST', '/faults', { expireTokens: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const found = await h.connector.lookup({ object: 'Contact', field: 'Ext_Id__c', values: ['5002'] });
    assert.equal(found.get('5002')?.length, 1);
    await assert.rejects(
      h.connector.lookup({ object: 'Contact', field: 'Shoe__c', values: ['x'] }),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'TARGET_VALIDATION');
        return true;
      },
    );
  });
});
