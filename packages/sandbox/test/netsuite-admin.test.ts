import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyHmacSignature } from '@flowsync/connector-sdk';
import { errorCodeOf, startNetSuite, type NetSuiteHarness } from './helpers/netsuite-harness.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/netsuite`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('NetSuite emulator: governance and faults', () => {
  let ns: NetSuiteHarness;
  before(async () => {
    ns = await startNetSuite({ concurrencyLimit: 2 });
  });
  beforeEach(async () => {
    await ns.admin('POST', '/faults', { reset: true });
    await ns.admin('POST', '/reset');
  });
  after(() => ns.close());

  test('more concurrent requests than the account limit are refused with 429 CONCURRENCY_LIMIT_EXCEEDED', async () => {
    await ns.admin('POST', '/faults', { latencyMs: 150 });
    const results = await Promise.all(Array.from({ length: 5 }, () => ns.call('/record/v1/contact/5000')));
    const statuses = results.map((result) => result.status).sort();
    assert.deepEqual(statuses, [200, 200, 429, 429, 429]);
    const refused = results.find((result) => result.status === 429);
    assert.equal(refused?.body.title, 'Too Many Requests');
    assert.equal(errorCodeOf(refused as NonNullable<typeof refused>), 'CONCURRENCY_LIMIT_EXCEEDED');
    assert.equal(refused?.headers.get('retry-after'), null);
    const stats = (await ns.admin('GET', '/stats')).body;
    assert.equal(stats.refused.concurrency, 3);
    assert.equal(stats.inFlight, 0);
    // Slots are released: sequential calls go through.
    await ns.admin('POST', '/faults', { latencyMs: 0 });
    for (let i = 0; i < 4; i++) assert.equal((await ns.call('/record/v1/contact/5000')).status, 200);
  });

  test('rateLimitNext answers 429 that many times; failNext answers 5xx; both before authentication', async () => {
    await ns.admin('POST', '/faults', { rateLimitNext: 2, failNext: 1, serverErrorStatus: 502 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await ns.call('/record/v1/contact/5000', { auth: i === 0 ? false : {} })).status);
    assert.deepEqual(statuses, [429, 429, 502, 200]);
  });

  test('latencyMs delays API calls but not the admin API', async () => {
    await ns.admin('POST', '/faults', { latencyMs: 120 });
    const started = performance.now();
    await ns.call('/record/v1/contact/5000');
    assert.ok(performance.now() - started >= 110);
    const adminStarted = performance.now();
    await ns.admin('GET', '/stats');
    assert.ok(performance.now() - adminStarted < 100);
  });

  test('stats count calls by route', async () => {
    await ns.call('/record/v1/contact/5000');
    await ns.call('/record/v1/contact/5001');
    await ns.suiteql('SELECT id FROM contact');
    const stats = (await ns.admin('GET', '/stats')).body;
    assert.equal(stats.calls['GET /services/rest/record/v1/:type/:id'], 2);
    assert.equal(stats.calls['POST /services/rest/query/v1/suiteql'], 1);
  });
});

describe('NetSuite emulator: admin API and realtime events', () => {
  let ns: NetSuiteHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    ns = await startNetSuite();
    receiver = await startReceiver();
  });
  after(async () => {
    await ns.close();
    await receiver.close();
  });

  test('the admin API needs the admin token', async () => {
    assert.equal((await ns.admin('GET', '/stats', undefined, 'wrong')).status, 401);
    assert.equal((await ns.admin('GET', '/records/contact')).status, 200);
  });

  test('records are listed in the connector shape', async () => {
    const contacts = (await ns.admin('GET', '/records/contact')).body;
    assert.equal(contacts.length, 60);
    assert.deepEqual(Object.keys(contacts[0]).sort(), [
      'company',
      'custentity_sf_contact_id',
      'dateCreated',
      'email',
      'entityId',
      'externalId',
      'firstName',
      'id',
      'isInactive',
      'lastModifiedDate',
      'lastName',
      'phone',
      'subsidiary',
      'title',
    ]);
    assert.equal((await ns.admin('GET', '/records/invoice')).status, 404);
  });

  test('a create and an update made as a user fire signed events to subscribers of that object only', async () => {
    const subscribed = await ns.admin('POST', '/subscriptions', {
      url: receiver.url,
      secret: 's3cret',
      objects: ['contact'],
    });
    assert.equal(subscribed.status, 201);
    const created = await ns.admin('POST', '/records/contact', {
      firstName: 'Grace',
      lastName: 'Hopper',
      company: '1000',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.company, { id: '1000' });
    const updated = await ns.admin('PATCH', `/records/contact/${created.body.id}`, { title: 'Admiral' });
    assert.equal(updated.body.title, 'Admiral');
    await ns.admin('PATCH', '/records/customer/1000', { phone: '+1 555 9999' });
    // API changes do not fire events (the user-event script is deployed for the UI context).
    await ns.call(`/record/v1/contact/${created.body.id}`, {
      method: 'PATCH',
      body: { title: 'Rear Admiral' },
    });
    await ns.emulator.webhooks.settle();

    assert.equal(receiver.deliveries.length, 2);
    const [first, second] = receiver.deliveries.map((delivery) => {
      const signature = delivery.headers['x-sandbox-signature'] as string;
      assert.ok(
        verifyHmacSignature({
          rawBody: delivery.body,
          signature,
          secret: 's3cret',
          algorithm: 'sha256',
          encoding: 'hex',
          prefix: 'sha256=',
        }),
      );
      return JSON.parse(delivery.body);
    });
    assert.deepEqual([first.kind, first.object, first.recordId], ['create', 'contact', created.body.id]);
    assert.deepEqual(first.record, created.body);
    assert.deepEqual([second.kind, second.record.title], ['update', 'Admiral']);
    assert.equal(receiver.deliveries[0]?.headers['x-sandbox-event-id'], first.eventId);

    const unsubscribe = await ns.admin('DELETE', `/subscriptions/${subscribed.body.id}`);
    assert.equal(unsubscribe.status, 204);
    await ns.admin('PATCH', `/records/contact/${created.body.id}`, { title: 'Retired' });
    await ns.emulator.webhooks.settle();
    assert.equal(receiver.deliveries.length, 2);
  });

  test('admin changes are validated like the UI would, and reset restores the seed', async () => {
    const invalid = await ns.admin('POST', '/records/contact', { firstName: 'Nameless' });
    assert.equal(invalid.status, 400);
    assert.equal(errorCodeOf(invalid), 'USER_ERROR');
    assert.equal((await ns.admin('PATCH', '/records/contact/424242', { title: 'x' })).status, 404);
    await ns.admin('POST', '/records/customer', { companyName: 'Extra', subsidiary: '1' });
    assert.equal((await ns.admin('GET', '/records/customer')).body.length, 21);
    await ns.admin('POST', '/reset');
    assert.equal((await ns.admin('GET', '/records/customer')).body.length, 20);
  });
});
