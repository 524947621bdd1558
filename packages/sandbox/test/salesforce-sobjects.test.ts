import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSalesforce, type SalesforceHarness } from './salesforce-support.ts';

interface ApiError {
  errorCode: string;
  message: string;
  fields?: string[];
}

describe('Salesforce emulator: sObject rows, upsert by external id, describe', () => {
  let sf: SalesforceHarness;
  let token: string;
  let now = Date.parse('2026-02-01T08:00:00.250Z');

  before(async () => {
    sf = await startSalesforce({ clock: () => now });
    token = await sf.token();
  });
  after(() => sf.close());
  beforeEach(async () => {
    await sf.admin('POST', '/reset');
  });

  const create = (object: string, json: unknown) =>
    sf.call<{ id: string; success: boolean; errors: unknown[] }>('POST', `${sf.api()}/sobjects/${object}`, {
      token,
      json,
    });

  it('creates with 201 and a deterministic 18-character id, and maintains the audit fields', async () => {
    const account = await create('Account', { Name: 'Acme' });
    assert.equal(account.status, 201);
    assert.deepEqual(account.body, { id: '001Hs0000000001IAA', success: true, errors: [] });
    const contact = await create('Contact', { LastName: 'Hopper', AccountId: account.body.id });
    assert.match(contact.body.id, /^003[A-Za-z0-9]{15}$/);

    const read = await sf.call<Record<string, unknown>>(
      'GET',
      `${sf.api()}/sobjects/Contact/${contact.body.id}`,
      { token },
    );
    assert.equal(read.body['CreatedDate'], '2026-02-01T08:00:00.000+0000', 'stamps are whole seconds');
    assert.equal(read.body['SystemModstamp'], read.body['CreatedDate']);
    assert.equal(read.body['Name'], 'Hopper');

    now += 5000;
    const patch = await sf.call('PATCH', `${sf.api()}/sobjects/Contact/${contact.body.id}`, {
      token,
      json: { FirstName: 'Grace' },
    });
    assert.equal(patch.status, 204);
    const after = await sf.call<Record<string, unknown>>(
      'GET',
      `${sf.api()}/sobjects/Contact/${contact.body.id.slice(0, 15)}?fields=Name,LastModifiedDate,CreatedDate`,
      { token },
    );
    assert.equal(after.body['Name'], 'Grace Hopper');
    assert.equal(after.body['LastModifiedDate'], '2026-02-01T08:00:05.000+0000');
    assert.equal(after.body['CreatedDate'], '2026-02-01T08:00:00.000+0000');
    assert.equal(after.body['Email'], undefined, 'only the requested fields');
  });

  it('validates like Salesforce: required, unknown and read-only fields, lengths, emails', async () => {
    const missing = await create('Contact', { FirstName: 'Only' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, [
      {
        message: 'Required fields are missing: [LastName]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['LastName'],
      },
    ]);
    const blankName = await create('Account', { Name: '' });
    assert.equal(
      (blankName.body as unknown as ApiError[])[0]?.errorCode,
      'REQUIRED_FIELD_MISSING',
      'an empty string is null in Salesforce',
    );
    const unknown = await create('Contact', { LastName: 'X', Shoe_Size__c: 42 });
    assert.deepEqual(unknown.body, [
      {
        message: "No such column 'Shoe_Size__c' on sobject of type Contact",
        errorCode: 'INVALID_FIELD',
        fields: [],
      },
    ]);
    const readOnly = await create('Contact', { LastName: 'X', SystemModstamp: '2026-01-01T00:00:00Z' });
    assert.equal((readOnly.body as unknown as ApiError[])[0]?.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    const long = await create('Contact', { LastName: 'x'.repeat(81) });
    assert.deepEqual((long.body as unknown as ApiError[])[0]?.fields, ['LastName']);
    assert.equal((long.body as unknown as ApiError[])[0]?.errorCode, 'STRING_TOO_LONG');
    const email = await create('Contact', { LastName: 'X', Email: 'not-an-email' });
    assert.equal((email.body as unknown as ApiError[])[0]?.errorCode, 'INVALID_EMAIL_ADDRESS');
    const withId = await create('Contact', { LastName: 'X', Id: '003Hs0000000001IAA' });
    assert.equal((withId.body as unknown as ApiError[])[0]?.errorCode, 'INVALID_FIELD');
    const caseInsensitive = await create('Contact', { lastname: 'lower', EMAIL: 'Lower@Case.example' });
    assert.equal(caseInsensitive.status, 201, 'field names are case-insensitive');
  });

  it('checks AccountId references: malformed, wrong object, unknown, deleted', async () => {
    const account = await create('Account', { Name: 'Gone Ltd' });
    const contact = await create('Contact', { LastName: 'Ref' });
    const cases: [string, string][] = [
      ['nonsense', 'MALFORMED_ID'],
      [contact.body.id, 'FIELD_INTEGRITY_EXCEPTION'],
      ['001Hs0000000999AAA', 'INVALID_CROSS_REFERENCE_KEY'],
    ];
    for (const [value, code] of cases) {
      const response = await create('Contact', { LastName: 'X', AccountId: value });
      assert.equal((response.body as unknown as ApiError[])[0]?.errorCode, code, value);
    }
    assert.equal(
      (await sf.call('DELETE', `${sf.api()}/sobjects/Account/${account.body.id}`, { token })).status,
      204,
    );
    const deleted = await create('Contact', { LastName: 'X', AccountId: account.body.id });
    assert.equal((deleted.body as unknown as ApiError[])[0]?.errorCode, 'ENTITY_IS_DELETED');
  });

  it('resolves a parent given by its external id', async () => {
    await create('Account', { Name: 'Parent', Ext_Id__c: 'CUST-1' });
    const created = await create('Contact', { LastName: 'Child', Account: { Ext_Id__c: 'CUST-1' } });
    assert.equal(created.status, 201);
    const record = await sf.call<Record<string, unknown>>(
      'GET',
      `${sf.api()}/sobjects/Contact/${created.body.id}`,
      { token },
    );
    assert.equal(record.body['AccountId'], '001Hs0000000001IAA');
    const missing = await create('Contact', { LastName: 'Orphan', Account: { Ext_Id__c: 'CUST-404' } });
    assert.match(
      (missing.body as unknown as ApiError[])[0]?.message ?? '',
      /Foreign key external ID: CUST-404 not found/,
    );
  });

  it('refuses a duplicate Ext_Id__c (unique, case-insensitive)', async () => {
    const first = await create('Contact', { LastName: 'A', Ext_Id__c: 'ns-1' });
    const second = await create('Contact', { LastName: 'B', Ext_Id__c: 'NS-1' });
    assert.equal(second.status, 400);
    assert.deepEqual(second.body, [
      {
        message: `duplicate value found: Ext_Id__c duplicates value on record with id: ${first.body.id}`,
        errorCode: 'DUPLICATE_VALUE',
        fields: [],
      },
    ]);
  });

  it('upserts by external id: 201 created, 200 created:false (204 before v46), 300 multiple, 404 unknown field', async () => {
    const url = (value: string, version = 'v62.0') =>
      `${sf.api(version)}/sobjects/Contact/Ext_Id__c/${value}`;
    const created = await sf.call<Record<string, unknown>>('PATCH', url('5001'), {
      token,
      json: { LastName: 'Lovelace' },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { id: created.body['id'], success: true, errors: [], created: true });
    const updated = await sf.call<Record<string, unknown>>('PATCH', url('5001'), {
      token,
      json: { FirstName: 'Ada' },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { id: created.body['id'], success: true, errors: [], created: false });
    const old = await sf.call('PATCH', url('5001', 'v45.0'), { token, json: { Title: 'Countess' } });
    assert.equal(old.status, 204);
    assert.equal(old.body, undefined);

    const byGet = await sf.call<Record<string, unknown>>('GET', url('5001'), { token });
    assert.equal(byGet.body['Name'], 'Ada Lovelace');
    assert.equal(byGet.body['Title'], 'Countess');

    await create('Contact', { LastName: 'Twin A', Legacy_Id__c: 'L-7' });
    await create('Contact', { LastName: 'Twin B', Legacy_Id__c: 'l-7' });
    const multiple = await sf.call<string[]>('PATCH', `${sf.api()}/sobjects/Contact/Legacy_Id__c/L-7`, {
      token,
      json: { Title: 'x' },
    });
    assert.equal(multiple.status, 300);
    assert.equal(multiple.body.length, 2);
    assert.match(multiple.body[0] ?? '', /^\/services\/data\/v62\.0\/sobjects\/Contact\/003/);

    const notExternal = await sf.call('PATCH', `${sf.api()}/sobjects/Contact/Email/a@b.example`, {
      token,
      json: { LastName: 'x' },
    });
    assert.equal(notExternal.status, 404);
    assert.deepEqual(notExternal.body, [
      {
        message: 'Provided external ID field does not exist or is not accessible: Email',
        errorCode: 'NOT_FOUND',
      },
    ]);

    const invalid = await sf.call<ApiError[]>('PATCH', url('5002'), {
      token,
      json: { FirstName: 'No last name' },
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body[0]?.errorCode, 'REQUIRED_FIELD_MISSING');

    const updateOnly = await sf.call('PATCH', `${url('5003')}?updateOnly=true`, {
      token,
      json: { LastName: 'x' },
    });
    assert.equal(updateOnly.status, 404);
  });

  it('deletes, then 404s the row and lists it under /deleted', async () => {
    const created = await create('Contact', { LastName: 'Temporary' });
    now += 60_000;
    assert.equal(
      (await sf.call('DELETE', `${sf.api()}/sobjects/Contact/${created.body.id}`, { token })).status,
      204,
    );
    const gone = await sf.call<ApiError[]>('GET', `${sf.api()}/sobjects/Contact/${created.body.id}`, {
      token,
    });
    assert.equal(gone.status, 404);
    assert.equal(gone.body[0]?.errorCode, 'ENTITY_IS_DELETED');
    const unknown = await sf.call('GET', `${sf.api()}/sobjects/Contact/003Hs0000000zzzAAA`, { token });
    assert.equal(unknown.status, 404);

    const start = encodeURIComponent(new Date(now - 3600_000).toISOString());
    const end = encodeURIComponent(new Date(now + 3600_000).toISOString());
    const deleted = await sf.call<{
      deletedRecords: { id: string; deletedDate: string }[];
      latestDateCovered: string;
    }>('GET', `${sf.api()}/sobjects/Contact/deleted/?start=${start}&end=${end}`, { token });
    assert.equal(deleted.status, 200);
    const deletedDate = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('Z', '+0000');
    assert.deepEqual(deleted.body.deletedRecords, [{ id: created.body.id, deletedDate }]);
    const tooOld = await sf.call<ApiError[]>(
      'GET',
      `${sf.api()}/sobjects/Contact/deleted/?start=2025-01-01T00:00:00Z&end=${end}`,
      { token },
    );
    assert.equal(tooOld.body[0]?.errorCode, 'INVALID_REPLICATION_DATE');
  });

  it('describes the org and its objects for field pickers', async () => {
    const global = await sf.call<{ sobjects: { name: string; queryable: boolean }[] }>(
      'GET',
      `${sf.api()}/sobjects/`,
      { token },
    );
    assert.deepEqual(
      global.body.sobjects.map((s) => s.name),
      ['Account', 'Contact'],
    );
    const describe = await sf.call<{ name: string; fields: Record<string, unknown>[] }>(
      'GET',
      `${sf.api()}/sobjects/Contact/describe`,
      { token },
    );
    const field = (name: string) => describe.body.fields.find((f) => f['name'] === name);
    assert.deepEqual(
      {
        type: field('LastName')?.['type'],
        nillable: field('LastName')?.['nillable'],
        createable: field('LastName')?.['createable'],
      },
      { type: 'string', nillable: false, createable: true },
    );
    assert.equal(field('Ext_Id__c')?.['externalId'], true);
    assert.equal(field('Ext_Id__c')?.['unique'], true);
    assert.deepEqual(field('AccountId')?.['referenceTo'], ['Account']);
    assert.equal(field('SystemModstamp')?.['type'], 'datetime');
    assert.equal(field('SystemModstamp')?.['updateable'], false);
    const unknown = await sf.call('GET', `${sf.api()}/sobjects/Lead/describe`, { token });
    assert.equal(unknown.status, 404);
  });

  it('answers bad JSON with JSON_PARSER_ERROR', async () => {
    const response = await fetch(`${sf.baseUrl}${sf.api()}/sobjects/Contact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"LastName": ',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as ApiError[];
    assert.equal(body[0]?.errorCode, 'JSON_PARSER_ERROR');
    const form = await fetch(`${sf.baseUrl}${sf.api()}/sobjects/Contact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'LastName=Form',
    });
    assert.equal(form.status, 415);
    assert.equal(((await form.json()) as ApiError[])[0]?.errorCode, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
