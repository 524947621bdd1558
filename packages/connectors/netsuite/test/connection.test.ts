import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAll, ConnectorError, signHmac, type RecordEvent } from '@flowsync/connector-sdk';
import { generateSeed } from '../../../sandbox/src/shared/seed-data.ts';
import { createNetSuiteConnector, netsuiteConnectorDefinition } from '../src/index.ts';
import { assertionAlgorithmFor } from '../src/auth.ts';
import { restRoot, parseNetSuiteSettings } from '../src/config.ts';
import { startHarness, type ConnectorHarness } from './helpers/sandbox.ts';

const tbaSecrets = { consumerKey: 'ck', consumerSecret: 'cs', tokenId: 'ti', tokenSecret: 'ts' };

describe('NetSuite connector: settings', () => {
  test('the definition declares kind, schema and secret keys', () => {
    assert.equal(netsuiteConnectorDefinition.kind, 'netsuite');
    assert.deepEqual([...netsuiteConnectorDefinition.secretKeys].sort(), [
      'consumerKey',
      'consumerSecret',
      'privateKeyPem',
      'tokenId',
      'tokenSecret',
      'webhookSecret',
    ]);
    assert.equal(typeof netsuiteConnectorDefinition.configSchema, 'object');
  });

  test('defaults, and the REST host derived from the account id (lower case, dashes)', () => {
    const { config } = parseNetSuiteSettings({ accountId: '1234567_SB1' }, tbaSecrets);
    assert.equal(config.authKind, 'tba');
    assert.equal(config.concurrency, 4);
    assert.deepEqual(config.customFields, {
      customer: ['custentity_sf_account_id'],
      contact: ['custentity_sf_contact_id'],
    });
    assert.equal(restRoot(config), 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest');
    const override = parseNetSuiteSettings(
      { accountId: '1', baseUrl: 'https://x.example.com/services/rest/' },
      tbaSecrets,
    );
    assert.equal(restRoot(override.config), 'https://x.example.com/services/rest');
  });

  test('invalid settings fail with VALIDATION_FAILED naming the field', () => {
    const cases: [Record<string, unknown>, Record<string, string>, RegExp][] = [
      [{}, tbaSecrets, /accountId/],
      [{ accountId: '1', concurrency: 0 }, tbaSecrets, /concurrency/],
      [{ accountId: '1', baseUrl: 'ftp://x' }, tbaSecrets, /baseUrl/],
      [{ accountId: '1' }, { ...tbaSecrets, tokenSecret: '' }, /tokenSecret/],
      [{ accountId: '1', authKind: 'oauth2', clientId: 'c' }, { privateKeyPem: 'x' }, /certificateId/],
      [{ accountId: '1', authKind: 'oauth2', clientId: 'c', certificateId: 'k' }, {}, /privateKeyPem/],
      [
        { accountId: '1', authKind: 'oauth2', clientId: 'c', certificateId: 'k' },
        { privateKeyPem: 'not a key' },
        /privateKeyPem/,
      ],
      [{ accountId: '1', customFields: { contact: ['email'] } }, tbaSecrets, /customFields\.contact/],
    ];
    for (const [config, secrets, field] of cases) {
      assert.throws(
        () => netsuiteConnectorDefinition.create(config, secrets),
        (error) =>
          error instanceof ConnectorError && error.code === 'VALIDATION_FAILED' && field.test(error.message),
        String(field),
      );
    }
  });

  test('the JWT algorithm follows the key: PS256 for RSA, ES256/ES384 by curve', () => {
    const pkcs8 = { type: 'pkcs8', format: 'pem' } as const;
    const spki = { type: 'spki', format: 'pem' } as const;
    const ec = (namedCurve: string) =>
      generateKeyPairSync('ec', { namedCurve, privateKeyEncoding: pkcs8, publicKeyEncoding: spki })
        .privateKey;
    const rsaKey = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: pkcs8,
      publicKeyEncoding: spki,
    });
    assert.equal(assertionAlgorithmFor(rsaKey.privateKey), 'PS256');
    assert.equal(assertionAlgorithmFor(ec('P-256')), 'ES256');
    assert.equal(assertionAlgorithmFor(ec('P-384')), 'ES384');
    const ed = generateKeyPairSync('ed25519', {
      privateKeyEncoding: pkcs8,
      publicKeyEncoding: spki,
    }).privateKey;
    assert.throws(() => assertionAlgorithmFor(ed), { code: 'VALIDATION_FAILED' });
  });
});

describe('NetSuite connector: token-based authentication', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({ seed: generateSeed({ companies: 4, contacts: 10 }) });
  });
  after(() => h.close());

  test('testConnection names the account and the auth method', async () => {
    const result = await h.connector.testConnection();
    assert.deepEqual(result, {
      ok: true,
      detail: 'NetSuite account 1234567_SB1 via token-based authentication (4 customers)',
    });
  });

  test('the account id may be given in its host form; the realm is still 1234567_SB1', async () => {
    assert.equal((await h.connect({ accountId: '1234567-sb1' }).testConnection()).ok, true);
  });

  test('a wrong token secret is AUTH_FAILED and not retryable (TBA tokens do not expire)', async () => {
    const connector = h.connect({}, 'tba', { tokenSecret: 'wrong' });
    await assert.rejects(connector.testConnection(), (error) => {
      assert.ok(error instanceof ConnectorError);
      assert.deepEqual(
        [error.code, error.retryable, error.vendorCode],
        ['AUTH_FAILED', false, 'INVALID_LOGIN'],
      );
      return true;
    });
    assert.equal(h.emulator.state.loginAudit.at(-1)?.reason, 'InvalidSignature');
  });

  test('without allowPrivateNetwork the loopback sandbox is a blocked destination', async () => {
    await assert.rejects(h.connect({ allowPrivateNetwork: false }).testConnection(), {
      code: 'BLOCKED_DESTINATION',
    });
  });

  test('listObjects and describeObject give the editor static field lists with references and custom fields', async () => {
    assert.deepEqual(await h.connector.listObjects(), [
      { name: 'customer', label: 'Customer' },
      { name: 'contact', label: 'Contact' },
    ]);
    const contact = await h.connector.describeObject('contact');
    assert.equal(contact.idField, 'id');
    assert.equal(contact.modifiedField, 'lastModifiedDate');
    const field = (name: string) => contact.fields.find((candidate) => candidate.name === name);
    assert.deepEqual(field('company'), {
      name: 'company',
      label: 'Company',
      type: 'reference',
      referenceTo: ['customer'],
    });
    assert.equal(field('externalId')?.externalId, true);
    assert.equal(field('lastModifiedDate')?.readOnly, true);
    assert.equal(field('custentity_sf_contact_id')?.label, 'Salesforce Contact ID');
    // Every described field can be read.
    const [page] = await collectAll(
      h.connector.read({ object: 'contact', pageSize: 1, fields: contact.fields.map((f) => f.name) }),
    );
    assert.deepEqual(Object.keys(page?.records[0] ?? {}).sort(), contact.fields.map((f) => f.name).sort());
    await assert.rejects(h.connector.describeObject('invoice'), { code: 'VALIDATION_FAILED' });
  });
});

describe('NetSuite connector: OAuth 2.0 client credentials', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({ seed: generateSeed({ companies: 4, contacts: 60 }) }, {}, 'oauth2');
  });
  after(() => h.close());

  const tokenCalls = async () =>
    (await h.admin('GET', '/stats')).calls['POST /services/rest/auth/oauth2/v1/token'] ?? 0;

  test('testConnection fetches a token with an ES256 assertion and names the method', async () => {
    const result = await h.connector.testConnection();
    assert.match(result.detail, /OAuth 2.0 client credentials/);
  });

  test('a token expiring in the middle of a read is replaced and no page is lost', async () => {
    const connector = h.connect();
    const before = await tokenCalls();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of connector.read({
      object: 'contact',
      pageSize: 10,
      incremental: { field: 'lastModifiedDate' },
    })) {
      ids.push(...page.records.map((record) => String(record['id'])));
      pages += 1;
      if (pages === 2) await h.admin('POST', '/faults', { expireTokens: true });
    }
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    assert.equal((await tokenCalls()) - before, 2);
    assert.equal(h.emulator.state.loginAudit.at(-1)?.reason, 'invalid_token');
  });

  test('concurrent writes that all meet the expired token share one refresh and all succeed', async () => {
    const connector = h.connect({ concurrency: 4 });
    await connector.testConnection();
    await h.admin('POST', '/faults', { expireTokens: true });
    const before = await tokenCalls();
    const results = await connector.upsertBatch({
      object: 'contact',
      operation: 'update',
      items: Array.from({ length: 8 }, (_, i) => ({
        ref: String(i),
        id: String(5000 + i),
        fields: { title: 'Refreshed' },
      })),
    });
    assert.ok(results.every((result) => result.ok));
    assert.equal((await tokenCalls()) - before, 1);
  });

  test('a key that does not match the certificate is AUTH_FAILED from the token endpoint', async () => {
    const other = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const connector = h.connect({}, 'oauth2', { privateKeyPem: other.privateKey });
    await assert.rejects(connector.testConnection(), (error) => {
      assert.ok(error instanceof ConnectorError);
      assert.deepEqual(
        [error.code, error.retryable, error.vendorCode],
        ['AUTH_FAILED', false, 'invalid_client'],
      );
      return true;
    });
  });

  test('RSA keys sign PS256 assertions', async () => {
    const rsa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const harness = await startHarness(
      {
        oauth2: {
          clientId: 'rsa-client',
          certificateId: 'rsa-cert',
          publicKeyPem: rsa.publicKey,
          privateKeyPem: rsa.privateKey,
        },
      },
      {},
      'oauth2',
    );
    try {
      assert.equal((await harness.connector.testConnection()).ok, true);
    } finally {
      await harness.close();
    }
  });
});

describe('NetSuite connector: realtime events', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({
      seed: generateSeed({ companies: 4, contacts: 10 }),
      webhookSecret: 'hook-secret',
    });
  });
  after(() => h.close());

  const sign = (body: string, secret = 'hook-secret') =>
    signHmac({ rawBody: body, secret, algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' });

  test('an event posted by the emulator (as a user-event script would) parses into the record the connector reads', async () => {
    const events: RecordEvent[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          events.push(
            ...(h.connector.parseWebhook?.({
              headers: request.headers,
              rawBody: Buffer.concat(chunks),
              url: request.url ?? '',
            }) ?? []),
          );
          response.statusCode = 204;
        } catch {
          response.statusCode = 401;
        }
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      await h.admin('POST', '/subscriptions', { url, secret: 'hook-secret', objects: ['contact'] });
      const created = await h.admin('POST', '/records/contact', {
        firstName: 'Katherine',
        lastName: 'Johnson',
        company: '1001',
      });
      await h.admin('PATCH', `/records/contact/${created.id}`, { email: 'kj@nasa.example' });
      await h.emulator.webhooks.settle();
      assert.deepEqual(
        events.map((event) => [event.kind, event.object, event.recordId]),
        [
          ['create', 'contact', created.id],
          ['update', 'contact', created.id],
        ],
      );
      const [page] = await collectAll(
        h.connector.read({ object: 'contact', pageSize: 10, ids: [created.id] }),
      );
      assert.deepEqual(events[1]?.record, page?.records[0]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a body that does not match its signature, or no signature, is WEBHOOK_SIGNATURE_INVALID', () => {
    const body = JSON.stringify({ eventId: 'e1', object: 'contact', kind: 'update', recordId: '5001' });
    const parse = (rawBody: string, signature?: string) =>
      h.connector.parseWebhook?.({
        headers: signature === undefined ? {} : { 'x-sandbox-signature': signature },
        rawBody: Buffer.from(rawBody),
        url: '/hooks',
      });
    assert.deepEqual(parse(body, sign(body)), [
      { eventId: 'e1', kind: 'update', object: 'contact', recordId: '5001' },
    ]);
    assert.throws(() => parse(body.replace('5001', '5002'), sign(body)), {
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    assert.throws(() => parse(body, sign(body, 'other')), { code: 'WEBHOOK_SIGNATURE_INVALID' });
    assert.throws(() => parse(body), { code: 'WEBHOOK_SIGNATURE_INVALID' });
  });

  test('a SuiteScript payload with plain ids and T/F is normalised; malformed events are refused', () => {
    const body = JSON.stringify([
      {
        eventId: 'e2',
        object: 'contact',
        kind: 'create',
        recordId: 77,
        record: { lastName: 'X', company: '1000', isInactive: 'F' },
      },
    ]);
    const [event] =
      h.connector.parseWebhook?.({
        headers: { 'x-sandbox-signature': sign(body) },
        rawBody: Buffer.from(body),
        url: '/',
      }) ?? [];
    assert.deepEqual(event?.record, { id: '77', lastName: 'X', company: { id: '1000' }, isInactive: false });
    const bad = JSON.stringify({ eventId: 'e3', object: 'contact', kind: 'upsert', recordId: '1' });
    assert.throws(
      () =>
        h.connector.parseWebhook?.({
          headers: { 'x-sandbox-signature': sign(bad) },
          rawBody: Buffer.from(bad),
          url: '/',
        }),
      { code: 'BAD_RESPONSE' },
    );
    const noSecret = createNetSuiteConnector({ accountId: '1' }, tbaSecrets);
    assert.throws(
      () =>
        noSecret.parseWebhook?.({
          headers: { 'x-sandbox-signature': sign(body) },
          rawBody: Buffer.from(body),
          url: '/',
        }),
      { code: 'VALIDATION_FAILED' },
    );
  });
});
