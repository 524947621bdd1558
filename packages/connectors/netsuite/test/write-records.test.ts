import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorError, SourceRecord, UpsertResult } from '@flowsync/connector-sdk';
import { generateSeed } from '../../../sandbox/src/shared/seed-data.ts';
import { startHarness, type ConnectorHarness } from './helpers/sandbox.ts';

function okResult(result: UpsertResult | undefined): { id: string; created: boolean } {
  assert.ok(result?.ok, `expected success, got ${result && !result.ok ? result.error.message : 'nothing'}`);
  return { id: result.id, created: result.created };
}

function failure(result: UpsertResult | undefined): ConnectorError {
  assert.ok(result !== undefined && !result.ok, 'expected a failure');
  return result.error;
}

describe('NetSuite connector: writes', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({ seed: generateSeed({ companies: 5, contacts: 20 }), concurrencyLimit: 2 });
  });
  beforeEach(async () => {
    await h.admin('POST', '/reset');
    await h.admin('POST', '/faults', { reset: true });
  });
  after(() => h.close());

  const contact = async (id: string) =>
    (await h.admin<SourceRecord[]>('GET', '/records/contact')).find((record) => record['id'] === id);

  test('create posts each record and reads the new id from Location', async () => {
    const results = await h.connector.upsertBatch({
      object: 'contact',
      operation: 'create',
      items: [
        { ref: 'a', fields: { firstName: 'Ada', lastName: 'Byron', company: '1000' } },
        {
          ref: 'b',
          fields: {
            firstName: 'Alan',
            lastName: 'Turing',
            company: { id: '1001' },
            email: 'alan@example.com',
          },
        },
      ],
    });
    assert.deepEqual(
      results.map((result) => result.ref),
      ['a', 'b'],
    );
    const a = okResult(results[0]);
    assert.equal(a.created, true);
    const stored = await contact(a.id);
    assert.deepEqual([stored?.['lastName'], stored?.['company']], ['Byron', { id: '1000' }]);
    assert.equal((await contact(okResult(results[1]).id))?.['email'], 'alan@example.com');
  });

  test('upsert by externalId uses PUT eid: — created once, updated after, same id', async () => {
    const items = [
      {
        ref: '1',
        externalId: { field: 'externalId', value: 'SF-0001' },
        fields: { lastName: 'One', company: '1002' },
      },
      {
        ref: '2',
        externalId: { field: 'externalId', value: 'SF-0002' },
        fields: { lastName: 'Two', company: '1002' },
      },
    ];
    const first = await h.connector.upsertBatch({ object: 'contact', operation: 'upsert', items });
    assert.deepEqual(
      first.map((result) => okResult(result).created),
      [true, true],
    );
    const second = await h.connector.upsertBatch({
      object: 'contact',
      operation: 'upsert',
      items: items.map((item) => ({ ...item, fields: { ...item.fields, title: 'Updated' } })),
    });
    assert.deepEqual(
      second.map((result) => okResult(result).created),
      [false, false],
    );
    assert.deepEqual(
      second.map((result) => okResult(result).id),
      first.map((result) => okResult(result).id),
    );
    const stored = await contact(okResult(second[1]).id);
    assert.deepEqual([stored?.['externalId'], stored?.['title']], ['SF-0002', 'Updated']);
    const stats = await h.admin('GET', '/stats');
    assert.equal(stats.calls['PUT /services/rest/record/v1/:type/:id'], 4);
  });

  test('upsert by another key field finds the record with SuiteQL, then PATCHes or POSTs (writing the key)', async () => {
    const item = {
      ref: 'k',
      externalId: { field: 'custentity_sf_contact_id', value: '003KEY' },
      fields: { lastName: 'Keyed', company: '1000' },
    };
    const created = okResult(
      (await h.connector.upsertBatch({ object: 'contact', operation: 'upsert', items: [item] }))[0],
    );
    assert.equal(created.created, true);
    assert.equal((await contact(created.id))?.['custentity_sf_contact_id'], '003KEY');
    const updated = okResult(
      (
        await h.connector.upsertBatch({
          object: 'contact',
          operation: 'upsert',
          items: [{ ...item, fields: { title: 'Again' } }],
        })
      )[0],
    );
    assert.deepEqual(updated, { id: created.id, created: false });

    await h.admin('PATCH', '/records/contact/5001', { custentity_sf_contact_id: '003DUP' });
    await h.admin('PATCH', '/records/contact/5002', { custentity_sf_contact_id: '003DUP' });
    const duplicate = await h.connector.upsertBatch({
      object: 'contact',
      operation: 'upsert',
      items: [
        {
          ref: 'd',
          externalId: { field: 'custentity_sf_contact_id', value: '003DUP' },
          fields: { title: 'x' },
        },
      ],
    });
    assert.equal(failure(duplicate[0]).code, 'MULTIPLE_MATCHES');
  });

  test('a validation error fails only its own record, with the field from o:errorPath', async () => {
    const results = await h.connector.upsertBatch({
      object: 'contact',
      operation: 'upsert',
      items: [
        { ref: 'good-1', fields: { lastName: 'Fine', company: '1000' } },
        { ref: 'no-last-name', fields: { firstName: 'Nameless', company: '1000' } },
        { ref: 'good-2', id: '5003', fields: { title: 'CTO' } },
        { ref: 'bad-company', id: '5004', fields: { company: '999999' } },
        { ref: 'gone', id: '424242', fields: { title: 'x' } },
      ],
    });
    okResult(results[0]);
    okResult(results[2]);
    const noLastName = failure(results[1]);
    assert.deepEqual(
      [noLastName.code, noLastName.retryable, noLastName.vendorCode, noLastName.fields],
      ['TARGET_VALIDATION', false, 'USER_ERROR', ['lastName']],
    );
    assert.match(noLastName.message, /Last Name/);
    assert.deepEqual(failure(results[3]).fields, ['company']);
    assert.equal(failure(results[4]).code, 'RECORD_NOT_FOUND');
    assert.equal((await contact('5003'))?.['title'], 'CTO');
  });

  test('more parallel calls than the account allows: 429s are backed off and retried, no record lost', async () => {
    await h.admin('POST', '/faults', { latencyMs: 30 });
    const connector = h.connect({ concurrency: 4, rateLimitRetries: 20 });
    const items = Array.from({ length: 16 }, (_, i) => ({
      ref: String(i),
      externalId: { field: 'externalId', value: `BULK-${i}` },
      fields: { lastName: `Bulk ${i}`, company: '1001' },
    }));
    const results = await connector.upsertBatch({ object: 'contact', operation: 'upsert', items });
    assert.equal(results.filter((result) => result.ok).length, 16);
    const stats = await h.admin('GET', '/stats');
    assert.ok(stats.refused.concurrency > 0, 'the account limit was hit');
    assert.ok(stats.peakInFlight <= 4, `the connector kept to its concurrency (peak ${stats.peakInFlight})`);
    const stored = (await h.admin<SourceRecord[]>('GET', '/records/contact')).filter((record) =>
      String(record['externalId']).startsWith('BULK-'),
    );
    assert.deepEqual(
      stored.map((record) => record['lastName']).sort(),
      items.map((item) => item.fields.lastName).sort(),
    );
  });

  test('a connector within the limit meets no 429', async () => {
    await h.admin('POST', '/faults', { latencyMs: 20 });
    const connector = h.connect({ concurrency: 2 });
    const items = Array.from({ length: 8 }, (_, i) => ({
      ref: String(i),
      id: String(5000 + i),
      fields: { title: `T${i}` },
    }));
    const results = await connector.upsertBatch({ object: 'contact', operation: 'update', items });
    assert.ok(results.every((result) => result.ok));
    assert.equal((await h.admin('GET', '/stats')).refused.concurrency, 0);
  });

  test('429s that outlast the retries and 5xx come back per record as retryable errors', async () => {
    await h.admin('POST', '/faults', { rateLimitNext: 100 });
    const connector = h.connect({ rateLimitRetries: 2 });
    const limited = await connector.upsertBatch({
      object: 'contact',
      operation: 'create',
      items: [{ ref: 'x', fields: { lastName: 'Limited', company: '1000' } }],
    });
    const error = failure(limited[0]);
    assert.deepEqual([error.code, error.retryable, error.status], ['RATE_LIMITED', true, 429]);
    assert.equal((await h.admin('GET', '/stats')).refused.rateLimitFault, 3);

    await h.admin('POST', '/faults', { rateLimitNext: 0, failNext: 1, serverErrorStatus: 503 });
    const failed = await h.connector.upsertBatch({
      object: 'contact',
      operation: 'update',
      items: [{ ref: 'y', id: '5001', fields: { title: 'x' } }],
    });
    assert.deepEqual([failure(failed[0]).code, failure(failed[0]).retryable], ['SERVER_ERROR', true]);
    assert.equal(
      (await h.admin<SourceRecord[]>('GET', '/records/contact')).some((r) => r['lastName'] === 'Limited'),
      false,
    );
  });

  test('update writes back with PATCH; a missing record is RECORD_NOT_FOUND', async () => {
    await h.connector.update({
      object: 'contact',
      id: '5005',
      fields: { custentity_sf_contact_id: '003WRITEBACK' },
    });
    const stored = await contact('5005');
    assert.equal(stored?.['custentity_sf_contact_id'], '003WRITEBACK');
    assert.equal(typeof stored?.['lastName'], 'string');
    await h.connector.update({
      object: 'customer',
      id: '1000',
      fields: { custentity_sf_account_id: '001ACC' },
    });
    const customer = (await h.admin<SourceRecord[]>('GET', '/records/customer')).find(
      (record) => record['id'] === '1000',
    );
    assert.equal(customer?.['custentity_sf_account_id'], '001ACC');
    await assert.rejects(
      h.connector.update({ object: 'contact', id: '424242', fields: { custentity_sf_contact_id: 'x' } }),
      { code: 'RECORD_NOT_FOUND' },
    );
  });
});
