import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { collectAll, ConnectorError, signHmac, type HttpErrorResponse } from '@flowsync/connector-sdk';
import {
  classifySalesforceError,
  createSalesforceConnector,
  salesforceConnectorDefinition,
} from '../src/index.ts';
import { startHarness, type Harness } from './salesforce-harness.ts';

function validationError(fn: () => unknown, field: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.match(error.message, field);
    return true;
  });
}

describe('Salesforce connector: settings, auth kinds, connection test, describe', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('validates settings and names the field at fault', () => {
    const { config, secrets } = h.connection;
    validationError(() => createSalesforceConnector({ ...config, clientId: undefined }, secrets), /clientId/);
    validationError(
      () => createSalesforceConnector({ ...config, apiVersion: '45.0' }, secrets),
      /apiVersion/,
    );
    validationError(
      () => createSalesforceConnector({ ...config, apiVersion: 'latest' }, secrets),
      /apiVersion/,
    );
    validationError(
      () => createSalesforceConnector({ ...config, authKind: 'password' }, secrets),
      /authKind/,
    );
    validationError(
      () => createSalesforceConnector({ ...config, loginUrl: 'not a url' }, secrets),
      /loginUrl/,
    );
    validationError(() => createSalesforceConnector(config, {}), /clientSecret/);
    validationError(
      () => createSalesforceConnector({ ...config, authKind: 'jwtBearer' }, { clientSecret: 'x' }),
      /privateKeyPem/,
    );
    validationError(
      () => createSalesforceConnector({ ...config, authKind: 'refreshToken' }, { clientSecret: 'x' }),
      /refreshToken/,
    );
    assert.equal(salesforceConnectorDefinition.kind, 'salesforce');
    assert.deepEqual([...salesforceConnectorDefinition.secretKeys].sort(), [
      'clientSecret',
      'privateKeyPem',
      'refreshToken',
      'webhookSecret',
    ]);
    assert.equal(salesforceConnectorDefinition.create(config, secrets).maxBatchSize, 200);
  });

  it('refuses to call a private address unless allowed (SSRF guard)', async () => {
    const connector = h.connect({ allowPrivateNetwork: false });
    await assert.rejects(
      connector.testConnection(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'BLOCKED_DESTINATION',
    );
  });

  it('tests the connection and names the user and the org', async () => {
    const result = await h.connector.testConnection();
    assert.equal(result.ok, true);
    assert.match(
      result.detail,
      /^Connected as integration@flowsync\.sandbox \(org 00DHs0000000001EAA\) at http:\/\/127\.0\.0\.1:\d+; API usage \d+\/15000$/,
    );
  });

  it('fails the connection test with AUTH_FAILED for a wrong secret', async () => {
    const connector = h.connect({}, { clientSecret: 'wrong' });
    await assert.rejects(connector.testConnection(), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'AUTH_FAILED');
      assert.equal(error.retryable, false);
      assert.equal(error.vendorCode, 'invalid_client');
      return true;
    });
  });

  it('authenticates with the JWT bearer flow (RS256, the emulator verifies the signature)', async () => {
    const connector = h.connect({ authKind: 'jwtBearer' });
    const pages = await collectAll(connector.read({ object: 'Account', fields: ['Id'], pageSize: 200 }));
    assert.equal(pages.length, 0);
    assert.match((await connector.testConnection()).detail, /integration@flowsync\.sandbox/);
    const intruder = h.connect({ authKind: 'jwtBearer', username: 'someone@else.example' });
    await assert.rejects(
      intruder.testConnection(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_FAILED',
    );
  });

  it('authenticates with a refresh token, and refreshes again after the session expires', async () => {
    const connector = h.connect({ authKind: 'refreshToken' }, { clientSecret: '' });
    await connector.testConnection();
    await h.admin('POST', '/faults', { expireTokens: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const found = await connector.lookup({
      object: 'Contact',
      field: 'LastName',
      values: ['Salesforce-Only'],
    });
    assert.equal(found.get('Salesforce-Only')?.length, 1);
  });

  it('lists objects and describes one for the field pickers', async () => {
    assert.deepEqual(await h.connector.listObjects(), [
      { name: 'Account', label: 'Account' },
      { name: 'Contact', label: 'Contact' },
    ]);
    const contact = await h.connector.describeObject('Contact');
    assert.equal(contact.idField, 'Id');
    assert.equal(contact.modifiedField, 'SystemModstamp');
    const field = (name: string) => contact.fields.find((f) => f.name === name);
    assert.deepEqual(field('LastName'), {
      name: 'LastName',
      label: 'Last Name',
      type: 'string',
      required: true,
    });
    assert.deepEqual(field('Ext_Id__c'), {
      name: 'Ext_Id__c',
      label: 'External ID',
      type: 'string',
      externalId: true,
    });
    assert.deepEqual(field('AccountId'), {
      name: 'AccountId',
      label: 'Account ID',
      type: 'reference',
      referenceTo: ['Account'],
    });
    assert.equal(field('SystemModstamp')?.readOnly, true);
    assert.equal(field('SystemModstamp')?.type, 'datetime');
    assert.equal(field('OwnerId')?.required, undefined, 'defaulted on create');
    assert.equal(field('Id')?.type, 'id');
    const account = await h.connector.describeObject('Account');
    assert.ok(account.fields.find((f) => f.name === 'Industry')?.picklistValues?.includes('Technology'));
    await assert.rejects(
      h.connector.describeObject('Lead'),
      (error: unknown) => error instanceof ConnectorError && error.code === 'RECORD_NOT_FOUND',
    );
  });
});

describe('Salesforce connector: webhooks', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('verifies and parses the realtime events the emulator delivers', async () => {
    const received: {
      headers: Record<string, string | string[] | undefined>;
      rawBody: Buffer;
      url: string;
    }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, rawBody: Buffer.concat(chunks), url: request.url ?? '' });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/salesforce`;
      await h.admin('POST', '/subscriptions', {
        url,
        secret: h.connection.secrets['webhookSecret'],
        objects: ['Contact'],
      });
      const created = await h.admin<Record<string, unknown>>('POST', '/records/Contact', {
        LastName: 'Webhook',
        Email: 'wh@acme.example',
      });
      await h.emulator.webhooks.settle();
      assert.equal(received.length, 1);
      const events = h.connector.parseWebhook?.(received[0] as (typeof received)[number]) ?? [];
      assert.equal(events.length, 1);
      const [event] = events;
      assert.equal(event?.kind, 'create');
      assert.equal(event?.object, 'Contact');
      assert.equal(event?.recordId, created['Id']);
      assert.equal(event?.record?.['Email'], 'wh@acme.example');
      assert.equal(event?.record?.['attributes'], undefined);
      assert.equal(typeof event?.eventId, 'string');

      const tampered = {
        ...(received[0] as (typeof received)[number]),
        rawBody: Buffer.from(received[0]?.rawBody.toString().replace('Webhook', 'Hacked') ?? ''),
      };
      assert.throws(
        () => h.connector.parseWebhook?.(tampered),
        (error: unknown) => error instanceof ConnectorError && error.code === 'WEBHOOK_SIGNATURE_INVALID',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('accepts a batch of events and rejects a malformed or unsigned one', () => {
    const secret = h.connection.secrets['webhookSecret'] ?? '';
    const sign = (body: string) => ({
      headers: {
        'x-flowsync-signature': signHmac({
          rawBody: body,
          secret,
          algorithm: 'sha256',
          encoding: 'hex',
          prefix: 'sha256=',
        }),
      },
      rawBody: Buffer.from(body),
      url: '/hook',
    });
    const batch = JSON.stringify({
      events: [
        { eventId: 'e1', object: 'Contact', kind: 'update', recordId: '003Hs0000000001IAA' },
        {
          eventId: 'e2',
          object: 'Contact',
          kind: 'delete',
          recordId: '003Hs0000000002IAA',
          occurredAt: '2026-01-01T00:00:00Z',
        },
      ],
    });
    const events = h.connector.parseWebhook?.(sign(batch)) ?? [];
    assert.deepEqual(
      events.map((e) => [e.eventId, e.kind, e.record]),
      [
        ['e1', 'update', undefined],
        ['e2', 'delete', undefined],
      ],
    );
    assert.throws(
      () =>
        h.connector.parseWebhook?.(
          sign(JSON.stringify({ eventId: 'e3', object: 'Contact', kind: 'merge', recordId: 'x' })),
        ),
      /kind/,
    );
    assert.throws(
      () => h.connector.parseWebhook?.({ headers: {}, rawBody: Buffer.from(batch), url: '/' }),
      (error: unknown) => error instanceof ConnectorError && error.code === 'WEBHOOK_SIGNATURE_INVALID',
    );
    const noSecret = h.connect({}, { webhookSecret: '' });
    assert.throws(() => noSecret.parseWebhook?.(sign(batch)), /No webhook secret/);
  });
});

describe('classifySalesforceError', () => {
  const response = (
    status: number,
    body: unknown,
    extra: Partial<HttpErrorResponse> = {},
  ): HttpErrorResponse => ({
    method: 'GET',
    url: 'https://acme.my.salesforce.com/services/data/v62.0/query',
    status,
    headers: {},
    body,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    retryAfterMs: undefined,
    ...extra,
  });
  const classify = (r: HttpErrorResponse): ConnectorError => {
    const error = classifySalesforceError(r);
    assert.ok(error instanceof ConnectorError);
    return error;
  };

  it('maps Salesforce error codes rather than bare statuses', () => {
    const limit = classify(
      response(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]),
    );
    assert.deepEqual([limit.code, limit.retryable], ['RATE_LIMITED', true]);
    const denied = classify(response(403, [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'no' }]));
    assert.deepEqual([denied.code, denied.retryable], ['PERMISSION_DENIED', false]);
    assert.equal(
      classify(response(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]))
        .code,
      'AUTH_EXPIRED',
    );
    assert.equal(
      classify(
        response(300, [
          '/services/data/v62.0/sobjects/Contact/003a',
          '/services/data/v62.0/sobjects/Contact/003b',
        ]),
      ).code,
      'MULTIPLE_MATCHES',
    );
    assert.equal(
      classify(response(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]))
        .code,
      'RECORD_NOT_FOUND',
    );
    const lock = classify(
      response(400, [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' }]),
    );
    assert.equal(lock.retryable, true);
    const duplicate = classify(
      response(400, [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found', fields: [] }]),
    );
    assert.equal(duplicate.code, 'DUPLICATE');
    const validation = classify(
      response(400, [
        { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Phone!', fields: ['Phone'] },
      ]),
    );
    assert.deepEqual(
      [validation.code, validation.fields, validation.vendorCode],
      ['TARGET_VALIDATION', ['Phone'], 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
    );
  });

  it('falls back to the status for unknown codes and non-Salesforce bodies', () => {
    const unknown = classify(response(503, [{ errorCode: 'SOMETHING_NEW', message: 'later' }]));
    assert.deepEqual(
      [unknown.code, unknown.retryable, unknown.vendorCode],
      ['SERVER_ERROR', true, 'SOMETHING_NEW'],
    );
    assert.equal(classify(response(502, '<html>Bad gateway</html>')).code, 'SERVER_ERROR');
    assert.equal(classify(response(429, 'slow down', { retryAfterMs: 2000 })).retryAfterMs, 2000);
  });
});
