import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { verifyHmacSignature } from '@flowsync/connector-sdk';
import { generateSeed } from '../src/shared/seed-data.ts';
import { ADMIN, startSalesforce, type SalesforceHarness } from './salesforce-support.ts';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver for webhook deliveries. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Salesforce emulator: admin API, faults, limits and realtime events', () => {
  let sf: SalesforceHarness;
  let token: string;
  const seed = generateSeed({ companies: 5, contacts: 12, seed: 7 });

  before(async () => {
    sf = await startSalesforce({ seed, apiLimit: 1000 });
    token = await sf.token();
  });
  after(() => sf.close());
  beforeEach(async () => {
    await sf.admin('POST', '/reset');
  });

  it('starts with no accounts and two contacts, one with the email of a NetSuite seed contact', async () => {
    const contacts = await sf.admin<Record<string, unknown>[]>('GET', '/records/Contact');
    const accounts = await sf.admin<unknown[]>('GET', '/records/Account');
    assert.equal(accounts.body.length, 0);
    assert.equal(contacts.body.length, 2);
    const emails = new Set(seed.contacts.map((c) => c.email));
    const mirrored = contacts.body.filter((c) => emails.has(String(c['Email'])));
    assert.equal(mirrored.length, 1);
    const source = seed.contacts.find((c) => c.email === mirrored[0]?.['Email']);
    const company = seed.customers.find((c) => c.id === source?.companyId);
    assert.ok(
      company && !company.isInactive && !company.isPerson,
      'its company is one the accounts flow syncs',
    );
    assert.equal(mirrored[0]?.['Ext_Id__c'], null);
  });

  it('requires the admin header', async () => {
    const response = await sf.call('GET', '/__admin/stats');
    assert.equal(response.status, 401);
    const wrong = await sf.call('GET', '/__admin/stats', { headers: { 'x-sandbox-admin': 'guess' } });
    assert.equal(wrong.status, 401);
  });

  it('rate-limits the next N calls with 403 REQUEST_LIMIT_EXCEEDED, then recovers', async () => {
    await sf.admin('POST', '/faults', { rateLimitNext: 2 });
    for (let i = 0; i < 2; i++) {
      const refused = await sf.call('GET', `${sf.api()}/limits`, { token });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, [
        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]);
      assert.match(refused.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/1000$/);
    }
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 200);
    const tokenCall = await sf.tokenRequest({
      grant_type: 'client_credentials',
      client_id: '3MVG9sandbox.flowsync',
      client_secret: 'sandbox-client-secret',
    });
    assert.equal(tokenCall.status, 200, 'faults do not apply to the token endpoint');
  });

  it('fails the next N calls with the configured 5xx, and adds latency', async () => {
    await sf.admin('POST', '/faults', { failNext: 1 });
    const failed = await sf.call<{ errorCode: string }[]>('GET', `${sf.api()}/limits`, { token });
    assert.equal(failed.status, 503);
    assert.equal(failed.body[0]?.errorCode, 'SERVER_UNAVAILABLE');
    await sf.admin('POST', '/faults', { failNext: 1, serverErrorStatus: 500 });
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 500);
    await sf.admin('POST', '/faults', { latencyMs: 150 });
    const started = performance.now();
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 200);
    assert.ok(performance.now() - started >= 140);
    await sf.admin('POST', '/faults', { reset: true });
  });

  it('counts API usage in Sforce-Limit-Info and refuses calls beyond the daily limit', async () => {
    const first = await sf.call('GET', `${sf.api()}/limits`, { token });
    const second = await sf.call<{ DailyApiRequests: { Max: number; Remaining: number } }>(
      'GET',
      `${sf.api()}/limits`,
      { token },
    );
    assert.equal(first.headers.get('sforce-limit-info'), 'api-usage=1/1000');
    assert.equal(second.headers.get('sforce-limit-info'), 'api-usage=2/1000');
    assert.deepEqual(second.body.DailyApiRequests, { Max: 1000, Remaining: 998 });
    sf.emulator.state.apiUsage = 1000;
    const refused = await sf.call<{ errorCode: string }[]>('GET', `${sf.api()}/limits`, { token });
    assert.equal(refused.status, 403);
    assert.equal(refused.body[0]?.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    const stats = await sf.admin<{ calls: Record<string, number> }>('GET', '/stats');
    assert.equal(stats.body.calls['GET /services/data/:version/limits'], 3);
  });

  it('delivers signed realtime events for records created and edited through the admin API', async () => {
    const receiver = await startReceiver();
    try {
      const subscription = await sf.admin<{ id: string }>('POST', '/subscriptions', {
        url: receiver.url,
        secret: 'hook-secret',
        objects: ['Contact'],
      });
      assert.equal(subscription.status, 201);
      const created = await sf.admin<Record<string, unknown>>('POST', '/records/Contact', {
        LastName: 'Realtime',
        Email: 'rt@acme.example',
      });
      assert.equal(created.status, 201);
      await sf.admin('POST', '/records/Account', { Name: 'Not subscribed' });
      const updated = await sf.admin<Record<string, unknown>>(
        'PATCH',
        `/records/Contact/${String(created.body['Id'])}`,
        { Title: 'Buyer' },
      );
      assert.equal(updated.body['Title'], 'Buyer');
      await sf.emulator.webhooks.settle();

      assert.equal(receiver.deliveries.length, 2);
      const events = receiver.deliveries.map((d) => JSON.parse(d.body) as Record<string, unknown>);
      assert.deepEqual(
        events.map((e) => [e['system'], e['object'], e['kind'], e['recordId']]),
        [
          ['salesforce', 'Contact', 'create', created.body['Id']],
          ['salesforce', 'Contact', 'update', created.body['Id']],
        ],
      );
      assert.equal((events[1]?.['record'] as Record<string, unknown>)['Title'], 'Buyer');
      for (const delivery of receiver.deliveries) {
        const signature = delivery.headers['x-sandbox-signature'] as string;
        assert.ok(
          verifyHmacSignature({
            rawBody: delivery.body,
            signature,
            secret: 'hook-secret',
            algorithm: 'sha256',
            encoding: 'hex',
            prefix: 'sha256=',
          }),
        );
        assert.ok(
          !verifyHmacSignature({
            rawBody: delivery.body,
            signature,
            secret: 'other',
            algorithm: 'sha256',
            encoding: 'hex',
            prefix: 'sha256=',
          }),
        );
        assert.equal(
          delivery.headers['x-sandbox-event-id'],
          (JSON.parse(delivery.body) as { eventId: string }).eventId,
        );
      }
      assert.equal((await sf.admin('DELETE', `/subscriptions/${subscription.body.id}`)).status, 204);
      await sf.admin('POST', '/records/Contact', { LastName: 'After unsubscribe' });
      await sf.emulator.webhooks.settle();
      assert.equal(receiver.deliveries.length, 2);
    } finally {
      await receiver.close();
    }
  });

  it('refuses invalid admin writes with the Salesforce error', async () => {
    const invalid = await sf.admin<{ errorCode: string }[]>('POST', '/records/Contact', {
      FirstName: 'No last name',
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body[0]?.errorCode, 'REQUIRED_FIELD_MISSING');
    assert.equal((await sf.admin('POST', '/records/Lead', { LastName: 'x' })).status, 404);
  });

  it('applies admin validation rules until they are removed, so a fixed record can be retried', async () => {
    const rule = await sf.admin<{ id: string }>('POST', '/validation-rules', {
      object: 'Contact',
      field: 'Phone',
      pattern: '^\\+\\d[\\d ]+$',
      message: 'Phone must be in international format',
    });
    assert.equal(rule.status, 201);
    const bad = await sf.call<{ errorCode: string; fields: string[]; message: string }[]>(
      'POST',
      `${sf.api()}/sobjects/Contact`,
      { token, json: { LastName: 'Rule', Phone: '555-1234' } },
    );
    assert.deepEqual(bad.body, [
      {
        message: 'Phone must be in international format',
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        fields: ['Phone'],
      },
    ]);
    const fixed = await sf.call('POST', `${sf.api()}/sobjects/Contact`, {
      token,
      json: { LastName: 'Rule', Phone: '+1 555 1234' },
    });
    assert.equal(fixed.status, 201);
    assert.equal((await sf.admin('DELETE', `/validation-rules/${rule.body.id}`)).status, 204);
    assert.equal(
      (
        await sf.call('POST', `${sf.api()}/sobjects/Contact`, {
          token,
          json: { LastName: 'Rule', Phone: '555' },
        })
      ).status,
      201,
    );
    assert.equal(
      (await sf.admin('POST', '/validation-rules', { object: 'Contact', field: 'Nope', pattern: '.' }))
        .status,
      400,
    );
  });

  it('injects per-record faults such as UNABLE_TO_LOCK_ROW', async () => {
    await sf.admin('POST', '/record-faults', {
      object: 'Contact',
      statusCode: 'UNABLE_TO_LOCK_ROW',
      count: 1,
    });
    const response = await sf.call<{ success: boolean; errors: { statusCode: string }[] }[]>(
      'POST',
      `${sf.api()}/composite/sobjects`,
      {
        token,
        json: {
          records: [
            { attributes: { type: 'Contact' }, LastName: 'Locked' },
            { attributes: { type: 'Contact' }, LastName: 'Free' },
          ],
        },
      },
    );
    assert.deepEqual(
      response.body.map((r) => r.success),
      [false, true],
    );
    assert.equal(response.body[0]?.errors[0]?.statusCode, 'UNABLE_TO_LOCK_ROW');
  });

  it('resets to the seed with the same ids', async () => {
    const before = await sf.admin<Record<string, unknown>[]>('GET', '/records/Contact');
    await sf.call('POST', `${sf.api()}/sobjects/Contact`, { token, json: { LastName: 'Extra' } });
    await sf.admin('POST', '/reset');
    const after = await sf.admin<Record<string, unknown>[]>('GET', '/records/Contact');
    assert.deepEqual(after.body, before.body);
    const response = await fetch(`${sf.baseUrl}/__admin/stats`, { headers: ADMIN });
    assert.equal(((await response.json()) as { apiUsage: number }).apiUsage, 0);
  });
});
