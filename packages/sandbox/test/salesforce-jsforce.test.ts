import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importPKCS8, SignJWT } from 'jose';
import jsforce from 'jsforce';
import { createSalesforceEmulator } from '../src/salesforce/index.ts';

/**
 * Fidelity: the real jsforce client (v3) logs in with the OAuth 2.0 client credentials flow, reads
 * across several query batches with autoFetch, and upserts a collection by external id.
 */
describe('Salesforce emulator driven by jsforce', () => {
  let emulator: Awaited<ReturnType<typeof createSalesforceEmulator>>;
  let baseUrl: string;

  before(async () => {
    emulator = await createSalesforceEmulator({ queryBatchSize: 3 });
    baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 8; i++) {
      emulator.state.createRecord('Contact', {
        LastName: `Batch ${i}`,
        Email: `batch.${i}@jsforce.example`,
      });
    }
  });

  after(async () => {
    await emulator.app.close();
  });

  function connection(): jsforce.Connection {
    return new jsforce.Connection({
      oauth2: { loginUrl: baseUrl, clientId: '3MVG9sandbox.flowsync', clientSecret: 'sandbox-client-secret' },
      version: '62.0',
    });
  }

  it('logs in with client credentials and learns the instance URL and identity', async () => {
    const conn = connection();
    const user = await conn.authorize({ grant_type: 'client_credentials' });
    assert.equal(conn.instanceUrl, baseUrl);
    assert.equal(user.organizationId, '00DHs0000000001EAA');
    assert.equal(user.id, '005Hs0000000001AAA');
    const identity = await conn.identity();
    assert.equal(identity.username, 'integration@flowsync.sandbox');
  });

  it('logs in with the JWT bearer flow using an assertion signed with jose', async () => {
    const { secrets, config } = emulator.connection(baseUrl);
    const key = await importPKCS8(secrets['privateKeyPem'] ?? '', 'RS256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(String(config['clientId']))
      .setSubject(String(config['username']))
      .setAudience(baseUrl)
      .setExpirationTime('3m')
      .sign(key);
    const conn = new jsforce.Connection({ oauth2: { loginUrl: baseUrl }, version: '62.0' });
    await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const result = await conn.query<{ Id: string }>('SELECT Id FROM Account');
    assert.equal(result.totalSize, 0);
    assert.equal(result.done, true);
  });

  it('refuses a wrong client secret the way Salesforce does', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: baseUrl, clientId: '3MVG9sandbox.flowsync', clientSecret: 'wrong' },
      version: '62.0',
    });
    await assert.rejects(conn.authorize({ grant_type: 'client_credentials' }), (error: Error) => {
      assert.equal(error.name, 'invalid_client');
      return true;
    });
  });

  it('queries across several batches with autoFetch (queryMore via nextRecordsUrl)', async () => {
    const conn = connection();
    await conn.authorize({ grant_type: 'client_credentials' });
    const before = emulator.state.calls.get('GET /services/data/:version/query/:locator') ?? 0;
    const result = await conn.query<{ Id: string; LastName: string }>(
      "SELECT Id, LastName, Email FROM Contact WHERE Email LIKE 'batch.%' ORDER BY LastName DESC",
      { autoFetch: true, maxFetch: 100 },
    );
    assert.equal(result.totalSize, 8);
    assert.equal(result.done, true);
    assert.deepEqual(
      result.records.map((r) => r.LastName),
      ['Batch 7', 'Batch 6', 'Batch 5', 'Batch 4', 'Batch 3', 'Batch 2', 'Batch 1', 'Batch 0'],
    );
    const after = emulator.state.calls.get('GET /services/data/:version/query/:locator') ?? 0;
    assert.equal(after - before, 2, 'eight records in batches of three take two queryMore calls');
  });

  it('upserts a collection by external id: creates, updates and reports per-record errors', async () => {
    const conn = connection();
    await conn.authorize({ grant_type: 'client_credentials' });
    const first = await conn.sobject('Contact').upsert(
      [
        { Ext_Id__c: 'NS-1', LastName: 'Hopper', FirstName: 'Grace' },
        { Ext_Id__c: 'NS-2', LastName: 'Turing' },
      ],
      'Ext_Id__c',
    );
    assert.equal(first.length, 2);
    assert.ok(first.every((r) => r.success));
    assert.deepEqual(
      first.map((r) => (r as { created?: boolean }).created),
      [true, true],
    );
    const second = await conn.sobject('Contact').upsert(
      [
        { Ext_Id__c: 'NS-1', LastName: 'Hopper', Title: 'Rear Admiral' },
        { Ext_Id__c: 'NS-3', FirstName: 'No last name' },
      ],
      'Ext_Id__c',
    );
    const [updated, failed] = second;
    assert.ok(updated?.success);
    assert.equal(updated.id, first[0]?.success ? first[0].id : undefined);
    assert.equal((updated as { created?: boolean }).created, false);
    assert.equal(failed?.success, false);
    assert.equal(
      failed?.success === false
        ? failed.errors[0] && (failed.errors[0] as { statusCode?: string }).statusCode
        : undefined,
      'REQUIRED_FIELD_MISSING',
    );
    const record = await conn.sobject('Contact').retrieve(updated.id);
    assert.equal(record['Title'], 'Rear Admiral');
    assert.equal(record['FirstName'], 'Grace', 'an upsert leaves fields it does not name alone');
  });
});
