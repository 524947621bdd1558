import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConnectorError, type UpsertItem, type UpsertResult } from '@flowsync/connector-sdk';
import { startHarness, UPSERT, type Harness } from './salesforce-harness.ts';

const COLLECTION_CREATE = 'POST /services/data/:version/composite/sobjects';
const COLLECTION_UPDATE = 'PATCH /services/data/:version/composite/sobjects';

function contactItem(n: number, fields: Record<string, unknown> = {}): UpsertItem {
  return {
    ref: String(n),
    externalId: { field: 'Ext_Id__c', value: String(n) },
    fields: { LastName: `Contact ${n}`, Email: `c${n}@upsert.example`, Ext_Id__c: String(n), ...fields },
  };
}

function byRef(results: UpsertResult[]): Map<string, UpsertResult> {
  return new Map(results.map((r) => [r.ref, r]));
}

function failure(result: UpsertResult | undefined): ConnectorError {
  assert.ok(result !== undefined && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('Salesforce connector: upsertBatch and update', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(async () => {
    await h.admin('POST', '/reset');
  });

  const contactByExt = (ext: string) =>
    [...h.emulator.state.objects.Contact.values()].find((r) => r['Ext_Id__c'] === ext);

  it('upserts by external id in one collection call: created, then updated', async () => {
    const items = [1, 2, 3].map((n) => contactItem(n));
    const first = await h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items });
    assert.equal(h.calls(UPSERT), 1);
    assert.deepEqual(
      first.map((r) => [r.ref, r.ok, r.ok && r.created]),
      [
        ['1', true, true],
        ['2', true, true],
        ['3', true, true],
      ],
    );
    const second = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [contactItem(2, { Title: 'Buyer' })],
    });
    assert.ok(second[0]?.ok);
    assert.equal(second[0].created, false);
    assert.equal(second[0].id, first[1]?.ok ? first[1].id : '');
    assert.equal(contactByExt('2')?.['Title'], 'Buyer');
  });

  it('splits more than 200 items into collection calls of at most 200, one result per item', async () => {
    const items = Array.from({ length: 450 }, (_, i) => contactItem(10_000 + i));
    const results = await h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items });
    assert.equal(h.calls(UPSERT), 3);
    assert.equal(results.length, 450);
    assert.ok(results.every((r) => r.ok && r.created));
    assert.deepEqual(new Set(results.map((r) => r.ref)), new Set(items.map((i) => i.ref)));
  });

  it('creates and updates by id, and refuses an update without an id', async () => {
    const created = await h.connector.upsertBatch({
      object: 'Account',
      operation: 'create',
      items: [
        { ref: 'a', fields: { Name: 'Acme', Id: 'ignored' } },
        { ref: 'b', fields: { Name: 'Globex' } },
      ],
    });
    assert.equal(h.calls(COLLECTION_CREATE), 1);
    assert.ok(created.every((r) => r.ok && r.created));
    const idA = created[0]?.ok ? created[0].id : '';
    const updated = await h.connector.upsertBatch({
      object: 'Account',
      operation: 'update',
      items: [
        { ref: 'a', id: idA, fields: { Phone: '+1 555 0000' } },
        { ref: 'c', fields: { Name: 'No id' } },
      ],
    });
    assert.equal(h.calls(COLLECTION_UPDATE), 1);
    const results = byRef(updated);
    assert.deepEqual(results.get('a'), { ref: 'a', ok: true, id: idA, created: false });
    assert.equal(failure(results.get('c')).code, 'MISSING_KEY');
    assert.equal(h.emulator.state.store.get(idA)?.record['Phone'], '+1 555 0000');
  });

  it('sends an upsert with known target ids as an update and unknown ones as a create (targetId match)', async () => {
    const seedContact = [...h.emulator.state.objects.Contact.values()][0];
    const results = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [
        { ref: 'known', id: String(seedContact?.['Id']), fields: { Title: 'Updated by id' } },
        { ref: 'new', fields: { LastName: 'Brand new' } },
      ],
    });
    assert.deepEqual(
      results.map((r) => [r.ref, r.ok && r.created]),
      [
        ['new', true],
        ['known', false],
      ],
    );
    assert.equal(h.emulator.state.store.get(String(seedContact?.['Id']))?.record['Title'], 'Updated by id');
  });

  it('maps per-record errors: validation with fields, duplicates, multiple matches, bad reference', async () => {
    await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'create',
      items: [
        { ref: 'x', fields: { LastName: 'Twin 1', Legacy_Id__c: 'L1' } },
        { ref: 'y', fields: { LastName: 'Twin 2', Legacy_Id__c: 'L1' } },
        { ref: 'z', fields: { LastName: 'Owner', Ext_Id__c: 'TAKEN' } },
      ],
    });
    const results = byRef(
      await h.connector.upsertBatch({
        object: 'Contact',
        operation: 'upsert',
        items: [
          contactItem(1, { LastName: null }),
          contactItem(2, { Email: 'not an email' }),
          contactItem(3, { AccountId: '001Hs0000000zzzAAA' }),
          contactItem(4),
        ],
      }),
    );
    const missing = failure(results.get('1'));
    assert.equal(missing.code, 'TARGET_VALIDATION');
    assert.equal(missing.retryable, false);
    assert.deepEqual(missing.fields, ['LastName']);
    assert.equal(missing.vendorCode, 'REQUIRED_FIELD_MISSING');
    assert.match(missing.message, /Required fields are missing: \[LastName\]/);
    assert.equal(failure(results.get('2')).vendorCode, 'INVALID_EMAIL_ADDRESS');
    assert.equal(failure(results.get('3')).vendorCode, 'INVALID_CROSS_REFERENCE_KEY');
    assert.ok(results.get('4')?.ok, 'the valid record of the batch is written');

    const multiple = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [{ ref: 'm', externalId: { field: 'Legacy_Id__c', value: 'L1' }, fields: { Title: 'x' } }],
    });
    assert.equal(failure(multiple[0]).code, 'MULTIPLE_MATCHES');

    const duplicate = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'update',
      items: [{ ref: 'd', id: String(contactByExt('4')?.['Id']), fields: { Ext_Id__c: 'TAKEN' } }],
    });
    assert.equal(failure(duplicate[0]).code, 'DUPLICATE');
  });

  it('lets a record failing a validation rule succeed after its data is fixed', async () => {
    await h.admin('POST', '/validation-rules', {
      object: 'Contact',
      field: 'Phone',
      pattern: '^\\+',
      message: 'Phone must start with +',
    });
    const failed = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [contactItem(7, { Phone: '555 0107' })],
    });
    const error = failure(failed[0]);
    assert.equal(error.code, 'TARGET_VALIDATION');
    assert.equal(error.vendorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.deepEqual(error.fields, ['Phone']);
    assert.equal(contactByExt('7'), undefined);
    const retried = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [contactItem(7, { Phone: '+1 555 0107' })],
    });
    assert.ok(retried[0]?.ok && retried[0].created);
  });

  it('marks row-lock failures retryable', async () => {
    await h.admin('POST', '/record-faults', {
      object: 'Contact',
      statusCode: 'UNABLE_TO_LOCK_ROW',
      count: 1,
    });
    const results = await h.connector.upsertBatch({
      object: 'Contact',
      operation: 'upsert',
      items: [contactItem(1), contactItem(2)],
    });
    const locked = failure(results[0]);
    assert.equal(locked.retryable, true);
    assert.equal(locked.vendorCode, 'UNABLE_TO_LOCK_ROW');
    assert.ok(results[1]?.ok);
  });

  it('refreshes an expired token mid-upsert and writes every record exactly once', async () => {
    const items = Array.from({ length: 300 }, (_, i) => contactItem(20_000 + i));
    await h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items: items.slice(0, 1) });
    await h.admin('POST', '/faults', { expireTokens: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const results = await h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items });
    assert.equal(results.length, 300);
    assert.ok(results.every((r) => r.ok));
    const written = [...h.emulator.state.objects.Contact.values()].filter((r) =>
      String(r['Ext_Id__c']).startsWith('2'),
    );
    assert.equal(written.length, 300, 'no record lost, none duplicated');
  });

  it('throws a rate limit on the first call (nothing written), and reports it per record after a partial write', async () => {
    await h.admin('POST', '/faults', { rateLimitNext: 1 });
    await assert.rejects(
      h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items: [contactItem(1)] }),
      (error: unknown) =>
        error instanceof ConnectorError &&
        error.code === 'RATE_LIMITED' &&
        error.retryable &&
        error.status === 403,
    );
    assert.equal(contactByExt('1'), undefined);

    const items = Array.from({ length: 250 }, (_, i) => contactItem(30_000 + i));
    // The org's daily allocation runs out after exactly one more call: the first collection of 200.
    h.emulator.state.apiUsage = h.emulator.state.options.apiLimit - 1;
    const results = await h.connector.upsertBatch({ object: 'Contact', operation: 'upsert', items });
    assert.equal(results.length, 250);
    const ok = results.filter((r) => r.ok);
    const limited = results.filter((r) => !r.ok);
    assert.equal(ok.length, 200);
    assert.equal(limited.length, 50);
    assert.ok(limited.every((r) => !r.ok && r.error.code === 'RATE_LIMITED' && r.error.retryable));
  });

  it('updates a single record for write-back', async () => {
    const seedContact = [...h.emulator.state.objects.Contact.values()][0];
    const id = String(seedContact?.['Id']);
    await h.connector.update({ object: 'Contact', id, fields: { Legacy_Id__c: '5003', Id: id } });
    assert.equal(h.emulator.state.store.get(id)?.record['Legacy_Id__c'], '5003');
    await assert.rejects(
      h.connector.update({ object: 'Contact', id: '003Hs0000000zzzAAA', fields: { Title: 'x' } }),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'RECORD_NOT_FOUND');
        return true;
      },
    );
    await assert.rejects(
      h.connector.update({ object: 'Contact', id: '../../limits', fields: {} }),
      /Not a Salesforce record id/,
    );
  });
});
